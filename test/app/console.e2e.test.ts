/**
 * `autoppm start` with no Telegram token and piped stdin: the console answers each command on stdout and the
 * process shuts down cleanly (exit 0) at the end of the input. Runs the real CLI against the MongoDB test server.
 */
import { spawn } from 'node:child_process';
import { BIN, cleanEnv, scratchDir } from '../cli/runCli';
import { createTestDatabase, type TestDatabase } from '../fakes/mongo/testDb';

describe('autoppm start with piped console input', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('console_e2e');
  });
  afterAll(async () => {
    await db?.drop();
  });

  test('answers /status and /strategies on stdout and exits 0 at the end of input', async () => {
    const child = spawn(process.execPath, [BIN, 'start'], {
      cwd: scratchDir(),
      env: cleanEnv({ MONGODB_URI: db.uri, HTTP_PORT: '0', LOG_LEVEL: 'warn', LOG_FORMAT: 'json' }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.end('/status\n/strategies\n');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));

    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('AutoPPM — paper mode');
    expect(stdout).toContain('Telegram: off (no TELEGRAM_BOT_TOKEN); console: on');
    expect(stdout).toMatch(/Market data: synthetic market \(seeded, continuous, wall-clock times; not real prices\) for /);
    // /status: mode and trading state; /strategies: every strategy in strategies/
    expect(stdout).toMatch(/AutoPPM status at /);
    expect(stdout).toMatch(/\nMode +paper\n/);
    expect(stdout).toMatch(/\nTrading +ACTIVE\n/);
    expect(stdout).toMatch(/\nApprovals +0 pending\n/);
    for (const name of ['sma-cross', 'momentum', 'mean-reversion', 'multi-factor']) expect(stdout).toContain(name);
    // replies come after the banner, in order
    expect(stdout.indexOf('AutoPPM status at')).toBeGreaterThan(stdout.indexOf('console: on'));
    expect(stdout.indexOf('sma-cross')).toBeGreaterThan(stdout.indexOf('AutoPPM status at'));
  });
});
