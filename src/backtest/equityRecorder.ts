/**
 * The equity curve of a backtest, one point per step (close time), summed over the run's instances.
 * Each instance reports its equity when it sees a bar; instances without a bar at a step keep their
 * last value (their marks did not move). Growable typed arrays: nothing is allocated per bar.
 */
export class EquityRecorder {
  time: Float64Array;
  equity: Float64Array;
  n = 0;
  private readonly latest: Float64Array;
  private nextProgress: number;

  constructor(
    capitals: readonly number[],
    /** Expected steps (for progress and the first allocation). */
    readonly expectedSteps: number,
    private readonly onProgress: ((fraction: number) => void) | undefined,
  ) {
    this.latest = Float64Array.from(capitals);
    const cap = Math.max(16, expectedSteps + 1);
    this.time = new Float64Array(cap);
    this.equity = new Float64Array(cap);
    this.nextProgress = onProgress ? Math.max(1, Math.floor(expectedSteps / 100)) : Infinity;
  }

  record(instance: number, time: number, equity: number): void {
    const latest = this.latest;
    latest[instance] = equity;
    let total = equity;
    if (latest.length > 1) {
      total = 0;
      for (let k = 0; k < latest.length; k++) total += latest[k]!;
    }
    const n = this.n;
    if (n > 0 && this.time[n - 1] === time) {
      this.equity[n - 1] = total;
      return;
    }
    if (n === this.time.length) this.grow();
    this.time[n] = time;
    this.equity[n] = total;
    this.n = n + 1;
    if (this.n >= this.nextProgress) this.progress();
  }

  private progress(): void {
    this.nextProgress += Math.max(1, Math.floor(this.expectedSteps / 100));
    this.onProgress?.(Math.min(1, this.n / Math.max(1, this.expectedSteps)));
  }

  private grow(): void {
    const t = new Float64Array(this.time.length * 2);
    const e = new Float64Array(this.time.length * 2);
    t.set(this.time);
    e.set(this.equity);
    this.time = t;
    this.equity = e;
  }
}
