/**
 * Issue 18 (part B), operator basics from the phone through the real telegraf and the fake Telegram: /version,
 * /health (the very checks HTTP /health runs: the same registry answers both), /logs (admin only: the recent
 * warnings and errors the process's logger wrote, with secrets removed by its scrubber).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createCommandRegistry } from '../../commands';
import { sourceCommit } from '../../src/config/versionInfo';
import { secretValues, type Config } from '../../src/config';
import { createLogger, type Logger } from '../../src/log/logger';
import { LogRing } from '../../src/log/logRing';
import { SecretScrubber } from '../../src/log/secretScrubber';
import { e2eConfig, shiftedClock, startE2eApp, startFakes, type Fakes, type StartedApp } from '../support/e2e/appHarness';
import { asker, textOf } from '../support/e2e/chat';

const ADMIN = 333;
const VIEWER = 555;
const ROOT = join(__dirname, '..', '..');

describe('operator basics through Telegram', () => {
  const clock = shiftedClock(Date.parse('2025-01-08T05:30:00Z'));
  const s = { fakes: undefined as unknown as Fakes, config: undefined as unknown as Config, running: undefined as StartedApp | undefined, logger: undefined as unknown as Logger, written: [] as string[] };
  beforeAll(async () => {
    s.fakes = await startFakes('e2e_operator');
    s.config = e2eConfig(s.fakes, { TELEGRAM_ALLOWED_USERS: `${ADMIN}:admin,${VIEWER}:viewer` });
    const logs = new LogRing(50);
    const out = new Writable({ write: (chunk: Buffer, _enc, done) => void (s.written.push(chunk.toString()), done()) });
    s.logger = createLogger({ level: 'info', format: 'json', scrubber: new SecretScrubber(secretValues(s.config)), destination: out, ring: logs });
    s.running = await startE2eApp(s.config, ['INFY'], clock, s.logger, { logs });
  });
  afterAll(async () => {
    await s.running?.app.stop();
    await s.fakes?.close();
  });
  const app = () => s.running!.app;
  const askBot = asker(() => s.fakes.telegram);
  const ask = async (chatId: number, text: string, expected: RegExp): Promise<string> => textOf(await askBot(chatId, text, expected));
  const httpHealth = async (): Promise<{ code: number; body: { status: string; checks: Record<string, { status: string }> } }> => {
    const r = await fetch(`${app().http.url}/health`);
    return { code: r.status, body: (await r.json()) as { status: string; checks: Record<string, { status: string }> } };
  };

  test('/logs before anything went wrong; a viewer may not read the logs; a bad n', async () => {
    expect(await ask(ADMIN, '/logs', /warning|⚠️|✖/)).toBe('No warnings or errors since the start.');
    expect(await ask(VIEWER, '/logs', /admin|✖/)).toMatch(/needs the admin role/);
    expect(await ask(ADMIN, '/logs 0', /⚠️/)).toMatch(/n: expected at least 1; usage: \/logs \[n\] \(e\.g\. \/logs 10\)/);
    expect(await ask(ADMIN, '/logs 51', /⚠️/)).toMatch(/n: expected at most 50/);
  });

  test('/version: package and Node.js versions, mode, commit', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    let head: string | undefined;
    try {
      head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim().slice(0, 12);
    } catch {
      head = undefined; // no git here: the bot cannot know either
    }
    const v = await ask(VIEWER, '/version', /^AutoPPM|✖/);
    expect(v).toMatch(new RegExp(`^AutoPPM ${pkg.version.replace(/\./g, '\\.')}\\nNode\\.js ${process.version.replace(/\./g, '\\.')}\\nMode: paper\\nCommit: ${head ?? 'unknown'}`));
    expect(v).toMatch(/\nRunning since 2025-01-08 11:0\d IST$/);
    // A build names its commit in the environment (Docker build argument).
    expect(sourceCommit({ AUTOPPM_COMMIT: 'ABCDEF0123456789abcdef' })).toBe('abcdef012345');
    expect(sourceCommit({ AUTOPPM_COMMIT: 'not a sha', GIT_COMMIT: undefined })).toBe(head);
  });

  test('/health shows the checks HTTP /health runs, up and down alike', async () => {
    const http = await httpHealth();
    const chat = await ask(VIEWER, '/health', /^Health|✖/);
    const names = Object.keys(http.body.checks);
    expect(names).toEqual(expect.arrayContaining(['mongo', 'agenda', 'event-loop', 'memory', 'broker-session']));
    expect(chat.split('\n')[0]).toBe(http.body.status === 'ok' ? `Health: ok (${names.length} checks up)` : expect.stringMatching(/^Health: DOWN/));
    for (const n of names) expect(chat).toMatch(new RegExp(`^${http.body.checks[n]!.status === 'up' ? '✅' : '❌'} ${n}\\b`, 'm'));
    expect(chat.split('\n')).toHaveLength(names.length + 1);

    // One more check on the app's registry (a disk the operator watches): both answers report it down.
    app().health.register('disk', async () => ({ status: 'down', detail: 'DATA_DIR is 97% full' }));
    const down = await httpHealth();
    expect(down.code).toBe(503);
    expect(down.body.checks.disk).toEqual({ status: 'down', detail: 'DATA_DIR is 97% full' });
    const chatDown = await ask(VIEWER, '/health', /^Health|✖/);
    expect(chatDown).toMatch(/^Health: DOWN \(1 of \d+ checks down\)/);
    expect(chatDown).toContain('❌ disk: DATA_DIR is 97% full');
  });

  test('/logs shows the warnings and errors, newest first, secrets scrubbed; info lines are not kept', async () => {
    const token = s.config.telegram.botToken!;
    s.logger.info('an info line the ring does not keep');
    s.logger.warn({ token, symbol: 'INFY' }, 'the quote for INFY was late');
    s.logger.error({ err: new Error(`Kite answered 403 for bot${token}/getMe`) }, `a call failed with ${token}`);
    const text = await ask(ADMIN, '/logs 3', /newest first|✖/);
    const lines = text.split('\n');
    // The error logged last comes first; before the two, the HTTP server's own warning of the failed health check.
    expect(lines[0]).toBe('The last 3 warnings and errors, newest first (IST; secrets removed)');
    expect(lines[1]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d ERROR a call failed with \[redacted\]$/);
    expect(lines[2]).toMatch(/^ {2}\{"err":\{.*Kite answered 403 for bot\[redacted\]\/getMe/);
    expect(lines[3]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d WARN the quote for INFY was late$/);
    expect(lines[4]).toBe('  {"token":"[redacted]","symbol":"INFY"}');
    expect(lines[5]).toMatch(/WARN health check failed$/);
    expect(text).not.toContain(token);
    expect(text).not.toContain('an info line');
    // What the logger wrote is scrubbed the same way.
    expect(s.written.join('')).not.toContain(token);
  });

  test('the README and /help examples of these commands are the ones run here', async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const registry = createCommandRegistry();
    for (const [name, role] of [['version', 'viewer'], ['health', 'viewer'], ['logs', 'admin']] as const) {
      const example = registry.find(name)!.example;
      expect(readme).toMatch(new RegExp(`^\\| \`/${name}\` \\| ${role} \\|.*\\| \`${example}\` \\|$`, 'm'));
      expect(await ask(ADMIN, `/help ${name}`, /^\/|✖/)).toContain(`Example: ${example}`);
      expect(await ask(ADMIN, example, /./)).not.toMatch(/^✖|⚠️/);
    }
  });
});
