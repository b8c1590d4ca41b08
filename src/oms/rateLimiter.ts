/**
 * Client-side order rate limiter matching Kite's limits (10/s, 400/min, 5000/day by default).
 *
 * Why sliding windows and not refilling token buckets: Kite (and our fake) count requests in sliding
 * windows. A token bucket of capacity C refilling at r/s lets C + r requests through in one second, so
 * any burst capacity at all would earn a 429. Each window here is a ring of the last `limit` grant times
 * (a Float64Array, no allocation per order): a request may go when the `limit`-th most recent grant is at
 * least `windowMs + marginMs` old. `marginMs` absorbs network jitter between our clock and the server's.
 * Clock and sleep are injected, so tests drive a fake clock instead of waiting for real time.
 */
import type { Clock } from '../core/clock';

export interface RateWindow {
  readonly limit: number;
  readonly windowMs: number;
}

/**
 * Kite's order rate limit per second: 10 order requests a second per account; beyond, HTTP 429. Strict from
 * 1 April 2026 under SEBI's retail algo framework (Zerodha, "Preparing to comply with SEBI's retail algo rules",
 * kite.trade forum, March 2026; NSE circular of 22 July 2025 on API usage: more than 10 orders a second needs a
 * registered strategy). No configuration may go above it.
 */
export const KITE_ORDERS_PER_SECOND: RateWindow = { limit: 10, windowMs: 1_000 };

export const KITE_ORDER_WINDOWS: readonly RateWindow[] = [
  KITE_ORDERS_PER_SECOND,
  { limit: 400, windowMs: 60_000 },
  { limit: 5_000, windowMs: 86_400_000 },
];

/** The order limiter's windows for a per-minute limit (RISK_MAX_ORDERS_PER_MINUTE, /settings): always with Kite's 10 a second. */
export const kiteOrderWindows = (perMinute: number): readonly RateWindow[] => [KITE_ORDERS_PER_SECOND, { limit: perMinute, windowMs: 60_000 }];

export interface RateLimiterOptions {
  readonly windows?: readonly RateWindow[];
  readonly clock: Clock;
  /** Waits `ms` (default: a real timer). A fake clock's sleep advances the clock. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Extra spacing per window against clock skew and latency (default 25 ms). */
  readonly marginMs?: number;
}

interface Ring {
  readonly limit: number;
  readonly windowMs: number;
  /** The last grant times, `stamps.length` ≥ `limit` of them (more after a window shrank, for a later growth). */
  readonly stamps: Float64Array;
  /** Next slot to write; also the oldest of the remembered grants once the ring is full. */
  next: number;
  count: number;
}

/** Unref'd: a call waiting for its slot or its retry does not keep a stopping process alive. */
export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());

function pushStamp(r: Ring, t: number): void {
  r.stamps[r.next] = t;
  r.next = (r.next + 1) % r.stamps.length;
  if (r.count < r.stamps.length) r.count++;
}

function checkWindows(windows: readonly RateWindow[]): void {
  for (const w of windows) {
    if (!(w.limit >= 1) || !Number.isInteger(w.limit) || !(w.windowMs > 0)) throw new RangeError(`bad rate window ${JSON.stringify(w)}`);
  }
}

const newRing = (w: RateWindow, capacity = w.limit): Ring => ({ limit: w.limit, windowMs: w.windowMs, stamps: new Float64Array(Math.max(capacity, w.limit)), next: 0, count: 0 });

export class OrderRateLimiter {
  private rings: Ring[];
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly marginMs: number;
  private blockedUntil = -Infinity;
  private chain: Promise<void> = Promise.resolve();
  /** Grants so far (for reports). */
  granted = 0;

  constructor(private readonly o: RateLimiterOptions) {
    const windows = o.windows ?? KITE_ORDER_WINDOWS;
    checkWindows(windows);
    this.rings = windows.map(newRing);
    this.sleep = o.sleep ?? realSleep;
    this.marginMs = o.marginMs ?? 25;
  }

  get windows(): readonly RateWindow[] {
    return this.rings.map((r) => ({ limit: r.limit, windowMs: r.windowMs }));
  }

  /**
   * New windows from the next request on (/settings max_orders_per_minute): the grants already made count against
   * them (copied from the window that remembers the most), and a 429 back-off in force stays.
   */
  setWindows(windows: readonly RateWindow[]): void {
    checkWindows(windows);
    const source = this.rings.reduce<Ring | undefined>((a, r) => (a === undefined || r.stamps.length > a.stamps.length ? r : a), undefined);
    this.rings = windows.map((w) => {
      const ring = newRing(w, source?.stamps.length);
      if (source === undefined) return ring;
      const cap = source.stamps.length;
      for (let i = Math.min(source.count, ring.stamps.length); i >= 1; i--) pushStamp(ring, source.stamps[(source.next - i + cap) % cap]!);
      return ring;
    });
  }

  /** Requests queued in `acquire` and not yet granted. */
  private waiting = 0;

  /** Milliseconds to wait before the next request may go at `now` (0 = now). */
  delayAt(now: number): number {
    let wait = Math.max(0, this.blockedUntil - now);
    for (const r of this.rings) {
      if (r.count < r.limit) continue;
      // The limit-th most recent grant.
      const oldest = r.stamps[(r.next - r.limit + r.stamps.length) % r.stamps.length]!;
      wait = Math.max(wait, oldest + r.windowMs + this.marginMs - now);
    }
    return wait;
  }

  /** Records a request sent at `now` (call only when `delayAt(now) === 0`). */
  record(now: number): void {
    for (const r of this.rings) pushStamp(r, now);
    this.granted++;
  }

  /** Takes a slot now if one is free and nobody is waiting for one (counted); false otherwise. */
  tryAcquire(): boolean {
    if (this.waiting > 0) return false;
    const now = this.o.clock.now();
    if (this.delayAt(now) > 0) return false;
    this.record(now);
    return true;
  }

  /** Resolves when one more request may go, and counts it. Callers are served first come, first served. */
  acquire(): Promise<void> {
    this.waiting++;
    const turn = this.chain.then(async () => {
      for (;;) {
        const now = this.o.clock.now();
        const d = this.delayAt(now);
        if (d <= 0) {
          this.record(now);
          return;
        }
        await this.sleep(d);
      }
    });
    const done = turn.finally(() => this.waiting--);
    this.chain = done.catch(() => undefined);
    return done;
  }

  /** The broker said 429 anyway: send nothing for `ms`. */
  backOff(ms: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, this.o.clock.now() + ms);
  }
}
