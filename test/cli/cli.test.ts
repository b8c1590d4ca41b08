import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_TEST_TIMEOUT_MS, runCli, scratchDir } from './runCli';

describe('autoppm CLI', () => {
  jest.setTimeout(CLI_TEST_TIMEOUT_MS);
  test('--help explains the commands and the start options', async () => {
    const top = await runCli(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/Usage: autoppm/);
    expect(top.stdout).toMatch(/start \[options\]\s+start the bot/);
    expect(top.stdout).toMatch(/config\s+check the configuration/);
    expect(top.stdout).toContain('--dotenv <path>');

    const start = await runCli(['start', '--help']);
    expect(start.code).toBe(0);
    expect(start.stdout).toMatch(/--worker\s+run as a worker/);
  });

  test('an unknown command is a usage error with exit code 2', async () => {
    const r = await runCli(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'frobnicate'");
  });

  test('a broken .env gives one message listing every problem, exit code 2, no stack, no secret', async () => {
    const cwd = scratchDir();
    writeFileSync(
      join(cwd, '.env'),
      [
        'MODE=live',
        'HTTP_PORT=eighty',
        'TELEGRAM_BOT_TOKEN=not-a-token-TOPSECRET',
        'TELEGRAM_ALLOWED_USERS=12345:admin',
        'RISK_MAX_POSITION_PCT=250',
        'KITE_API_SECRET=has spaces TOPSECRET',
      ].join('\n'),
    );
    for (const command of ['start']) {
      const r = await runCli([command], {}, cwd);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^AutoPPM cannot run: 6 configuration problems/);
      for (const name of ['HTTP_PORT', 'TELEGRAM_BOT_TOKEN', 'RISK_MAX_POSITION_PCT', 'KITE_API_SECRET', 'KITE_API_KEY', 'ENCRYPTION_KEY']) {
        expect(r.stderr).toContain(`  - ${name}: `);
      }
      expect(r.stderr).not.toContain('TOPSECRET');
      expect(r.stderr).not.toMatch(/\n[ \t]+at /);
      expect(r.stdout).toBe('');
    }
  });

  test('the environment wins over .env', async () => {
    const cwd = scratchDir();
    writeFileSync(join(cwd, '.env'), 'HTTP_PORT=nonsense\nMODE=backtest\n');
    const r = await runCli(['config'], { HTTP_PORT: '9999' }, cwd);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('AutoPPM — backtest mode');
    expect(r.stdout).toContain('HTTP: http://127.0.0.1:9999/health');
    expect(r.stdout).toContain('Telegram: off (no TELEGRAM_BOT_TOKEN) → console');
  });

  test('--dotenv reads another file and must exist', async () => {
    const cwd = scratchDir();
    writeFileSync(join(cwd, 'paper.env'), 'MODE=backtest\n');
    const ok = await runCli(['--dotenv', 'paper.env', 'config'], {}, cwd);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('backtest mode');
    const missing = await runCli(['--dotenv', 'nope.env', 'config'], {}, cwd);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/env file: .*nope\.env: it does not exist/);
  });
});
