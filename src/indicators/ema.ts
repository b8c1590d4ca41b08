/**
 * Exponential moving average with the standard smoothing factor α = 2/(period+1).
 *
 * Convention (as TA-Lib and technicalindicators): the EMA is seeded with the SMA of the first
 * `period` values (summed in order, then divided), placed at index period-1; entries before it
 * are NaN. After the seed: ema = (x − ema)·α + ema.
 * Batch and streaming perform the same floating-point operations in the same order.
 */
import { assertPeriod, fillNaN, outArray } from './validate';

export function ema(src: Float64Array, period: number, out?: Float64Array): Float64Array {
  assertPeriod('ema', 'period', period);
  const n = src.length;
  const o = outArray('ema', n, out);
  fillNaN(o, 0, Math.min(period - 1, n));
  if (n < period) return o;
  const alpha = 2 / (period + 1);
  let sum = 0;
  for (let i = 0; i < period; i++) sum += src[i]!;
  let e = sum / period;
  o[period - 1] = e;
  for (let i = period; i < n; i++) {
    e = (src[i]! - e) * alpha + e;
    o[i] = e;
  }
  return o;
}

/** Streaming EMA: `next(x)` returns the current EMA (NaN during warm-up); allocates nothing. */
export class Ema {
  readonly period: number;
  readonly alpha: number;
  value = NaN;
  private count = 0;
  private sum = 0;

  constructor(period: number) {
    assertPeriod('Ema', 'period', period);
    this.period = period;
    this.alpha = 2 / (period + 1);
  }

  /** True once the seed (first `period` values) has been taken. */
  get ready(): boolean {
    return this.count >= this.period;
  }

  next(x: number): number {
    if (this.count >= this.period) {
      this.value = (x - this.value) * this.alpha + this.value;
      return this.value;
    }
    this.sum += x;
    if (++this.count === this.period) this.value = this.sum / this.period;
    return this.value;
  }

  reset(): void {
    this.count = 0;
    this.sum = 0;
    this.value = NaN;
  }
}
