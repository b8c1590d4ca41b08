/**
 * The outbound queue with the real telegraf client against the fake Bot API enforcing Telegram's real limits,
 * on a virtual clock shared by the queue and the fake (no real waiting, no timing assertions).
 */
import { Telegraf } from 'telegraf';
import { MemoryOutboundStore, type OutboundItem } from '../../../src/core/ports/telegramOutbox';
import { OutboundQueue } from '../../../src/transports/telegram/outboundQueue';
import { telegramDeliver } from '../../../src/transports/telegram/telegramCalls';
import { startFakeTelegram, type FakeTelegram } from '../../fakes/telegram';
import { captureLog } from './support';

describe('OutboundQueue', () => {
  let fake: FakeTelegram;
  const clock = { t: Date.parse('2025-01-08T05:30:00Z') };
  const attempts: { t: number; item: OutboundItem }[] = [];

  const queue = (): OutboundQueue => {
    const deliver = telegramDeliver(new Telegraf(fake.token, { telegram: { apiRoot: fake.apiRoot } }).telegram);
    return new OutboundQueue({
      deliver: (item) => {
        attempts.push({ t: clock.t, item });
        return deliver(item);
      },
      store: new MemoryOutboundStore(),
      log: captureLog(),
      now: () => clock.t,
      sleep: async (ms) => {
        clock.t += Math.max(1, ms);
        await new Promise((r) => setImmediate(r));
      },
    });
  };

  beforeEach(async () => {
    attempts.length = 0;
    fake = await startFakeTelegram({ rateLimit: true, now: () => clock.t });
  });
  afterEach(() => fake.close());

  it('keeps Telegram’s limits (1/s per chat, 20/min per group, 30/s overall): nothing refused, order kept', async () => {
    const q = queue();
    const sent: Promise<unknown>[] = [];
    const start = clock.t;
    for (let i = 0; i < 25; i++) sent.push(q.enqueue(-77, { method: 'sendMessage', text: `group ${i}` }));
    for (let c = 1; c <= 40; c++) for (let i = 0; i < 2; i++) sent.push(q.enqueue(1000 + c, { method: 'sendMessage', text: `chat ${c} #${i}` }));
    const results = await Promise.all(sent);
    expect(results.every((r) => (r as { ok: boolean }).ok)).toBe(true);
    expect(fake.calls('sendMessage').filter((c) => c.status !== 200)).toEqual([]);
    expect(fake.messages(-77).map((m) => m.state.text)).toEqual(Array.from({ length: 25 }, (_, i) => `group ${i}`));
    expect(fake.messages(1007).map((m) => m.state.text)).toEqual(['chat 7 #0', 'chat 7 #1']);
    // 25 messages to one group cannot go out within a minute
    expect(clock.t - start).toBeGreaterThanOrEqual(60_000);
    // never more than 30 sends in any second
    const times = attempts.map((a) => a.t).sort((a, b) => a - b);
    for (let i = 30; i < times.length; i++) expect(times[i]! - times[i - 30]!).toBeGreaterThanOrEqual(1000);
  });

  it('waits retry_after after a 429 before trying that chat again, and other chats go on meanwhile', async () => {
    fake.setRateLimits(false);
    fake.faults.add({ method: 'sendMessage', times: 1, fault: { kind: 'error', status: 429, retryAfter: 7 } });
    const q = queue();
    const a = q.enqueue(5, { method: 'sendMessage', text: 'first' });
    const b = q.enqueue(6, { method: 'sendMessage', text: 'other chat' });
    expect(await a).toMatchObject({ ok: true });
    expect(await b).toMatchObject({ ok: true });
    const tries = attempts.filter((x) => x.item.chatId === 5);
    expect(tries).toHaveLength(2);
    expect(tries[1]!.t - tries[0]!.t).toBeGreaterThanOrEqual(7000);
    const other = attempts.find((x) => x.item.chatId === 6)!;
    expect(other.t).toBeLessThan(tries[1]!.t);
    expect(fake.messages(5).map((m) => m.state.text)).toEqual(['first']);
  });

  it('queues through an outage (5xx and dropped connections) and delivers everything, in order, once it is back', async () => {
    fake.setRateLimits(false);
    fake.faults.add({ method: 'sendMessage', times: 4, fault: { kind: 'error', status: 502 } });
    fake.faults.add({ method: 'sendMessage', times: 2, fault: { kind: 'drop' } });
    const q = queue();
    const r = await Promise.all([1, 2, 3].map((i) => q.enqueue(9, { method: 'sendMessage', text: `m${i}` })));
    expect(r.every((x) => x.ok)).toBe(true);
    expect(fake.messages(9).map((m) => m.state.text)).toEqual(['m1', 'm2', 'm3']);
    expect(attempts.length).toBe(3 + 6);
  });

  it('a permanent refusal (bad content) drops that message only; an identical edit counts as done', async () => {
    fake.setRateLimits(false);
    const q = queue();
    const bad = await q.enqueue(4, { method: 'sendMessage', text: '<b>unclosed' });
    expect(bad).toMatchObject({ ok: false, reason: expect.stringMatching(/^400 Bad Request: can't parse entities/) });
    const good = await q.enqueue(4, { method: 'sendMessage', text: 'fine' });
    if (!good.ok) throw new Error(good.reason);
    expect(await q.enqueue(4, { method: 'editMessageText', messageId: good.messageId, text: 'fine' })).toEqual({ ok: true, messageId: good.messageId });
    expect(fake.messages(4).map((m) => m.state.text)).toEqual(['fine']);
  });
});
