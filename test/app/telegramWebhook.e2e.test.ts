/**
 * Telegram in webhook mode inside the whole bot process: with TELEGRAM_WEBHOOK_URL set the app registers the
 * webhook with its secret and mounts the handler on its own HTTP server; the fake Telegram delivers a user's
 * message there and sees the bot's reply; a POST with a wrong or missing secret is refused 403 and never handled.
 */
import type { Config } from '../../src/config';
import { postUpdate } from '../fakes/telegram';
import { e2eConfig, shiftedClock, startE2eApp, startFakes, type Fakes, type StartedApp } from '../support/e2e/appHarness';
import { freePort } from '../support/e2e/waiting';

const USER = 4242;
const SECRET = 'webhook_secret-e2e-1';

describe('the bot process with a Telegram webhook', () => {
  let fakes: Fakes;
  let config: Config;
  let running: StartedApp | undefined;
  let hookUrl: string;

  beforeAll(async () => {
    fakes = await startFakes('e2e_telegram_webhook');
    const port = await freePort();
    hookUrl = `http://127.0.0.1:${port}/telegram/hook`;
    config = e2eConfig(fakes, { HTTP_HOST: '127.0.0.1', HTTP_PORT: String(port), TELEGRAM_WEBHOOK_URL: hookUrl, TELEGRAM_WEBHOOK_SECRET: SECRET, TELEGRAM_ALLOWED_USERS: `${USER}:viewer` });
    running = await startE2eApp(config, ['INFY'], shiftedClock(Date.parse('2025-01-08T05:30:00Z')));
  });
  afterAll(async () => {
    await running?.app.stop();
    await fakes?.close();
  });

  test('the webhook is registered with the secret and a delivered message reaches the bot', async () => {
    expect(fakes.telegram.webhook()).toMatchObject({ url: hookUrl, secretToken: SECRET });
    expect(running?.banner.join('\n')).toContain('Telegram: on (webhook');
    await fakes.telegram.sendUserMessage({ chatId: USER, fromId: USER, text: '/help status' });
    const reply = await fakes.telegram.waitForMessage(USER, 10_000);
    expect(reply.fromBot).toBe(true);
    expect(reply.state.text).toMatch(/status/);
    expect(fakes.telegram.webhookDeliveries().at(-1)?.status).toBe(200);
  });

  test('a wrong or missing secret token is refused 403 and the update is never handled', async () => {
    const update = { update_id: 990_001, message: { message_id: 501, date: 1, chat: { id: USER, type: 'private' }, from: { id: USER, is_bot: false, first_name: 'X' }, text: '/start', entities: [{ type: 'bot_command', offset: 0, length: 6 }] } };
    const before = fakes.telegram.messages(USER).at(-1)?.messageId ?? 0;
    expect((await postUpdate(hookUrl, update, 'not-the-secret')).status).toBe(403);
    expect((await postUpdate(hookUrl, update)).status).toBe(403);
    // The right secret on the same server is answered (so the 403s above were the secret check, not a missing route).
    expect((await postUpdate(hookUrl, { ...update, update_id: 990_002 }, SECRET)).status).toBe(200);
    const reply = await fakes.telegram.waitForMessage(USER, 10_000, before);
    expect(reply.fromBot).toBe(true);
    const after = fakes.telegram.messages(USER).filter((m) => m.fromBot && m.messageId > before);
    expect(after).toHaveLength(1);
  });
});
