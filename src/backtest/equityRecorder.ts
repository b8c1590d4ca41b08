/**
 * The equity curve of a backtest, one point per kernel step (the step's close time): the sum of every
 * instance's ledger equity (cash + positions at the closes). It is the kernel's step observer, so it
 * runs once per step after every `onBar`, outside the strategies. Alongside it keeps an in-market
 * flag per point (1 when any instance holds a position at that close) for the exposure metric,
 * and the last equity of each IST day (the daily series the metrics are computed from; the day
 * changes are found by comparing with the next IST midnight, no date arithmetic per point).
 * The arrays are sized for the expected steps up front: nothing is allocated per bar.
 */
// From the module itself, not the analytics index: a name re-exported by an index is a getter in the compiled
// CommonJS (tsc, tsx), and `istDayNumber` runs at every IST day of the curve — every bar of a daily run, where the
// getter was 4.8 % of a sweep's time.
import { DAY_MS, IST_OFFSET_MS, istDayNumber } from '../analytics/conventions';
import type { DailySeries } from '../analytics/returns';
import type { AccountLedger } from '../oms/accountLedger';
import type { StepObserver } from '../engine/kernelLoop';

export class EquityRecorder implements StepObserver {
  time: Float64Array;
  equity: Float64Array;
  /** 1 where a position is held at the point's close, else 0. */
  inMarket: Uint8Array;
  n = 0;
  private ledgers: readonly AccountLedger[] = [];
  private one: AccountLedger | undefined = undefined;
  private nextProgress: number;
  private dayNumber = new Float64Array(64);
  private dayLast = new Float64Array(64);
  /** Days seen so far (the last one is still open). */
  private days = 0;
  /** First instant (UTC ms) of the IST day after the current point's day. */
  private nextDayStart = -Infinity;
  private readonly progressEvery: number;

  /** False while `time` is the close times given up front (shared, never written here). */
  private ownTime: boolean;

  constructor(
    /** Expected steps (for progress and the allocation). */
    readonly expectedSteps: number,
    private readonly onProgress: ((fraction: number) => void) | undefined,
    /**
     * The steps' close times when they are known up front (a run on one series: one step per bar, closeTimes.ts):
     * the curve's times are those, not written step by step.
     */
    closeTimes?: Float64Array<ArrayBuffer>,
  ) {
    const cap = Math.max(16, expectedSteps + 1);
    this.ownTime = closeTimes === undefined;
    this.time = closeTimes ?? new Float64Array(cap);
    this.equity = new Float64Array(cap);
    this.inMarket = new Uint8Array(cap);
    this.progressEvery = Math.max(1, Math.floor(expectedSteps / 100));
    this.nextProgress = onProgress ? this.progressEvery : Infinity;
  }

  /** The ledgers whose equity is summed (every instance of the run). */
  watch(ledgers: readonly AccountLedger[]): void {
    this.ledgers = ledgers;
    this.one = ledgers.length === 1 && ledgers[0]!.size === 1 ? ledgers[0] : undefined;
  }

  afterStep(closeTime: number): void {
    const one = this.one;
    let total: number;
    let held = 0;
    if (one !== undefined) {
      // One instance on one symbol (the common case): its equity without a call or a loop.
      const p = one.position[0]!;
      total = p === 0 ? one.cash : one.cash + p * one.mark(0);
      if (p !== 0) held = 1;
    } else {
      const ledgers = this.ledgers;
      total = 0;
      for (let k = 0; k < ledgers.length; k++) {
        const l = ledgers[k]!;
        total += l.equity();
        const pos = l.position;
        for (let j = 0; j < pos.length; j++) if (pos[j] !== 0) held = 1;
      }
    }
    const n = this.n;
    if (n === this.time.length || n === this.equity.length) this.grow();
    if (this.ownTime) this.time[n] = closeTime;
    this.equity[n] = total;
    this.inMarket[n] = held;
    this.n = n + 1;
    if (closeTime >= this.nextDayStart) this.newDay(closeTime);
    this.dayLast[this.days - 1] = total;
    if (this.n >= this.nextProgress) this.progress();
  }

  /** The last equity of each IST day of the curve (equal to analytics' `dailyLast` of it). */
  daily(): DailySeries {
    return { day: this.dayNumber.subarray(0, this.days), value: this.dayLast.subarray(0, this.days) };
  }

  private newDay(t: number): void {
    const d = istDayNumber(t);
    if (this.days === this.dayNumber.length) {
      const day = new Float64Array(this.days * 2);
      const last = new Float64Array(this.days * 2);
      day.set(this.dayNumber);
      last.set(this.dayLast);
      this.dayNumber = day;
      this.dayLast = last;
    }
    this.dayNumber[this.days++] = d;
    // IST day d starts at d × DAY_MS − 05:30 in UTC.
    this.nextDayStart = (d + 1) * DAY_MS - IST_OFFSET_MS;
  }

  private progress(): void {
    this.nextProgress += this.progressEvery;
    this.onProgress?.(Math.min(1, this.n / Math.max(1, this.expectedSteps)));
  }

  private grow(): void {
    const cap = Math.max(this.time.length, this.equity.length) * 2;
    const t = new Float64Array(cap);
    const e = new Float64Array(cap);
    const m = new Uint8Array(cap);
    t.set(this.time);
    e.set(this.equity);
    m.set(this.inMarket);
    this.time = t;
    this.equity = e;
    this.inMarket = m;
    // More steps than the times given: the curve's times are its own from here, written step by step.
    this.ownTime = true;
  }
}
