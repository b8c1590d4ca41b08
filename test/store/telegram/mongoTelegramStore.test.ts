/**
 * The Telegram outbound queue and approval-card refs on MongoDB: messages queued while Telegram is down survive
 * a restart and are sent by the next process; card refs round-trip and are replaced per chat.
 */
import mongoose, { type Connection } from 'mongoose';
import { Telegraf } from 'telegraf';
import { MongoCardRefs } from '../../../src/store/telegram/mongoCardRefs';
import { MongoOutboundStore } from '../../../src/store/telegram/mongoOutboundStore';
import { OutboundQueue } from '../../../src/transports/telegram/outboundQueue';
import { telegramDeliver } from '../../../src/transports/telegram/telegramCalls';
import { startFakeTelegram, type FakeTelegram } from '../../fakes/telegram';
import { createTestDatabase, type TestDatabase } from '../../fakes/mongo/testDb';
import { captureLog } from '../../transports/telegram/support';

const PNG = Uint8Array.from(Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a5e00000000049454e44ae426082', 'hex'));

describe('Telegram stores on MongoDB', () => {
  let db: TestDatabase;
  let conn: Connection;
  let fake: FakeTelegram;

  beforeAll(async () => {
    db = await createTestDatabase('telegram');
    conn = await mongoose.createConnection(db.uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
    fake = await startFakeTelegram();
  });
  afterAll(async () => {
    await fake.close();
    await conn.close();
    await db.drop();
  });

  const queueOn = (store: MongoOutboundStore, retry = 50): OutboundQueue =>
    new OutboundQueue({ deliver: telegramDeliver(new Telegraf(fake.token, { telegram: { apiRoot: fake.apiRoot } }).telegram), store, log: captureLog(), retryBaseMs: retry, retryMaxMs: retry });

  it('keeps what Telegram did not take and the next process sends it (text, photo, keyboard, ref)', async () => {
    fake.faults.add({ fault: { kind: 'error', status: 503 }, times: 10_000 });
    const first = queueOn(new MongoOutboundStore(conn));
    const pending = [
      first.enqueue(42, { method: 'sendMessage', text: '<b>Risk</b> alert &amp; more', keyboard: [[{ text: 'Open', url: 'https://example.com/x' }]] }, { ref: 'card:ap1:42:0' }),
      first.enqueue(42, { method: 'sendPhoto', png: PNG, filename: 'chart.png', caption: 'equity' }),
      first.enqueue(43, { method: 'sendMessage', text: 'not persisted' }, { durable: false }),
    ];
    while (fake.calls().filter((c) => c.status === 503).length < 3) await new Promise((r) => setTimeout(r, 10));
    await first.stop();
    expect((await Promise.all(pending)).every((d) => !d.ok)).toBe(true);
    const stored = await new MongoOutboundStore(conn).pending();
    expect(stored.map((i) => i.op.method)).toEqual(['sendMessage', 'sendPhoto']);
    expect(fake.messages(42)).toHaveLength(0);

    fake.faults.clear();
    const delivered: string[] = [];
    const second = new OutboundQueue({
      deliver: telegramDeliver(new Telegraf(fake.token, { telegram: { apiRoot: fake.apiRoot } }).telegram),
      store: new MongoOutboundStore(conn),
      log: captureLog(),
      onDelivered: (item) => void delivered.push(item.ref ?? '-'),
    });
    expect(await second.restore()).toBe(2);
    await second.idle();
    const msgs = fake.messages(42);
    expect(msgs.map((m) => m.state.text ?? m.state.caption)).toEqual(['Risk alert & more', 'equity']);
    expect(msgs[0]!.state.replyMarkup).toEqual({ inline_keyboard: [[{ text: 'Open', url: 'https://example.com/x' }]] });
    expect(Buffer.from(msgs[1]!.photo!.bytes).equals(Buffer.from(PNG))).toBe(true);
    expect(delivered).toEqual(['card:ap1:42:0', '-']);
    expect(await new MongoOutboundStore(conn).pending()).toEqual([]);
    expect(fake.messages(43)).toHaveLength(0);
    await second.stop();
  });

  it('card refs: one per (approval, chat), replaced when the card is edited', async () => {
    const refs = new MongoCardRefs(conn);
    await refs.put({ approvalId: 'ap9', telegramId: 1, chatId: 1, messageId: 10, version: 0 });
    await refs.put({ approvalId: 'ap9', telegramId: 2, chatId: 2, messageId: 11, version: 0 });
    await refs.put({ approvalId: 'ap9', telegramId: 1, chatId: 1, messageId: 10, version: 1 });
    await refs.put({ approvalId: 'other', telegramId: 1, chatId: 1, messageId: 12, version: 0 });
    const list = [...(await new MongoCardRefs(conn).list('ap9'))].sort((a, b) => a.chatId - b.chatId);
    expect(list).toEqual([
      { approvalId: 'ap9', telegramId: 1, chatId: 1, messageId: 10, version: 1 },
      { approvalId: 'ap9', telegramId: 2, chatId: 2, messageId: 11, version: 0 },
    ]);
  });
});
