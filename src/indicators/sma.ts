/**
 * Simple moving average.
 *
 * Convention: out[i] = mean of src[i-period+1 .. i]; the first period-1 entries are NaN.
 * Numerics: a running sum of deviations from a shift c (the newest value at the last recompute):
 * sum ← sum + ((x − c) − (old − c)), mean = c + sum·(1/period). Prices in a window are close to c, so
 * x − c, old − c and their difference are exact (Sterbenz) and the sum stays small, which keeps
 * full precision even at 1e5 with tiny moves (one rounding per update). The sum (and c) are
 * recomputed from scratch, oldest to newest, every time the bar count is a multiple of `period`, so
 * rounding drift never builds up over long series. A NaN input poisons the output until the first
 * recompute after it has left the window (at most 2·period bars later).
 * (Multiplying by the reciprocal instead of dividing changes the small term sum/period by at most
 * an ulp of itself — far below an ulp of the mean — and keeps the divider free: see rollingMoments.ts.)
 * Speed: the batch loop runs block by block — one recompute, then period−1 branch-free updates.
 * Batch and streaming perform the same floating-point operations in the same order, so their
 * results are bit-identical.
 */
import { assertPeriod, fillNaN, outArray } from './validate';

/** Σ (src[j] − c) for j in [end−period+1, end], oldest to newest (the periodic exact recompute). */
export function shiftedWindowSum(src: Float64Array, end: number, period: number, c: number): number {
  let s = 0;
  for (let j = end - period + 1; j <= end; j++) s += src[j]! - c;
  return s;
}

export function sma(src: Float64Array, period: number, out?: Float64Array): Float64Array {
  assertPeriod('sma', 'period', period);
  const n = src.length;
  const o = outArray('sma', n, out);
  fillNaN(o, 0, Math.min(period - 1, n));
  const inv = 1 / period;
  for (let end = period - 1; end < n; end += period) {
    const c = src[end]!;
    let sum = shiftedWindowSum(src, end, period, c);
    o[end] = c + sum * inv;
    const stop = Math.min(end + period, n);
    for (let i = end + 1; i < stop; i++) {
      sum = sum + (src[i]! - c - (src[i - period]! - c));
      o[i] = c + sum * inv;
    }
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
  private readonly inv: number;

  constructor(period: number) {
    assertPeriod('Sma', 'period', period);
    this.period = period;
    this.inv = 1 / period;
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
      const c = this.c;
      this.sum = this.sum + (x - c - (old - c));
    } else {
      return NaN;
    }
    this.value = this.c + this.sum * this.inv;
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
