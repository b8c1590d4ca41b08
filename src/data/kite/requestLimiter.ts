/**
 * A client-side request limiter for Kite's per-second limits (historical: 3 requests/s).
 *
 * Kite (and the fake) count requests in a sliding one-second window at the server, stamped when a request
 * ARRIVES. A token bucket lets a fourth request out 333 ms after a burst of three, which a sliding window
 * rejects with 429; so this limiter is a sliding window, and a conservative one: a slot becomes free only
 * `windowMs` after the call that used it has COMPLETED. Since a request arrives before its reply leaves, any
 * `limit + 1` requests then arrive more than `windowMs` apart, whatever the network latency.
 */

export interface LimiterClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realLimiterClock: LimiterClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export class RequestLimiter {
  /** Completion times of finished calls, oldest first (at most `limit` kept). */
  private readonly finished: number[] = [];
  private inFlight = 0;
  private releaseWaiters: (() => void)[] = [];
  /** Callers queue here so that slots are granted in arrival order. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly clock: LimiterClock = realLimiterClock,
  ) {
    if (!(limit >= 1) || !(windowMs > 0)) throw new RangeError(`limiter needs limit >= 1 and windowMs > 0, got ${limit}/${windowMs}`);
  }

  /** Runs `call` once a slot is free; the slot is held until `windowMs` after the call settles. */
  async run<T>(call: () => Promise<T>): Promise<T> {
    const turn = this.queue.then(() => this.acquire());
    this.queue = turn.catch(() => undefined);
    await turn;
    try {
      return await call();
    } finally {
      this.inFlight--;
      this.finished.push(this.clock.now());
      if (this.finished.length > this.limit) this.finished.shift();
      const waiters = this.releaseWaiters;
      this.releaseWaiters = [];
      for (const w of waiters) w();
    }
  }

  private async acquire(): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      const recent = this.finished.filter((t) => t > now - this.windowMs);
      if (this.inFlight + recent.length < this.limit) break;
      if (recent.length === 0) {
        // Every slot is in flight: wait for one to settle.
        await new Promise<void>((resolve) => this.releaseWaiters.push(resolve));
      } else {
        // Wait for the oldest recent completion to leave the window.
        await this.clock.sleep(Math.max(1, recent[0]! + this.windowMs - now));
      }
    }
    this.inFlight++;
  }
}
