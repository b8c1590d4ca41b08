/**
 * Rolling z-score: (x − SMA(period)) / σ, σ the POPULATION standard deviation of the same window
 * (the window includes x). The first period-1 entries are NaN; a flat window (σ ≤ 1e-10·|mean|,
 * i.e. zero up to rounding) gives NaN — never a misleading number. Numerics: see rollingMoments.ts.
 * Batch and streaming perform the same floating-point operations in the same order.
 */
import { MomentsOutput, RollingMoments, rollingMomentsInto, zOf } from './rollingMoments';
import { assertPeriod, fillNaN, outArray } from './validate';

export function zscore(src: Float64Array, period: number, out?: Float64Array): Float64Array {
  assertPeriod('zscore', 'period', period);
  const n = src.length;
  const o = outArray('zscore', n, out);
  fillNaN(o, 0, Math.min(period - 1, n));
  rollingMomentsInto(src, period, MomentsOutput.ZScore, 0, o, o, o);
  return o;
}

/** Streaming z-score: `next(x)` returns it (NaN during warm-up). */
export class ZScore {
  readonly period: number;
  value = NaN;
  private readonly m: RollingMoments;

  constructor(period: number) {
    this.m = new RollingMoments('ZScore', period);
    this.period = period;
  }

  next(x: number): number {
    const m = this.m;
    if (m.next(x)) this.value = zOf(m.dev, m.mean, m.sd);
    return this.value;
  }

  reset(): void {
    this.m.reset();
    this.value = NaN;
  }
}
