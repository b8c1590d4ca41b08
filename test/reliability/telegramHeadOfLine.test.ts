/**
 * Reliability, issue 16 item 7: a bad Bot API answer blocks no other chat. Replayed with the real telegraf client
 * against the fake Bot API: one chosen message answered HTTP 400 with an HTML (non-JSON) body — before the fix the
 * queue retried it forever and held every later reply to every chat —, a photo Telegram refuses, a chat whose sends
 * fail with 502 for a while and a chat whose call hangs. And the webhook: bodies that are not updates (`null` …)
 * answer 400, not 500. Counted: messages sent, held, dropped, retried in vain.
 */
import { Telegraf } from 'telegraf';
import { HealthRegistry } from '../../src/http/health';
import { startHttpServer, type HttpServer } from '../../src/http/server';
import { MemoryOutboundStore } from '../../src/core/ports/telegramOutbox';
import { OutboundQueue, type Delivery } from '../../src/transports/telegram/outboundQueue';
import { startTelegram, type TelegramTransport } from '../../src/transports/telegram/startTelegram';
import { telegramDeliver } from '../../src/transports/telegram/telegramCalls';
import { WEBHOOK_BODY_LIMIT } from '../../src/transports/telegram/webhookGuard';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram';
import { captureLog, FAST_LIMITS } from '../transports/telegram/support';
import { capturedLogger, rawRequest } from './support';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('reliability: Telegram head-of-line blocking (issue 16 item 7)', () => {
  let fake: FakeTelegram;
  beforeEach(async () => {
    fake = await startFakeTelegram();
  });
  afterEach(() => fake.close());

  it('a poison message (400, HTML body), a refused photo, a 502 chat and a hanging chat hold up none of 40 other chats', async () => {
    const log = captureLog();
    // a call unanswered for 5 s counts as failed (the hanging chat); long enough that no real answer is cut off
    const deliver = telegramDeliver(new Telegraf(fake.token, { telegram: { apiRoot: fake.apiRoot } }).telegram, 5_000);
    const attempts = new Map<string, number>();
    const queue = new OutboundQueue({
      deliver: (item) => {
        const text = item.op.method === 'sendPhoto' ? `photo:${item.op.caption}` : item.op.method === 'sendMessage' ? item.op.text : 'edit';
        attempts.set(text, (attempts.get(text) ?? 0) + 1);
        return deliver(item);
      },
      store: new MemoryOutboundStore(),
      log,
      limits: FAST_LIMITS,
      retryBaseMs: 20,
      retryMaxMs: 100,
    });
    fake.faults.add({ method: 'sendMessage', where: (p) => p.text === 'poison', times: Infinity, fault: { kind: 'raw', status: 400 } });
    fake.faults.add({ method: 'sendPhoto', times: Infinity, fault: { kind: 'error', status: 400, description: 'Bad Request: PHOTO_INVALID_DIMENSIONS' } });
    fake.faults.add({ method: 'sendMessage', where: (p) => Number(p.chat_id) === 7, times: Infinity, fault: { kind: 'error', status: 502 } });
    fake.faults.add({ method: 'sendMessage', where: (p) => Number(p.chat_id) === 8, times: 1, fault: { kind: 'hang' } });

    const sent: Promise<Delivery>[] = [];
    const poison = queue.enqueue(5, { method: 'sendMessage', text: 'poison' });
    sent.push(queue.enqueue(5, { method: 'sendMessage', text: 'after poison' }));
    const photo = queue.enqueue(6, { method: 'sendPhoto', png: PNG, filename: 'chart.png', caption: 'equity chart' });
    sent.push(queue.enqueue(6, { method: 'sendMessage', text: 'after photo' }));
    const slow = [queue.enqueue(7, { method: 'sendMessage', text: 'chat 7 a' }), queue.enqueue(7, { method: 'sendMessage', text: 'chat 7 b' })];
    const hung = queue.enqueue(8, { method: 'sendMessage', text: 'chat 8' });
    for (let c = 100; c < 140; c++) for (let k = 0; k < 3; k++) sent.push(queue.enqueue(c, { method: 'sendMessage', text: `chat ${c} #${k}` }));

    const others = await Promise.all(sent); // every other chat is served while chat 7 keeps failing (and chat 8 hangs)
    expect(others.filter((d) => !d.ok)).toEqual([]);
    expect(await poison).toMatchObject({ ok: false, reason: expect.stringContaining('not JSON') });
    expect(await photo).toMatchObject({ ok: true });
    expect(fake.messages(7)).toEqual([]);
    expect(fake.calls('sendMessage').filter((c) => Number(c.params.chat_id) === 7 && c.status === 502).length).toBeGreaterThan(0);
    fake.faults.clear(); // chat 7's outage ends: its messages follow, in order
    expect((await Promise.all([...slow, hung])).filter((d) => !d.ok)).toEqual([]);
    await queue.idle();

    const texts = (chat: number): string[] => fake.messages(chat).map((m) => m.state.text ?? '');
    expect(texts(5)).toEqual(['after poison']);
    expect(texts(6)).toEqual(['equity chart', 'after photo']); // the photo's caption came as text, in its place
    expect(texts(7)).toEqual(['chat 7 a', 'chat 7 b']);
    for (let c = 100; c < 140; c++) expect(texts(c)).toEqual([0, 1, 2].map((k) => `chat ${c} #${k}`));
    const counts = {
      delivered: [5, 6, 7, 8, ...Array.from({ length: 40 }, (_, i) => 100 + i)].reduce((n, c) => n + fake.messages(c).length, 0),
      poisonAttempts: attempts.get('poison'),
      photoAttempts: attempts.get('photo:equity chart'),
      dropped: log.lines.filter((l) => l.msg === 'telegram refused a message; it was dropped').length,
      photosAsText: log.lines.filter((l) => l.msg.startsWith('telegram refused a photo')).length,
    };
    expect(counts).toEqual({ delivered: 1 + 2 + 2 + 1 + 120, poisonAttempts: 1, photoAttempts: 1, dropped: 1, photosAsText: 1 });
    await queue.stop();
  });

  describe('webhook bodies that are not updates', () => {
    let server: HttpServer;
    let tg: TelegramTransport | undefined;
    const log = capturedLogger();

    afterEach(async () => {
      await tg?.stop();
      await server.close();
    });

    it('null, arrays, numbers, text that is not JSON and oversized bodies answer 4xx (never 500); a real update still works', async () => {
      const started = await startHttpServer({
        host: '127.0.0.1', port: 0, health: new HealthRegistry(), logger: log.logger,
        telegramWebhook: { path: '/telegram/hook', handle: (req, res) => (tg?.webhook ? tg.webhook(req, res) : Promise.resolve(void res.writeHead(503).end())) },
      });
      if (!started.ok) throw new Error(started.error);
      server = started.value;
      const hook = `${server.url}/telegram/hook`;
      tg = await startTelegram({
        config: { botToken: fake.token, apiRoot: fake.apiRoot, webhookUrl: hook, webhookSecret: 'hook_secret-7', signingSecret: 'k', allowedUsers: [{ telegramId: 7, role: 'viewer' }] },
        services: {}, log: captureLog(), limits: FAST_LIMITS,
      });
      const headers = { 'x-telegram-bot-api-secret-token': 'hook_secret-7' };
      const bad = ['null', '[]', '42', '"text"', 'true', '{}', '{"update_id":"1"}', '{"update_id":-1}', 'not json', '', `{"update_id":1,"pad":"${'x'.repeat(WEBHOOK_BODY_LIMIT)}"}`];
      const statuses: number[] = [];
      for (let round = 0; round < 10; round++) for (const body of bad) statuses.push((await rawRequest(hook, { method: 'POST', body, headers })).status);
      expect(statuses).toHaveLength(110);
      expect(statuses.filter((s) => s < 400 || s >= 500)).toEqual([]);
      expect(statuses.slice(0, bad.length)).toEqual([400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 413]);
      expect((await rawRequest(hook, { method: 'POST', body: 'null' })).status).toBe(403); // no secret: refused before reading
      await fake.sendUserMessage({ chatId: 7, fromId: 7, text: '/help status' });
      expect((await fake.waitForMessage(7)).state.text).toMatch(/status/);
      expect(fake.webhookDeliveries().at(-1)?.status).toBe(200);
    });
  });
});
