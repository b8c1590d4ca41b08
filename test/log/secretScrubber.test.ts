/**
 * The secret scrubber after the linear-time rewrite (issue 16): every secret shape it removed before is still
 * removed, and the hostile 1 MB lines of bench/log.bench.ts come back scrubbed (the bench times them; no timing here).
 */
import { redactUri } from '../../src/config/redactUri';
import { REDACTED, SecretScrubber } from '../../src/log';
import { SHAPES } from '../../bench/log.bench';

const TG = '123456789:AAFakeTelegramTokenForAutoPPMTests_00';

describe('SecretScrubber', () => {
  const scrubber = new SecretScrubber(['kite-api-secret', 'pass"word\\x']);

  test.each([
    ['a registered value', 'exchange failed for kite-api-secret today', 'kite-api-secret'],
    ['a registered value, JSON-escaped', JSON.stringify({ e: 'pass"word\\x' }), 'pass\\"word\\\\x'],
    ['a Telegram bot token', `token ${TG} leaked`, TG],
    ['a Telegram bot token in a Bot API URL', `GET https://api.telegram.org/bot${TG}/getMe`, TG.split(':')[1]!],
    ['a Discord webhook token', 'POST https://discord.com/api/webhooks/123456789012345678/abcDEF_ghi-JKL.mno', 'abcDEF_ghi-JKL.mno'],
    ['a Kite Authorization header', 'Authorization: token myapikey:accesstoken123', 'accesstoken123'],
    ['a MongoDB URI password', 'connect mongodb://autoppm:s3cr3t@db:27017/x failed', 's3cr3t'],
    ['a mongodb+srv URI password', 'mongodb+srv://u:pw-with-dash@cluster0.example.net/db', 'pw-with-dash'],
    ['an https URI password', 'GET https://user:hunter2@example.com/path', 'hunter2'],
    ['a URI password with a colon', 'redis://user:pa:ss@host:6379', 'pa:ss'],
  ])('removes %s', (_what, line, secret) => {
    const out = scrubber.scrub(line);
    expect(out).not.toContain(secret);
    expect(out).toMatch(/\[redacted\]|:\*\*\*@/);
  });

  test('leaves ordinary text alone', () => {
    const line = 'order 250101000000001 filled 10 INFY @ 1500.05 (http://127.0.0.1:8080/health ok)';
    expect(scrubber.scrub(line)).toBe(line);
    expect(redactUri('see mailto:a@b.c and file:///tmp/x')).toBe('see mailto:a@b.c and file:///tmp/x');
  });

  test('hostile 1 MB lines of every shape come back, with a secret inside them still removed', () => {
    for (const [shape, line] of Object.entries(SHAPES)) {
      const out = scrubber.scrub(`${line} kite-api-secret mongodb://u:pw@h`);
      expect({ shape, leaked: out.includes('kite-api-secret') || out.includes(':pw@') }).toEqual({ shape, leaked: false });
      expect(out.length).toBeGreaterThan(line.length / 2);
    }
    expect(scrubber.scrub(`${'x'.repeat(500_000)}${TG}`)).toContain(REDACTED);
  });
});
