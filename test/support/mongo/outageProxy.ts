/**
 * A TCP relay in front of a MongoDB (the test server or a real one) that a test can cut and restore: `cut()` drops
 * every connection and stops listening (MongoDB is unreachable), `restore()` listens again on the same port (it
 * is back, with its data). The bot connects to `uri` (the database URI with the relay's port).
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

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
  let server: Server | undefined;
  let listenPort = 0;
  const listen = async (): Promise<void> => {
    const s = createServer((client) => {
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
      s.once('error', reject);
      s.listen(listenPort, '127.0.0.1', () => resolve());
    });
    const a = s.address();
    if (a === null || typeof a === 'string') throw new Error('the outage proxy got no port');
    listenPort = a.port;
    server = s;
  };
  const cut = async (): Promise<void> => {
    const s = server;
    server = undefined;
    for (const x of sockets) x.destroy();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };
  await listen();
  return { uri: `mongodb://${auth ?? ''}127.0.0.1:${listenPort}${rest ?? '/'}`, cut, restore: listen, close: cut };
}
