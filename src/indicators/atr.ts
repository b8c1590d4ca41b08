/**
 * Average true range with Wilder smoothing.
 *
 * Convention (as TA-Lib and technicalindicators): the average is seeded with the plain mean of the
 * first `period` true ranges that have a previous close (TR_1..TR_period), so the first ATR is at
 * index `period` and entries 0..period-1 are NaN; then atr ← (atr·(period−1) + TR)·(1/period)
 * (multiplying by the reciprocal keeps the recurrence's latency low; within an ulp per step).
 * (TR_0 = high − low is reported by `trueRange` but is not part of the ATR seed: it ignores the
 * overnight gap, so TA-Lib leaves it out and so do we.)
 * Batch and streaming perform the same floating-point operations in the same order.
 */
import { trueRangeOf } from './trueRange';
import { assertPeriod, assertSameLength, fillNaN, outArray } from './validate';

export { trueRange, trueRangeOf, TrueRange } from './trueRange';

export function atr(high: Float64Array, low: Float64Array, close: Float64Array, period = 14, out?: Float64Array): Float64Array {
  assertPeriod('atr', 'period', period);
  const n = assertSameLength('atr', high, low, close);
  const o = outArray('atr', n, out);
  fillNaN(o, 0, Math.min(period, n));
  if (n <= period) return o;
  let sum = 0;
  for (let i = 1; i <= period; i++) sum += trueRangeOf(high[i]!, low[i]!, close[i - 1]!);
  let a = sum / period;
  o[period] = a;
  const pm1 = period - 1;
  const inv = 1 / period;
  let pc = close[period]!;
  for (let i = period + 1; i < n; i++) {
    // trueRangeOf written out (see trueRange.ts: no imported call per bar).
    const h = high[i]!;
    const l = low[i]!;
    let tr = h - l;
    const hc = Math.abs(h - pc);
    const lc = Math.abs(l - pc);
    if (hc > tr) tr = hc;
    if (lc > tr) tr = lc;
    pc = close[i]!;
    a = (a * pm1 + tr) * inv;
    o[i] = a;
  }
  return o;
}

/** Streaming ATR: `next(high, low, close)` returns the current ATR (NaN during warm-up). */
export class Atr {
  readonly period: number;
  value = NaN;
  private count = 0;
  private prevClose = NaN;
  private acc = 0;

  constructor(period = 14) {
    assertPeriod('Atr', 'period', period);
    this.period = period;
  }

  next(high: number, low: number, close: number): number {
    const p = this.period;
    const c = this.count++;
    const pc = this.prevClose;
    this.prevClose = close;
    if (c === 0) return NaN;
    const tr = trueRangeOf(high, low, pc);
    if (c > p) {
      this.value = (this.value * (p - 1) + tr) * (1 / p);
      return this.value;
    }
    this.acc += tr;
    if (c === p) this.value = this.acc / p;
    return this.value;
  }

  reset(): void {
    this.count = 0;
    this.prevClose = NaN;
    this.acc = 0;
    this.value = NaN;
  }
}
