/**
 * A 200-order burst through the OMS against the fake Kite with Kite's order limits enforced (10/s, 400/min) on
 * a manual clock shared by the fake and our limiter: no 429. The limiter's sleep advances the clock only once
 * every granted request has reached the fake, so the fake stamps each request at its grant time. The control
 * run without our limiter shows the fake does answer 429 to the same burst.
 */
import { MemoryOrderRepository } from '../../src/core/ports/orderRepository';
import { KITE_ORDER_WINDOWS, OrderRateLimiter } from '../../src/oms/rateLimiter';
import { startFakeKite } from '../fakes/kite';
import { INFY } from '../fakes/kite/support';
import { kiteBrokerOn, ManualClock, omsIntent, omsOn } from '../support/brokers/omsFixtures';

async function burst(limited: boolean): Promise<{ placed: number; rejected429: number; elapsed: number }> {
  const clock = new ManualClock(Date.UTC(2025, 0, 6, 4, 0));
  const fake = await startFakeKite({ instruments: [INFY], now: () => clock.t, rateLimits: { orders: { perSecond: 10, perMinute: 400 } } });
  try {
    fake.setLtp(INFY.token, 1500);
    const start = clock.t;
    const limiter: OrderRateLimiter = new OrderRateLimiter({
      clock,
      marginMs: 0,
      windows: limited ? KITE_ORDER_WINDOWS : [{ limit: 1_000_000, windowMs: 1 }],
      sleep: async (ms) => {
        while (fake.requests.count({ route: 'order.place' }) < limiter.granted) await new Promise((r) => setImmediate(r));
        clock.t += ms;
      },
    });
    const oms = omsOn(kiteBrokerOn(fake, { retries: 0 }), new MemoryOrderRepository(), clock, { limiter, maxRateRetries: 0 });
    for (let k = 0; k < 200; k++) await oms.submit(omsIntent());
    await oms.idle();
    return { placed: fake.orders.orders().length, rejected429: fake.rateLimiter!.rejected.orders, elapsed: clock.t - start };
  } finally {
    await fake.close();
  }
}

describe('order rate limiter against the fake with Kite limits enforced', () => {
  it('keeps a 200-order burst free of 429s', async () => {
    const r = await burst(true);
    expect(r.rejected429).toBe(0);
    expect(r.placed).toBe(200);
    // 200 orders at 10/s: the first 10 go at once, then one more second per 10.
    expect(r.elapsed).toBeGreaterThanOrEqual(19_000);
  });

  it('control: the same burst without the limiter earns 429s', async () => {
    const r = await burst(false);
    expect(r.rejected429).toBeGreaterThan(0);
    expect(r.placed).toBeLessThan(200);
  });
});
