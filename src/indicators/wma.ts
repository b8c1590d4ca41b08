/**
 * Linearly weighted moving average: weights 1..period, the newest value weighted `period`,
 * divided by period·(period+1)/2. The first period-1 entries are NaN.
 *
 * Numerics: O(1) update of the weighted sum N and plain sum S (N ← N + p·x − S; S ← S + x − old),
 * both recomputed from scratch every time the bar count is a multiple of `period` so that drift
 * cannot accumulate. Batch and streaming perform the same operations in the same order.
 */
import { assertPeriod, fillNaN, outArray } from './validate';

export function wma(src: Float64Array, period: number, out?: Float64Array): Float64Array {
  assertPeriod('wma', 'period', period);
  const n = src.length;
  const o = outArray('wma', n, out);
  fillNaN(o, 0, Math.min(period - 1, n));
  const denom = (period * (period + 1)) / 2;
  // Block by block: one exact recompute at the block's first output, then period−1 updates.
  for (let end = period - 1; end < n; end += period) {
    let sum = 0;
    let num = 0;
    for (let j = end - period + 1, k = 1; j <= end; j++, k++) {
      const v = src[j]!;
      sum += v;
      num += k * v;
    }
    o[end] = num / denom;
    const stop = Math.min(end + period, n);
    for (let i = end + 1; i < stop; i++) {
      const x = src[i]!;
      num = num + period * x - sum;
      sum = sum + x - src[i - period]!;
      o[i] = num / denom;
    }
  }
  return o;
}

/** Streaming WMA: `next(x)` returns the current value (NaN during warm-up); allocates nothing. */
export class Wma {
  readonly period: number;
  value = NaN;
  private readonly denom: number;
  private readonly buf: Float64Array;
  private pos = 0;
  private count = 0;
  private num = 0;
  private sum = 0;

  constructor(period: number) {
    assertPeriod('Wma', 'period', period);
    this.period = period;
    this.denom = (period * (period + 1)) / 2;
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
      let s = 0;
      let w = 0;
      for (let j = 0; j < p; j++) {
        const v = buf[j]!;
        s += v;
        w += (j + 1) * v;
      }
      this.sum = s;
      this.num = w;
    } else if (this.count > p) {
      this.num = this.num + p * x - this.sum;
      this.sum = this.sum + x - old;
    } else {
      return NaN;
    }
    this.value = this.num / this.denom;
    return this.value;
  }

  reset(): void {
    this.buf.fill(0);
    this.pos = 0;
    this.count = 0;
    this.num = 0;
    this.sum = 0;
    this.value = NaN;
  }
}
