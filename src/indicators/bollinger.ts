/**
 * Bollinger bands: middle = SMA(period) (bit-identical to `sma`), upper/lower = middle ± k·σ with
 * σ the POPULATION standard deviation of the window (as TA-Lib and technicalindicators).
 * The first period-1 entries of every band are NaN. Numerics: see rollingMoments.ts.
 * Batch and streaming perform the same floating-point operations in the same order.
 */
import { MomentsOutput, RollingMoments, rollingMomentsInto } from './rollingMoments';
import { assertFinite, assertPeriod, fillNaN, outArray } from './validate';

export interface BollingerOut {
  upper: Float64Array;
  middle: Float64Array;
  lower: Float64Array;
}

export function bollinger(src: Float64Array, period = 20, k = 2, out?: BollingerOut): BollingerOut {
  assertPeriod('bollinger', 'period', period);
  assertFinite('bollinger', 'k', k);
  const n = src.length;
  const upper = outArray('bollinger', n, out?.upper, 'out.upper');
  const middle = outArray('bollinger', n, out?.middle, 'out.middle');
  const lower = outArray('bollinger', n, out?.lower, 'out.lower');
  const w = Math.min(period - 1, n);
  fillNaN(upper, 0, w);
  fillNaN(middle, 0, w);
  fillNaN(lower, 0, w);
  rollingMomentsInto(src, period, MomentsOutput.Bollinger, k, upper, middle, lower);
  return out ?? { upper, middle, lower };
}

/** Streaming Bollinger bands: `next(x)` updates `.upper .middle .lower` in place, returns middle. */
export class Bollinger {
  readonly period: number;
  readonly k: number;
  upper = NaN;
  middle = NaN;
  lower = NaN;
  private readonly m: RollingMoments;

  constructor(period = 20, k = 2) {
    this.m = new RollingMoments('Bollinger', period);
    assertFinite('Bollinger', 'k', k);
    this.period = period;
    this.k = k;
  }

  next(x: number): number {
    const m = this.m;
    if (m.next(x)) {
      this.upper = m.mean + this.k * m.sd;
      this.middle = m.mean;
      this.lower = m.mean - this.k * m.sd;
    }
    return this.middle;
  }

  reset(): void {
    this.m.reset();
    this.upper = NaN;
    this.middle = NaN;
    this.lower = NaN;
  }
}
