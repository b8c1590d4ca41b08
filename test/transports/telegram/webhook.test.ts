/** Webhook mode: the transport sets the webhook with its secret; the exported handler checks the secret token. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTelegram, type TelegramTransport } from '../../../src/transports/telegram';
import { postUpdate, startFakeTelegram, type FakeTelegram } from '../../fakes/telegram';
import { captureLog, FAST_LIMITS } from './support';

describe('Telegram transport in webhook mode', () => {
  let fake: FakeTelegram;
  let tg: TelegramTransport;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    fake = await startFakeTelegram();
    server = createServer((req, res) => {
      if (tg?.webhook) void tg.webhook(req, res);
      else res.writeHead(503).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/telegram/hook`;
    tg = await startTelegram({
      config: { botToken: fake.token, apiRoot: fake.apiRoot, webhookUrl: url, webhookSecret: 'hook_secret-1', signingSecret: 'k', allowedUsers: [{ telegramId: 7, role: 'viewer' }] },
      services: {},
      log: captureLog(),
      limits: FAST_LIMITS,
    });
  });
  afterAll(async () => {
    await tg.stop();
    await new Promise((r) => server.close(r));
    await fake.close();
  });

  it('registers the webhook with the secret and answers updates posted to it', async () => {
    expect(fake.webhook()).toMatchObject({ url, secretToken: 'hook_secret-1' });
    expect(tg.webhookPath).toBe('/telegram/hook');
    await fake.sendUserMessage({ chatId: 7, fromId: 7, text: '/help status' });
    const m = await fake.waitForMessage(7);
    expect(m.state.text).toMatch(/status/);
    expect(fake.webhookDeliveries().at(-1)?.status).toBe(200);
  });

  it('an update with a wrong or missing secret token is refused and never handled', async () => {
    const update = { update_id: 999_001, message: { message_id: 77, date: 1, chat: { id: 7, type: 'private' }, from: { id: 7, is_bot: false, first_name: 'X' }, text: '/start', entities: [{ type: 'bot_command', offset: 0, length: 6 }] } };
    const before = fake.messages(7).length;
    expect((await postUpdate(url, update, 'wrong')).status).toBe(403);
    expect((await postUpdate(url, update)).status).toBe(403);
    await tg.settled();
    await tg.queue.idle();
    expect(fake.messages(7)).toHaveLength(before);
  });
});
