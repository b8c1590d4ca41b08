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
  let num = 0;
  let sum = 0;
  let untilRecompute = period;
  for (let i = 0; i < n; i++) {
    untilRecompute--;
    if (untilRecompute === 0) {
      untilRecompute = period;
      let s = 0;
      let w = 0;
      for (let j = i - period + 1, k = 1; j <= i; j++, k++) {
        const v = src[j]!;
        s += v;
        w += k * v;
      }
      sum = s;
      num = w;
    } else if (i >= period) {
      const x = src[i]!;
      num = num + period * x - sum;
      sum = sum + x - src[i - period]!;
    } else {
      continue;
    }
    o[i] = num / denom;
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
