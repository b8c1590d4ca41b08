/**
 * Optional enforcement of Kite's rate limits (kite.md): orders 10/s and 400/min, historical 3/s, quote 1/s, other
 * endpoints 10/s. A call over a limit is answered 429 and not counted. Windows slide over the fake's clock, so tests
 * can drive them with a manual clock instead of real time.
 */
import type { RateGroup } from './route';

export interface GroupLimit {
  readonly perSecond: number;
  readonly perMinute?: number;
}

export type RateLimitConfig = Readonly<Record<RateGroup, GroupLimit>>;

export const KITE_RATE_LIMITS: RateLimitConfig = {
  orders: { perSecond: 10, perMinute: 400 },
  historical: { perSecond: 3 },
  quote: { perSecond: 1 },
  other: { perSecond: 10 },
};

export class RateLimiter {
  private readonly stamps: Record<RateGroup, number[]> = { orders: [], quote: [], historical: [], other: [] };
  readonly rejected: Record<RateGroup, number> = { orders: 0, quote: 0, historical: 0, other: 0 };

  constructor(
    private readonly config: RateLimitConfig,
    private readonly now: () => number,
  ) {}

  /** Records the call and returns true if it is within the group's limits; false (counted as rejected) otherwise. */
  allow(group: RateGroup): boolean {
    const t = this.now();
    const list = this.stamps[group];
    while (list.length > 0 && list[0]! <= t - 60_000) list.shift();
    const limit = this.config[group];
    let lastSecond = 0;
    for (let i = list.length - 1; i >= 0 && list[i]! > t - 1000; i--) lastSecond++;
    if (lastSecond >= limit.perSecond || (limit.perMinute !== undefined && list.length >= limit.perMinute)) {
      this.rejected[group]++;
      return false;
    }
    list.push(t);
    return true;
  }
}
