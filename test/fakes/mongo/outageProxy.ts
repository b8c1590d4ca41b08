/**
 * A TCP relay in front of a MongoDB (the test server or a real one) that a test can cut and restore: `cut()` drops
 * every connection and from then on drops each new one at once (MongoDB is unreachable), `restore()` relays again
 * (it is back, with its data). The relay keeps its port while cut, so no other process can take it meanwhile. The
 * bot connects to `uri` (the database URI with the relay's port).
 */
import { createConnection, createServer, type Socket } from 'node:net';

export interface OutageProxy {
  readonly uri: string;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startOutageProxy(targetUri: string): Promise<OutageProxy> {
  const m = /^mongodb:\/\/([^@/]*@)?([^/:?@]+):(\d+)(\/.*)?$/.exec(targetUri);
  if (!m) throw new Error('the outage proxy needs a mongodb://[user:password@]host:port URI');
  const [, auth, host, port, rest] = m;
  const sockets = new Set<Socket>();
  let down = false;
  const server = createServer((client) => {
    if (down) {
      client.destroy();
      return;
    }
    const upstream = createConnection({ host: host!, port: Number(port) });
    for (const x of [client, upstream]) {
      sockets.add(x);
      x.on('close', () => sockets.delete(x));
      x.on('error', () => undefined);
    }
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const a = server.address();
  if (a === null || typeof a === 'string') throw new Error('the outage proxy got no port');
  const cut = async (): Promise<void> => {
    down = true;
    for (const x of sockets) x.destroy();
  };
  return {
    uri: `mongodb://${auth ?? ''}127.0.0.1:${a.port}${rest ?? '/'}`,
    cut,
    restore: async () => {
      down = false;
    },
    close: async () => {
      await cut();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
