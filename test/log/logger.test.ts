import { Writable } from 'node:stream';
import { loadConfig, secretValues } from '../../src/config';
import { createLogger, REDACTED, SecretScrubber, usePrettyFormat } from '../../src/log';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

const TG = '7012345678:AAF-secret_Telegram-token-value0123456';
const KITE_SECRET = 'kiteapisecretzz91';
const API_TOKEN = 'rest-api-token-0123456789';
const MONGO_PASSWORD = 'm0ngo-Pa55word';
const HEX_KEY = 'f1'.repeat(32);

function configuredScrubber(): SecretScrubber {
  const r = loadConfig({
    MODE: 'live',
    KITE_API_KEY: 'kitekey1',
    KITE_API_SECRET: KITE_SECRET,
    ENCRYPTION_KEY: HEX_KEY,
    TELEGRAM_BOT_TOKEN: TG,
    TELEGRAM_ALLOWED_USERS: '1:admin',
    API_TOKEN,
    MONGODB_URI: `mongodb://bot:${MONGO_PASSWORD}@db:27017/autoppm`,
  });
  if (!r.ok) throw new Error('bad test config');
  return new SecretScrubber(secretValues(r.value));
}

describe('logger', () => {
  test('a secret never reaches the log output, by key path or by value, in JSON and in pretty format', () => {
    for (const format of ['json', 'pretty'] as const) {
      const out = new Capture();
      const scrubber = configuredScrubber();
      const log = createLogger({ level: 'trace', format, scrubber, destination: out, isTTY: false });
      const accessToken = 'kiteAccessTokenABC123';
      scrubber.add(accessToken); // obtained at run time, e.g. after a Kite login
      log.info({ token: TG, kite: { apiSecret: KITE_SECRET, accessToken } }, 'keys that are secret');
      log.error({ err: new Error(`409 Conflict from https://api.telegram.org/bot${TG}/getUpdates`) }, 'telegram failed');
      log.warn(`cannot reach mongodb://bot:${MONGO_PASSWORD}@db:27017/autoppm`);
      log.debug({ headers: { authorization: `token kitekey1:${accessToken}` } }, 'kite request');
      log.info({ note: `api token ${API_TOKEN} and key ${HEX_KEY}`, nested: { deeper: { value: KITE_SECRET } } }, 'free text');
      log.info({ quoted: `"${KITE_SECRET}"\n` }, 'escaped');

      expect(out.text.length).toBeGreaterThan(200);
      for (const secret of [TG, KITE_SECRET, API_TOKEN, MONGO_PASSWORD, HEX_KEY, accessToken, 'AAF-secret']) {
        expect(out.text).not.toContain(secret);
      }
      expect(out.text).toContain(REDACTED);
      expect(out.text).toContain('bot:***@db:27017');
      expect(out.text).toContain('telegram failed');
    }
  });

  test('secret-shaped values are scrubbed even when nobody registered them', () => {
    const out = new Capture();
    const log = createLogger({ level: 'info', format: 'json', scrubber: new SecretScrubber(), destination: out });
    log.info('posting to https://discord.com/api/webhooks/123456/unregistered-webhook-token');
    log.info('bot 999999:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef123 said hi');
    log.info('uri mongodb+srv://user:unregisteredpw@cluster0.example.net/x');
    expect(out.text).not.toMatch(/unregistered-webhook-token|ABCDEFGHIJKLMNOPQRSTUVWXYZ|unregisteredpw/);
    expect(out.text).toContain('/webhooks/123456/[redacted]');
  });

  test('JSON lines when not a terminal; pretty in a terminal unless NODE_ENV=production', () => {
    expect(usePrettyFormat('auto', false, undefined)).toBe(false);
    expect(usePrettyFormat('auto', true, 'development')).toBe(true);
    expect(usePrettyFormat('auto', true, 'production')).toBe(false);
    expect(usePrettyFormat('json', true, undefined)).toBe(false);
    expect(usePrettyFormat('pretty', false, 'production')).toBe(true);

    const out = new Capture();
    createLogger({ level: 'info', format: 'auto', scrubber: new SecretScrubber(), destination: out, isTTY: false }).info({ n: 1 }, 'hello');
    const line: unknown = JSON.parse(out.text.trim());
    expect(line).toMatchObject({ level: 30, msg: 'hello', n: 1, app: 'autoppm' });

    const pretty = new Capture();
    createLogger({ level: 'info', format: 'pretty', scrubber: new SecretScrubber(), destination: pretty, isTTY: false }).info('hello');
    expect(pretty.text).toMatch(/INFO.*hello/);
    expect(() => JSON.parse(pretty.text)).toThrow();
  });

  test('respects the level', () => {
    const out = new Capture();
    const log = createLogger({ level: 'warn', format: 'json', scrubber: new SecretScrubber(), destination: out });
    log.info('hidden');
    log.warn('shown');
    expect(out.text).not.toContain('hidden');
    expect(out.text).toContain('shown');
  });
});
