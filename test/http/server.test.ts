import { createServer } from 'node:net';
import { HealthRegistry } from '../../src/http/health';
import { startHttpServer } from '../../src/http/server';
import { createLogger, SecretScrubber } from '../../src/log';
import { connectMongo } from '../../src/store/connection';
import { createTestDatabase, type TestDatabase } from '../fakes/mongo/testDb';

const logger = createLogger({ level: 'silent', format: 'json', scrubber: new SecretScrubber() });

describe('HTTP /health', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('http_health');
  });
  afterAll(async () => {
    await db?.drop();
  });

  test('200 with the mongo check up, 503 once MongoDB is gone', async () => {
    const store = await connectMongo(db.uri, { logger });
    if (!store.ok) throw new Error(store.error.message);
    const health = new HealthRegistry();
    health.register('mongo', async () => ((await store.value.ping()) ? { status: 'up' } : { status: 'down', detail: 'no answer' }));
    const server = await startHttpServer({ host: '127.0.0.1', port: 0, health, logger });
    if (!server.ok) throw new Error(server.error);
    try {
      expect(server.value.port).toBeGreaterThan(0);
      const up = await fetch(`${server.value.url}/health`);
      expect(up.status).toBe(200);
      expect(await up.json()).toEqual({ status: 'ok', checks: { mongo: { status: 'up' } } });

      await store.value.close();
      const down = await fetch(`${server.value.url}/health`);
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({ status: 'down', checks: { mongo: { status: 'down', detail: 'no answer' } } });

      expect((await fetch(`${server.value.url}/nope`)).status).toBe(404);
    } finally {
      await server.value.close();
      await store.value.close();
    }
  });

  test('a port in use is an error value that says what to do', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const r = await startHttpServer({ host: '127.0.0.1', port, health: new HealthRegistry(), logger });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toBe(`cannot listen on 127.0.0.1:${port} (the port is already in use); set HTTP_PORT or HTTP_HOST to a free address`);
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });
});
