import { createServer, type Server } from 'node:net';
import { Writable } from 'node:stream';
import { Schema } from 'mongoose';
import { connectMongo, errorReason, mongoUnreachable } from '../../src/store/connection';
import { createLogger, SecretScrubber } from '../../src/log';
import { createTestDatabase, type TestDatabase } from '../fakes/mongo/testDb';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

const logger = (out = new Capture()) => createLogger({ level: 'debug', format: 'json', scrubber: new SecretScrubber(), destination: out });

/** A port nobody listens on: bind one, note it, close it. */
async function unusedPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('connectMongo when MongoDB is unreachable', () => {
  test('answers a clear error value naming the URI without its password and what to do', async () => {
    const port = await unusedPort();
    const uri = `mongodb://bot:topsecretpw@127.0.0.1:${port}/autoppm`;
    const r = await connectMongo(uri, { logger: logger(), serverSelectionTimeoutMS: 500, connectTimeoutMS: 500 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.kind).toBe('mongo-unreachable');
    expect(r.error.uri).toBe(`mongodb://bot:***@127.0.0.1:${port}/autoppm`);
    expect(r.error.message).toMatch(
      new RegExp(`^cannot reach MongoDB at mongodb://bot:\\*\\*\\*@127\\.0\\.0\\.1:${port}/autoppm: .*ECONNREFUSED.*; set MONGODB_URI or run \`docker compose up -d mongo\`$`),
    );
    expect(r.error.message).not.toContain('topsecretpw');
    expect(r.error.message).not.toContain('\n');
  });

  test('helpers keep reasons on one line and masked', () => {
    expect(errorReason(new Error('first\n  second\n'))).toBe('first second');
    expect(errorReason(new Error('auth failed for mongodb://a:b@h/x'))).toBe('auth failed for mongodb://a:***@h/x');
    expect(mongoUnreachable('mongodb://h:1/x', 'timed out', 'do this').message).toBe('cannot reach MongoDB at mongodb://h:1/x: timed out; do this');
  });
});

describe('connectMongo against a MongoDB server', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('connection');
  });
  afterAll(async () => {
    await db?.drop();
  });

  test('connects, logs it, answers pings, works with models on its connection and closes', async () => {
    const out = new Capture();
    const r = await connectMongo(db.uri, { logger: logger(out) });
    if (!r.ok) throw new Error(r.error.message);
    const store = r.value;
    try {
      expect(store.isConnected()).toBe(true);
      expect(await store.ping()).toBe(true);
      const Note = store.connection.model('ConnectionTestNote', new Schema({ text: { type: String, required: true } }));
      await Note.create({ text: 'hello' });
      expect(await Note.countDocuments({ text: 'hello' })).toBe(1);
      expect(out.text).toContain('MongoDB connected');
    } finally {
      await store.close();
    }
    expect(store.isConnected()).toBe(false);
    expect(await store.ping()).toBe(false);
    expect(out.text).toContain('MongoDB connection closed');
  });
});
