import { formatConfigError, loadConfig, secretValues, type Config, type Env } from '../../src/config';

const HEX_KEY = 'ab'.repeat(32);
const LIVE: Env = { MODE: 'live', KITE_API_KEY: 'kitekey1', KITE_API_SECRET: 'kitesecret9', ENCRYPTION_KEY: HEX_KEY };

function valid(env: Env): Config {
  const r = loadConfig(env);
  if (!r.ok) throw new Error(formatConfigError(r.error));
  return r.value;
}

function problems(env: Env): Map<string, string> {
  const r = loadConfig(env);
  if (r.ok) throw new Error('expected a config error');
  return new Map(r.error.problems.map((p) => [p.variable, `${p.expected} | ${p.got ?? 'not set'}`]));
}

describe('loadConfig', () => {
  test('an empty environment gives the documented defaults', () => {
    const c = valid({});
    expect(c.mode).toBe('paper');
    expect(c.tz).toBe('Asia/Kolkata');
    expect(c.dataDir).toBe('./data');
    expect(c.mongodbUri).toBeUndefined();
    expect(c.http).toEqual({ port: 8080, host: '127.0.0.1', apiToken: undefined });
    expect(c.telegram.apiRoot).toBe('https://api.telegram.org');
    expect(c.kite.apiRoot).toBe('https://api.kite.trade');
    expect(c.kite.tickerUrl).toBe('wss://ws.kite.trade/');
    expect(c.discord.apiRoot).toBe('https://discord.com/api');
    expect(c.risk).toEqual({
      maxPositionPct: 10,
      maxSectorPct: 30,
      maxOrderValue: 100000,
      maxOrdersPerDay: 100,
      maxOrdersPerMinute: 20,
      dailyLossLimitPct: 2,
      varLimitPct: 5,
    });
    expect(c.approval).toEqual({ policy: 'always', minValue: 0 });
    expect(c.log).toEqual({ level: 'info', format: 'auto' });
  });

  test('blank values count as unset', () => {
    const c = valid({ MODE: '', HTTP_PORT: '  ', MONGODB_URI: '' });
    expect(c.mode).toBe('paper');
    expect(c.http.port).toBe(8080);
    expect(c.mongodbUri).toBeUndefined();
  });

  test('parses numbers, allowed users and per-kind Discord webhooks', () => {
    const c = valid({
      HTTP_PORT: '9090',
      RISK_MAX_ORDER_VALUE: '250000.5',
      TELEGRAM_BOT_TOKEN: '123456:ABCdef_-x',
      TELEGRAM_ALLOWED_USERS: ' 12345:admin, 67890:Trader ,555:viewer',
      DISCORD_WEBHOOK_URL: 'https://discord.com/api/webhooks/1/all',
      DISCORD_WEBHOOK_URL_FILLS: 'https://discord.com/api/webhooks/2/fills',
    });
    expect(c.http.port).toBe(9090);
    expect(c.risk.maxOrderValue).toBe(250000.5);
    expect(c.telegram.allowedUsers).toEqual([
      { telegramId: 12345, role: 'admin' },
      { telegramId: 67890, role: 'trader' },
      { telegramId: 555, role: 'viewer' },
    ]);
    expect(c.discord.webhookUrls).toEqual({
      risk: 'https://discord.com/api/webhooks/1/all',
      fills: 'https://discord.com/api/webhooks/2/fills',
      summary: 'https://discord.com/api/webhooks/1/all',
      system: 'https://discord.com/api/webhooks/1/all',
    });
  });

  test('ENCRYPTION_KEY accepts 32 bytes as hex or base64 and rejects anything else', () => {
    const bytes = Buffer.alloc(32, 7);
    expect(valid({ ENCRYPTION_KEY: bytes.toString('hex') }).encryptionKey).toEqual(bytes);
    expect(valid({ ENCRYPTION_KEY: bytes.toString('base64') }).encryptionKey).toEqual(bytes);
    expect(valid({ ENCRYPTION_KEY: bytes.toString('base64url') }).encryptionKey).toEqual(bytes);
    expect(problems({ ENCRYPTION_KEY: Buffer.alloc(16).toString('hex') }).has('ENCRYPTION_KEY')).toBe(true);
    expect(problems({ ENCRYPTION_KEY: Buffer.alloc(31).toString('base64') }).has('ENCRYPTION_KEY')).toBe(true);
  });

  test('live mode needs Kite credentials and an encryption key', () => {
    expect(valid(LIVE).mode).toBe('live');
    const p = problems({ MODE: 'live' });
    expect([...p.keys()].sort()).toEqual(['ENCRYPTION_KEY', 'KITE_API_KEY', 'KITE_API_SECRET']);
    expect(p.get('KITE_API_KEY')).toMatch(/required when MODE=live/);
    expect(valid({ MODE: 'paper' }).kite.apiKey).toBeUndefined();
  });

  test('every problem is listed at once, each with the variable, the expectation and the value', () => {
    const r = loadConfig({
      MODE: 'liev',
      HTTP_PORT: '80800',
      RISK_MAX_POSITION_PCT: '150',
      RISK_MAX_ORDERS_PER_MINUTE: '2.5',
      TELEGRAM_ALLOWED_USERS: '1:admin,2:boss',
      KITE_TICKER_URL: 'https://ws.kite.trade',
      TZ: 'Mars/Olympus',
      MONGODB_URI: 'http://localhost',
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const names = r.error.problems.map((p) => p.variable).sort();
    expect(names).toEqual(
      ['HTTP_PORT', 'KITE_TICKER_URL', 'MODE', 'MONGODB_URI', 'RISK_MAX_ORDERS_PER_MINUTE', 'RISK_MAX_POSITION_PCT', 'TELEGRAM_ALLOWED_USERS', 'TZ'].sort(),
    );
    const text = formatConfigError(r.error);
    expect(text).toMatch(/^AutoPPM cannot run: 8 configuration problems/);
    expect(text).toContain('- MODE: one of backtest, paper, live (default paper) (got "liev")');
    expect(text).toContain('- HTTP_PORT: a TCP port number from 0 to 65535');
    expect(text).toContain('(got "80800")');
    expect(text).not.toMatch(/\n[ \t]+at /); // no stack
  });

  test('secrets are never echoed in a config error; URIs lose their password', () => {
    const r = loadConfig({
      TELEGRAM_BOT_TOKEN: 'not a token sekrit-value',
      API_TOKEN: 'short-sekrit',
      KITE_API_SECRET: 'bad secret with spaces',
      ENCRYPTION_KEY: 'sekrit-key',
      DISCORD_WEBHOOK_URL: 'ftp://discord/webhooks/1/sekrit-hook',
      MONGODB_URI: 'postgres://admin:hunter2hunter2@db:5432/x',
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const text = formatConfigError(r.error);
    for (const secret of ['sekrit', 'hunter2', 'bad secret']) expect(text).not.toContain(secret);
    expect(text).toContain('TELEGRAM_BOT_TOKEN: the bot token from @BotFather');
    expect(text).toContain('(got a hidden value, 24 characters long)');
    expect(text).toContain('(got "postgres://admin:***@db:5432/x")');
    expect(r.error.problems).toHaveLength(7); // the six bad values plus TELEGRAM_ALLOWED_USERS, required with a bot token
  });

  test('cross-field rules: webhook needs a secret, a bot token needs allowed users', () => {
    const p = problems({ TELEGRAM_BOT_TOKEN: '1:abc', TELEGRAM_WEBHOOK_URL: 'https://bot.example.com/tg' });
    expect([...p.keys()].sort()).toEqual(['TELEGRAM_ALLOWED_USERS', 'TELEGRAM_WEBHOOK_SECRET']);
    expect(valid({ TELEGRAM_BOT_TOKEN: '1:abc', TELEGRAM_ALLOWED_USERS: '1:admin' }).telegram.botToken).toBe('1:abc');
  });

  test('duplicate Telegram users and unknown roles are rejected', () => {
    expect(problems({ TELEGRAM_ALLOWED_USERS: '1:admin,1:viewer' }).has('TELEGRAM_ALLOWED_USERS')).toBe(true);
    expect(problems({ TELEGRAM_ALLOWED_USERS: '1:root' }).has('TELEGRAM_ALLOWED_USERS')).toBe(true);
    expect(problems({ TELEGRAM_ALLOWED_USERS: 'alice:admin' }).has('TELEGRAM_ALLOWED_USERS')).toBe(true);
  });

  test('risk limits are bounded', () => {
    for (const [name, bad] of [
      ['RISK_MAX_POSITION_PCT', '0'],
      ['RISK_MAX_SECTOR_PCT', '100.1'],
      ['RISK_MAX_ORDER_VALUE', '-5'],
      ['RISK_MAX_ORDERS_PER_DAY', '5001'],
      ['RISK_MAX_ORDERS_PER_MINUTE', '0'],
      ['RISK_DAILY_LOSS_LIMIT_PCT', 'two'],
      ['RISK_VAR_LIMIT_PCT', '-1'],
      // The pre-trade gate's bounds (src/risk/riskLimits.ts): position 1–50%, sector 10–80%, VaR 1–10%, daily loss 0.1–20%.
      ['RISK_MAX_POSITION_PCT', '0.99'],
      ['RISK_MAX_POSITION_PCT', '50.01'],
      ['RISK_MAX_SECTOR_PCT', '9.9'],
      ['RISK_MAX_SECTOR_PCT', '80.5'],
      ['RISK_VAR_LIMIT_PCT', '0.5'],
      ['RISK_VAR_LIMIT_PCT', '10.1'],
      ['RISK_DAILY_LOSS_LIMIT_PCT', '0.05'],
      ['RISK_DAILY_LOSS_LIMIT_PCT', '21'],
    ] as const) {
      expect([...problems({ [name]: bad }).keys()]).toEqual([name]);
    }
    expect(valid({ RISK_MAX_POSITION_PCT: '50', RISK_MAX_ORDERS_PER_MINUTE: '400' }).risk.maxOrdersPerMinute).toBe(400);
    const edges = valid({ RISK_MAX_POSITION_PCT: '1', RISK_MAX_SECTOR_PCT: '80', RISK_VAR_LIMIT_PCT: '10', RISK_DAILY_LOSS_LIMIT_PCT: '0.1' }).risk;
    expect([edges.maxPositionPct, edges.maxSectorPct, edges.varLimitPct, edges.dailyLossLimitPct]).toEqual([1, 80, 10, 0.1]);
  });

  test('secretValues lists every configured secret, including a URI password', () => {
    const c = valid({
      ...LIVE,
      TELEGRAM_BOT_TOKEN: '42:tgsecretvalue',
      TELEGRAM_ALLOWED_USERS: '1:admin',
      API_TOKEN: 'api-token-0123456789',
      MONGODB_URI: 'mongodb://bot:p%40ss-word@db:27017/autoppm',
    });
    const secrets = secretValues(c);
    for (const s of ['42:tgsecretvalue', 'kitesecret9', 'api-token-0123456789', HEX_KEY, 'p%40ss-word', 'p@ss-word']) {
      expect(secrets).toContain(s);
    }
    expect(secrets).not.toContain('kitekey1');
  });
});
