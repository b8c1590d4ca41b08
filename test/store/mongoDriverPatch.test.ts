/**
 * patches/mongodb+7.9.1.patch, applied by `npm ci` (patch-package, package.json's postinstall): the driver's
 * connection no longer waits for ever on a socket that is closed or closing.
 *
 * Found in test/reliability/databaseOutage.test.ts, which failed now and then under the full suite's load: after
 * MongoDB was back, the bot's client never saw it again. Node destroys a socket whose peer closed (the outage) a
 * moment before it emits 'close', which is when the driver's connection learns of it; the driver's monitor wrote its
 * heartbeat to the socket in that moment, the write returned false without an error, and the driver waited for a
 * 'drain' that never comes — the monitor's check never ended, so the server stayed Unknown and no operation could
 * select it again. Reproduced outside the test (the outage relay cut and restored 40 times while 8 writers ran and
 * three busy loops loaded the machine): stuck in each of 5 runs without the patch (at round 0 or 12 where shown), in
 * none of 3 with it, though the write to a destroyed monitor socket happened in each of them.
 *
 * The two cases below make that state on purpose, on the driver's own Connection (reached through its internal
 * module, as that is where the patch is): each hangs — fails by the 3 s guard — without the patch.
 */
import { createServer, createConnection, type Server, type Socket } from 'node:net';
import { MongoNetworkError } from 'mongodb';

interface DriverConnection {
  readonly closed: boolean;
  command(ns: unknown, command: Record<string, unknown>, options: Record<string, unknown>): Promise<unknown>;
}
/* eslint-disable @typescript-eslint/no-require-imports -- the driver's internals have no public import */
const { makeConnection } = require('mongodb/lib/cmap/connect') as { makeConnection: (options: Record<string, unknown>, socket: Socket) => DriverConnection };
const { ns } = require('mongodb/lib/utils') as { ns: (namespace: string) => unknown };
/* eslint-enable @typescript-eslint/no-require-imports */

/** A TCP peer that accepts and never reads nor answers (a MongoDB that went quiet). */
async function silentPeer(): Promise<{ server: Server; port: number; peers: Socket[] }> {
  const peers: Socket[] = [];
  const server = createServer((s) => {
    s.pause();
    peers.push(s);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const a = server.address();
  if (a === null || typeof a === 'string') throw new Error('no port');
  return { server, port: a.port, peers };
}

async function connectedSocket(port: number): Promise<Socket> {
  const socket = createConnection({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  return socket;
}

/** The command's outcome, or 'still waiting' after 3 s. */
async function settled(p: Promise<unknown>): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise((resolve) => {
    timer = setTimeout(() => resolve('still waiting after 3 s'), 3_000);
  });
  try {
    return await Promise.race([p.then(() => 'answered', (e: unknown) => e), guard]);
  } finally {
    clearTimeout(timer);
  }
}

describe('the MongoDB driver patch: a connection does not wait for ever on a closed socket', () => {
  let peer: Awaited<ReturnType<typeof silentPeer>>;
  beforeAll(async () => {
    peer = await silentPeer();
  });
  afterAll(async () => {
    for (const s of peer.peers) s.destroy();
    await new Promise<void>((resolve) => peer.server.close(() => resolve()));
  });

  test('a command written to a socket destroyed before its close was heard fails at once', async () => {
    const socket = await connectedSocket(peer.port);
    const connection = makeConnection({ id: 1, generation: 0 }, socket);
    // Destroyed, 'close' still to come: the moment the monitor wrote its heartbeat in.
    socket.destroy();
    const outcome = await settled(connection.command(ns('admin.$cmd'), { ping: 1 }, {}));
    expect(outcome).toBeInstanceOf(MongoNetworkError);
    expect(connection.closed).toBe(true);
  });

  test('a command waiting for the socket to drain fails when the socket closes', async () => {
    const socket = await connectedSocket(peer.port);
    const connection = makeConnection({ id: 2, generation: 0 }, socket);
    // 8 MB to a peer that does not read: more than the kernel's buffers take, so the write waits for 'drain'.
    const pending = connection.command(ns('db.c'), { insert: 'c', documents: [{ s: 'x'.repeat(8_000_000) }] }, {});
    while (socket.writableLength === 0) await new Promise((r) => setTimeout(r, 5));
    socket.destroy();
    const outcome = await settled(pending);
    expect(outcome).toBeInstanceOf(MongoNetworkError);
    expect(connection.closed).toBe(true);
  });
});
