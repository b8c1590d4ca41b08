/** Time as the engine sees it: simulated in backtests, the wall clock in paper and live. */
export interface Clock {
  /** Epoch milliseconds (UTC). */
  now(): number;
}

/** A clock the backtest moves forward; it never goes back. */
export class SimulatedClock implements Clock {
  private t: number;

  constructor(start = 0) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  /** Moves to `t`; moving backwards is a bug in the caller. */
  set(t: number): void {
    if (t < this.t) throw new RangeError(`simulated clock cannot go back from ${this.t} to ${t}`);
    this.t = t;
  }

  advance(ms: number): void {
    this.set(this.t + ms);
  }
}

/** The wall clock. */
export class LiveClock implements Clock {
  now(): number {
    return Date.now();
  }
}
