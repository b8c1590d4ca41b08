import fc from 'fast-check';
import { RequestLimiter, type LimiterClock } from '../../../src/data/kite/requestLimiter';
import { backoffDelay, withKiteRetry } from '../../../src/data/kite/kiteRetry';

/** A virtual clock: sleeping moves time forward at once, so the test is exact and does not wait. */
function virtualClock(): LimiterClock & { t: number } {
  const c = {
    t: 0,
    now: () => c.t,
    sleep: async (ms: number) => {
      c.t += ms;
    },
  };
  return c;
}

describe('RequestLimiter', () => {
  it('never lets limit + 1 calls start within windowMs of the completion of the earliest of them', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 700 }), { minLength: 1, maxLength: 25 }), fc.integer({ min: 1, max: 4 }), async (durations, limit) => {
        const clock = virtualClock();
        const limiter = new RequestLimiter(limit, 1000, clock);
        const spans: { start: number; end: number }[] = []; // in the order the calls started
        await Promise.all(
          durations.map((d) =>
            limiter.run(async () => {
              const span = { start: clock.t, end: Number.POSITIVE_INFINITY };
              spans.push(span);
              await Promise.resolve();
              clock.t += d; // the call takes d ms of virtual time
              span.end = clock.t;
            }),
          ),
        );
        expect(spans).toHaveLength(durations.length);
        for (let i = 0; i < spans.length; i++) {
          // when call i started, fewer than `limit` earlier calls were running or had ended within the last window
          const busy = spans.slice(0, i).filter((s) => s.end > spans[i]!.start - 1000).length;
          expect(busy).toBeLessThan(limit);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('lets the first `limit` calls go at once', async () => {
    const clock = virtualClock();
    const limiter = new RequestLimiter(3, 1000, clock);
    const starts: number[] = [];
    await Promise.all([0, 1, 2, 3].map(() => limiter.run(async () => void starts.push(clock.t))));
    expect(starts).toEqual([0, 0, 0, 1000]);
  });

  it('frees the slot when a call throws', async () => {
    const limiter = new RequestLimiter(1, 1000, virtualClock());
    await expect(limiter.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limiter.run(async () => 7)).resolves.toBe(7);
  });
});

describe('withKiteRetry', () => {
  const policy = (sleeps: number[]) => ({ maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 250, random: () => 0.999, sleep: async (ms: number) => void sleeps.push(ms) });

  it('retries NetworkException and GeneralException with capped exponential backoff', async () => {
    const sleeps: number[] = [];
    let n = 0;
    const r = await withKiteRetry(async () => {
      n++;
      if (n < 4) throw { error_type: n === 2 ? 'GeneralException' : 'NetworkException', message: 'Too many requests' };
      return 'ok';
    }, policy(sleeps));
    expect(r).toEqual({ ok: true, value: 'ok' });
    expect(sleeps).toEqual([99, 199, 249]);
  });

  it('returns InputException and TokenException at once', async () => {
    for (const type of ['InputException', 'TokenException']) {
      const sleeps: number[] = [];
      let n = 0;
      const r = await withKiteRetry(async () => {
        n++;
        throw { error_type: type, message: 'invalid token' };
      }, policy(sleeps));
      expect(r).toEqual({ ok: false, error: { errorType: type, message: 'invalid token', attempts: 1 } });
      expect(n).toBe(1);
      expect(sleeps).toEqual([]);
    }
  });

  it('jitter stays within [0, min(max, base·2^(k-1)))', () => {
    const p = { maxAttempts: 9, baseDelayMs: 100, maxDelayMs: 1000 };
    for (let k = 1; k <= 8; k++) {
      expect(backoffDelay(p, k, () => 0)).toBe(0);
      expect(backoffDelay(p, k, () => 0.999999)).toBe(Math.min(1000, 100 * 2 ** (k - 1)) - 1);
    }
  });
});
