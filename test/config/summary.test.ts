import { describeConfig, loadConfig, type Env } from '../../src/config';

function lines(env: Env): string[] {
  const r = loadConfig(env);
  if (!r.ok) throw new Error('bad test config');
  return describeConfig(r.value);
}

describe('describeConfig', () => {
  test('says what is missing and where things fall back to', () => {
    const out = lines({});
    expect(out).toContain('Telegram: off (no TELEGRAM_BOT_TOKEN) → console');
    expect(out).toContain('MongoDB: embedded mongod, data in ./data/mongo (no MONGODB_URI)');
    expect(out.some((l) => l.startsWith('Kite: off (no KITE_API_KEY, KITE_API_SECRET)'))).toBe(true);
    expect(out.some((l) => l.startsWith('Discord: off'))).toBe(true);
  });

  test('names what is on and never prints a secret', () => {
    const env: Env = {
      MODE: 'live',
      KITE_API_KEY: 'kitekey1',
      KITE_API_SECRET: 'kitesecretvalue',
      ENCRYPTION_KEY: 'cd'.repeat(32),
      TELEGRAM_BOT_TOKEN: '777:telegramsecretvalue',
      TELEGRAM_ALLOWED_USERS: '1:admin,2:viewer',
      DISCORD_WEBHOOK_URL_RISK: 'https://discord.com/api/webhooks/9/discordsecretvalue',
      API_TOKEN: 'apitokensecretvalue',
      MONGODB_URI: 'mongodb://bot:mongosecretvalue@db:27017/autoppm',
    };
    const text = lines(env).join('\n');
    expect(text).toContain('Telegram: on, long polling, 2 allowed users');
    expect(text).toContain('Discord: on, webhooks for risk');
    expect(text).toContain('MongoDB: mongodb://bot:***@db:27017/autoppm (MONGODB_URI)');
    expect(text).toContain('REST API on');
    expect(text).not.toMatch(/secretvalue|cdcdcd/);
  });
});
