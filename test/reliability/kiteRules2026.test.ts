/**
 * Reliability, issue 16 item 9: the 2026 Kite/SEBI rules against the fake Kite enforcing them. (1) Order requests
 * are capped at 10 a second (429 beyond): a burst of orders through the OMS's rate limiter (Kite's 1-second window
 * beside the per-minute one) and a real KiteBroker gets no 429, while the same burst without the 1-second window
 * does. Both run on one manual clock shared by the limiter and the fake, so the count is exact, not timing. (2) Orders
 * from an IP that is not whitelisted are refused: each refusal is the `ip-not-whitelisted` kind with the sentence
 * that says how to fix it, the hook fires, and nothing is retried or placed.
 */
import type { BrokerError } from '../../src/core/broker';
import { KITE_ORDERS_PER_SECOND, kiteOrderWindows, OrderRateLimiter, type RateWindow } from '../../src/oms/rateLimiter';
import { startFakeKite, type FakeKite } from '../fakes/kite';
import { INFY } from '../fakes/kite/support';
import { kiteBrokerOn, omsIntent } from '../support/brokers/omsFixtures';

describe('reliability: the 2026 Kite rules (issue 16 item 9)', () => {
  const clock = { t: Date.parse('2026-04-01T04:00:00Z') };
  let fake: FakeKite;
  beforeEach(async () => {
    fake = await startFakeKite({ instruments: [INFY], now: () => clock.t, rateLimits: { orders: { perSecond: 10, perMinute: 400 } } });
    fake.setLtp(INFY.token, 1500);
  });
  afterEach(() => fake.close());

  /** `n` orders as fast as the limiter lets them go, one after another (the OMS's submission queue). */
  async function burst(windows: readonly RateWindow[], n: number): Promise<{ placed: number; refused429: number }> {
    const limiter = new OrderRateLimiter({ clock: { now: () => clock.t }, windows, sleep: async (ms) => void (clock.t += ms) });
    const broker = kiteBrokerOn(fake, { clock: { now: () => clock.t }, retries: 0 });
    let placed = 0;
    for (let i = 0; i < n; i++) {
      await limiter.acquire();
      if ((await broker.place(omsIntent({ orderType: 'LIMIT', price: 1400, quantity: 1 }))).ok) placed++;
    }
    return { placed, refused429: fake.rateLimiter!.rejected.orders };
  }

  it('120 orders in a burst through the OMS windows (10/s beside 400/min): 0 answered 429, all placed', async () => {
    expect(kiteOrderWindows(400)).toEqual([KITE_ORDERS_PER_SECOND, { limit: 400, windowMs: 60_000 }]);
    const r = await burst(kiteOrderWindows(400), 120);
    expect(r).toEqual({ placed: 120, refused429: 0 });
    expect(fake.orders.orders()).toHaveLength(120);
    // never more than 10 order requests inside any second, as the fake saw them
    const times = fake.requests.list({ route: 'order.place' }).map((x) => x.time);
    for (let i = 10; i < times.length; i++) expect(times[i]! - times[i - 10]!).toBeGreaterThanOrEqual(1000);
  });

  it('the same burst with only the per-minute window is refused by the fake beyond 10 a second (the test can fail)', async () => {
    const r = await burst([{ limit: 400, windowMs: 60_000 }], 30);
    expect(r.refused429).toBe(20);
    expect(r.placed).toBe(10);
  });

  it('25 orders, modifications and cancellations from an IP not whitelisted: every one refused as ip-not-whitelisted, the hook told each time, nothing retried or placed', async () => {
    const broker = kiteBrokerOn(fake, { staticIps: ['203.0.113.7'] });
    const placedFirst = omsIntent({ orderType: 'LIMIT', price: 1400, quantity: 1 });
    expect((await broker.place(placedFirst)).ok).toBe(true); // placed before the rule is switched on
    fake.setOrderIpWhitelist(['203.0.113.7']);
    const told: BrokerError[] = [];
    broker.onOrderIpRejected((e) => told.push(e));
    const results: { ok: boolean; kind?: string; message?: string }[] = [];
    for (let i = 0; i < 20; i++) {
      const r = await broker.place(omsIntent({ orderType: 'LIMIT', price: 1400, quantity: 1 }));
      results.push(r.ok ? { ok: true } : { ok: false, kind: r.error.kind, message: r.error.message });
    }
    for (let i = 0; i < 3; i++) {
      const r = await broker.modify(placedFirst.clientOrderId, { price: 1401 });
      results.push(r.ok ? { ok: true } : { ok: false, kind: r.error.kind, message: r.error.message });
    }
    for (let i = 0; i < 2; i++) {
      const r = await broker.cancel(placedFirst.clientOrderId);
      results.push(r.ok ? { ok: true } : { ok: false, kind: r.error.kind, message: r.error.message });
    }
    expect(results).toHaveLength(25);
    expect(results.filter((r) => r.ok || r.kind !== 'ip-not-whitelisted')).toEqual([]);
    expect(told).toHaveLength(25);
    expect(told[0]!.message).toMatch(/^Kite refused the order because it came from an IP address that is not whitelisted .*KITE_STATIC_IPS lists 203\.0\.113\.7\. Then resume trading\.$/);
    expect(fake.requests.count({ route: 'order.place' })).toBe(1 + 20); // one attempt each: an IP refusal is never retried
    expect(fake.requests.count({ route: 'order.modify' }) + fake.requests.count({ route: 'order.cancel' })).toBe(5);
    expect(fake.orders.orders()).toHaveLength(1);

    fake.setOrderIpWhitelist(['203.0.113.7', '127.0.0.1']); // the bot's IP whitelisted: orders go through again
    expect((await broker.place(omsIntent({ orderType: 'LIMIT', price: 1400, quantity: 1 }))).ok).toBe(true);
  });
});
