import fc from 'fast-check';
import { OrderRateLimiter, type RateWindow } from '../../src/oms/rateLimiter';
import { ManualClock } from '../support/brokers/omsFixtures';

/** Independent reference: count grants in every sliding window (t - w, t]. */
function maxInWindow(stamps: readonly number[], windowMs: number): number {
  let best = 0;
  for (const t of stamps) best = Math.max(best, stamps.filter((s) => s > t - windowMs && s <= t).length);
  return best;
}

describe('OrderRateLimiter', () => {
  it('never lets more than `limit` requests into any sliding window, for random arrival patterns', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 5 }), async (gaps, perSec) => {
        const clock = new ManualClock(0);
        const windows: RateWindow[] = [{ limit: perSec, windowMs: 1000 }, { limit: perSec * 3, windowMs: 10_000 }];
        const lim = new OrderRateLimiter({ clock, windows, marginMs: 0, sleep: async (ms) => void (clock.t += ms) });
        const stamps: number[] = [];
        for (const g of gaps) {
          clock.t += g;
          await lim.acquire();
          stamps.push(clock.t);
        }
        expect(maxInWindow(stamps, 1000)).toBeLessThanOrEqual(perSec);
        expect(maxInWindow(stamps, 10_000)).toBeLessThanOrEqual(perSec * 3);
      }),
      { numRuns: 60 },
    );
  });

  it('waits exactly until the oldest grant leaves the window (plus the margin)', () => {
    const clock = new ManualClock(1000);
    const lim = new OrderRateLimiter({ clock, windows: [{ limit: 2, windowMs: 1000 }], marginMs: 10 });
    lim.record(1000);
    lim.record(1200);
    expect(lim.delayAt(1300)).toBe(710);
    expect(lim.delayAt(2010)).toBe(0);
  });

  it('backs off after a 429 and serves callers in order', async () => {
    const clock = new ManualClock(0);
    const order: number[] = [];
    const lim = new OrderRateLimiter({ clock, windows: [{ limit: 1, windowMs: 100 }], marginMs: 0, sleep: async (ms) => void (clock.t += ms) });
    lim.backOff(500);
    await Promise.all([0, 1, 2].map((k) => lim.acquire().then(() => order.push(k))));
    expect(order).toEqual([0, 1, 2]);
    expect(clock.t).toBe(700);
  });
});

describe('changing the windows while running', () => {
  test('a shrink then a growth within the minute still counts every grant of that minute', async () => {
    let t = 1_000_000;
    const clock = { now: () => t };
    const limiter = new OrderRateLimiter({ clock, windows: [{ limit: 10, windowMs: 60_000 }], marginMs: 0, sleep: async (ms) => void (t += ms) });
    for (let k = 0; k < 8; k++) {
      await limiter.acquire();
      t += 1_000;
    }
    limiter.setWindows([{ limit: 2, windowMs: 60_000 }]);
    expect(limiter.windows).toEqual([{ limit: 2, windowMs: 60_000 }]);
    // the 2nd most recent grant was at +6 s: wait until it is a minute old
    expect(limiter.delayAt(t)).toBe(1_006_000 + 60_000 - t);
    limiter.setWindows([{ limit: 10, windowMs: 60_000 }]);
    // all eight grants are still remembered: two more may go now, the 11th waits for the first to age out
    expect(limiter.delayAt(t)).toBe(0);
    limiter.record(t);
    limiter.record(t);
    expect(limiter.delayAt(t)).toBe(1_000_000 + 60_000 - t);
  });

  test('a 429 back-off in force survives a change; bad windows are refused', () => {
    const t = 5_000;
    const limiter = new OrderRateLimiter({ clock: { now: () => t }, windows: [{ limit: 5, windowMs: 1_000 }] });
    limiter.backOff(2_000);
    limiter.setWindows([{ limit: 50, windowMs: 1_000 }]);
    expect(limiter.delayAt(t)).toBe(2_000);
    expect(() => limiter.setWindows([{ limit: 0, windowMs: 1_000 }])).toThrow(RangeError);
  });
});
