/**
 * Simple moving average.
 *
 * Convention: out[i] = mean of src[i-period+1 .. i]; the first period-1 entries are NaN.
 * Numerics: a running sum of deviations from a shift c (the newest value at the last recompute):
 * sum ← sum + (x − c) − (old − c), mean = c + sum/period. Prices in a window are close to c, so
 * x − c is exact (Sterbenz) and the sum stays small, which keeps full precision even at 1e5 with
 * tiny moves. The sum (and c) are recomputed from scratch, oldest to newest, every time the bar
 * count is a multiple of `period`, so rounding drift never builds up over long series. A NaN input poisons the output until the
 * first recompute after it has left the window (at most 2·period bars later).
 * Batch and streaming perform the same floating-point operations in the same order, so their
 * results are bit-identical.
 */
import { assertPeriod, fillNaN, outArray } from './validate';

export function sma(src: Float64Array, period: number, out?: Float64Array): Float64Array {
  assertPeriod('sma', 'period', period);
  const n = src.length;
  const o = outArray('sma', n, out);
  fillNaN(o, 0, Math.min(period - 1, n));
  let sum = 0;
  let c = 0;
  let untilRecompute = period;
  for (let i = 0; i < n; i++) {
    untilRecompute--;
    if (untilRecompute === 0) {
      untilRecompute = period;
      c = src[i]!;
      let s = 0;
      for (let j = i - period + 1; j <= i; j++) s += src[j]! - c;
      sum = s;
    } else if (i >= period) {
      sum = sum + (src[i]! - c) - (src[i - period]! - c);
    } else {
      continue;
    }
    o[i] = c + sum / period;
  }
  return o;
}

/** Streaming SMA: `next(x)` returns the current average (NaN during warm-up); allocates nothing. */
export class Sma {
  readonly period: number;
  value = NaN;
  private readonly buf: Float64Array;
  private pos = 0;
  private count = 0;
  private sum = 0;
  private c = 0;

  constructor(period: number) {
    assertPeriod('Sma', 'period', period);
    this.period = period;
    this.buf = new Float64Array(period);
  }

  next(x: number): number {
    const p = this.period;
    const buf = this.buf;
    const old = buf[this.pos]!;
    buf[this.pos] = x;
    this.count++;
    if (++this.pos === p) {
      this.pos = 0;
      const c = x;
      let s = 0;
      for (let j = 0; j < p; j++) s += buf[j]! - c;
      this.sum = s;
      this.c = c;
    } else if (this.count > p) {
      this.sum = this.sum + (x - this.c) - (old - this.c);
    } else {
      return NaN;
    }
    this.value = this.c + this.sum / p;
    return this.value;
  }

  reset(): void {
    this.buf.fill(0);
    this.pos = 0;
    this.count = 0;
    this.sum = 0;
    this.c = 0;
    this.value = NaN;
  }
}
