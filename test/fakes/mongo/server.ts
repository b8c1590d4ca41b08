/**
 * The in-memory MongoDB wire-protocol test server: real protocol on 127.0.0.1 for the real driver,
 * mongoose and Agenda. For tests and development only; everything lives in memory and is lost on close.
 */
import { createServer, type Socket } from 'node:net';
import type { Document } from 'bson';
import { CursorRegistry } from './cursors';
import { dispatch, type ConnectionState } from './dispatcher';
import { Storage } from './storage';
import { completeMessageLength, encodeMsg, encodeReply, OP_QUERY, parseRequest } from './wire';

export interface MongoTestServer {
  /** `mongodb://127.0.0.1:<port>/` */
  readonly uri: string;
  readonly port: number;
  close(): Promise<void>;
}

export interface MongoTestServerOptions {
  /** TCP port on 127.0.0.1; 0 or absent picks a free one. */
  readonly port?: number;
}

function serveConnection(socket: Socket, conn: ConnectionState): void {
  let pending: Buffer = Buffer.alloc(0);
  let nextResponseId = 1;
  socket.setNoDelay(true);
  socket.on('data', (chunk: Buffer) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    try {
      for (let len = completeMessageLength(pending); len > 0; len = completeMessageLength(pending)) {
        const req = parseRequest(pending.subarray(0, len));
        pending = pending.subarray(len);
        const reply: Document = dispatch(req.command, req.db, conn);
        if (req.moreToCome) continue;
        const responseId = nextResponseId++;
        socket.write(req.opCode === OP_QUERY ? encodeReply(responseId, req.requestId, reply) : encodeMsg(responseId, req.requestId, reply));
      }
    } catch (err) {
      // A framing error leaves the stream unusable: drop the connection as mongod does.
      socket.destroy(err instanceof Error ? err : new Error(String(err)));
    }
  });
  socket.on('error', () => socket.destroy());
}

export async function startMongoTestServer(options: MongoTestServerOptions = {}): Promise<MongoTestServer> {
  const storage = new Storage();
  const cursors = new CursorRegistry();
  const sockets = new Set<Socket>();
  let connectionIds = 0;
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    serveConnection(socket, { storage, cursors, connectionId: ++connectionIds });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the MongoDB test server did not get a TCP port');
  const port = address.port;
  return {
    uri: `mongodb://127.0.0.1:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        cursors.clear();
        server.close(() => resolve());
      }),
  };
}
