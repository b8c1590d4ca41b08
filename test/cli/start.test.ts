import { createServer } from 'node:net';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { createTestDatabase, type TestDatabase } from '../fakes/mongo/testDb';
import { CLI_TEST_TIMEOUT_MS, runCli, scratchDir, spawnCli } from './runCli';

const WAYS = ['MONGODB_URI', '`docker compose up -d mongo`', 'MONGOMS_SYSTEM_BINARY=/path/to/mongod'];

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('autoppm start', () => {
  jest.setTimeout(CLI_TEST_TIMEOUT_MS);
  test('without MONGODB_URI, when mongod cannot be downloaded, exits 1 naming every way to provide MongoDB', async () => {
    const cwd = scratchDir();
    const port = await closedPort();
    const r = await runCli(['start'], {
      HTTP_PORT: '0',
      MONGOMS_DOWNLOAD_DIR: join(cwd, 'mongod-cache'),
      MONGOMS_USE_HTTP: 'true',
      MONGOMS_DOWNLOAD_URL: `http://127.0.0.1:${port}/mongodb-linux-x86_64-debian12-8.2.6.tgz`,
      MONGOMS_MAX_RETRIES: '1',
    }, cwd);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`MongoDB: embedded mongod, data in ./data/mongo (no MONGODB_URI)`);
    expect(r.stderr).toMatch(/^AutoPPM cannot start: cannot start the embedded MongoDB \(mongod could not be found or downloaded: .*ECONNREFUSED.*\); provide MongoDB in one of these ways:/);
    for (const way of WAYS) expect(r.stderr).toContain(way);
    expect(r.stderr).not.toMatch(/\n[ \t]+at /);
  });

  test('MONGOMS_SYSTEM_BINARY at a missing path fails fast with the same guidance', async () => {
    const r = await runCli(['start'], { HTTP_PORT: '0', MONGOMS_SYSTEM_BINARY: '/nonexistent/bin/mongod' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('/nonexistent/bin/mongod');
    for (const way of WAYS) expect(r.stderr).toContain(way);
    expect(r.stderr).not.toMatch(/\n[ \t]+at /);
  });

  test('an unreachable MONGODB_URI exits 1 with the MongoDB message, password masked', async () => {
    const port = await closedPort();
    const r = await runCli(['start'], { HTTP_PORT: '0', MONGODB_URI: `mongodb://bot:sekritpw@127.0.0.1:${port}/autoppm?serverSelectionTimeoutMS=300` });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(`^AutoPPM cannot start: cannot reach MongoDB at mongodb://bot:\\*\\*\\*@127\\.0\\.0\\.1:${port}/autoppm\\?serverSelectionTimeoutMS=300: .*; set MONGODB_URI or run \`docker compose up -d mongo\``),
    );
    expect(`${r.stdout}${r.stderr}`).not.toContain('sekritpw');
  });

  test('a worker needs a shared MONGODB_URI', async () => {
    const r = await runCli(['start', '--worker'], { HTTP_PORT: '0' });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Process: worker');
    expect(r.stderr).toMatch(/set MONGODB_URI to the same database as the main process/);
  });

  describe('with MongoDB', () => {
    const API_TOKEN = 'cli-start-api-token-0123456789';
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase('cli_start');
    });
    afterAll(async () => {
      await db?.drop();
    });

    test('serves /health, then shuts down cleanly on SIGTERM with exit code 0', async () => {
      const child = spawnCli(['start'], { MONGODB_URI: db.uri, HTTP_PORT: '0', LOG_FORMAT: 'json', API_TOKEN });
      let stdout = '';
      let stderr = '';
      child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
      const port = await new Promise<number>((resolve, reject) => {
        child.stdout?.on('data', (d: Buffer) => {
          stdout += d.toString();
          const m = /"port":(\d+),"msg":"HTTP server listening"/.exec(stdout);
          if (m) resolve(Number(m[1]));
        });
        child.on('close', (code) => reject(new Error(`exited ${code} before listening: ${stderr}`)));
      });
      // The bot schedules its repeating jobs (the end-to-end tests, on a shifted clock, do not: engineStack's `schedule`).
      const client = await MongoClient.connect(db.uri, { serverSelectionTimeoutMS: 5000 });
      try {
        const summary = await client.db().collection('agendaJobs').findOne({ name: 'end-of-day-summary' });
        expect(summary).toMatchObject({ repeatInterval: expect.any(String), repeatTimezone: 'Asia/Kolkata' });
      } finally {
        await client.close();
      }
      const health = await fetch(`http://127.0.0.1:${port}/health`);
      // Status and body together, so that a failure shows which check was down.
      expect({ status: health.status, body: await health.json() }).toMatchObject({ status: 200, body: { status: 'ok', checks: { mongo: { status: 'up' }, agenda: { status: 'up' } } } });

      // A job run leaves Agenda's lock-check timer (lockLifetime/2 = 5 min) behind; the process must exit anyway.
      const run = await fetch(`http://127.0.0.1:${port}/api/v1/jobs/risk-scan/run`, { method: 'POST', headers: { authorization: `Bearer ${API_TOKEN}` } });
      expect({ status: run.status, body: await run.json() }).toMatchObject({ status: 200, body: { name: 'risk-scan' } });

      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(stdout).toContain('"msg":"AutoPPM stopped"');
      expect(stdout).toContain('MongoDB connection closed');
      expect(stderr).toBe('');
    });
  });
});
