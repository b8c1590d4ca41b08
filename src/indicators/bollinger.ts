/**
 * Bollinger bands: middle = SMA(period) (bit-identical to `sma`), upper/lower = middle ± k·σ with
 * σ the POPULATION standard deviation of the window (as TA-Lib and technicalindicators).
 * The first period-1 entries of every band are NaN. Numerics: see rollingMoments.ts.
 * Batch and streaming perform the same floating-point operations in the same order; the batch
 * pass is fused (middle, σ and both bands in one loop, block by block, no per-bar branches).
 */
import { RollingMoments, momentsState, recomputeMoments } from './rollingMoments';
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
  const st = momentsState();
  const inv = 1 / period;
  for (let end = period - 1; end < n; end += period) {
    recomputeMoments(src, end, period, inv, st);
    const c = st[0]!;
    let sum = st[1]!;
    let m = st[2]!;
    let m2 = st[3]!;
    let mean = c + m;
    let band = k * Math.sqrt(m2 * inv);
    upper[end] = mean + band;
    middle[end] = mean;
    lower[end] = mean - band;
    const stop = Math.min(end + period, n);
    for (let i = end + 1; i < stop; i++) {
      const xc = src[i]! - c;
      const oc = src[i - period]! - c;
      const d = xc - oc;
      sum = sum + d;
      const mNew = sum * inv;
      m2 = m2 + d * (xc - mNew + (oc - m));
      if (m2 < 0) m2 = 0;
      m = mNew;
      mean = c + m;
      band = k * Math.sqrt(m2 * inv);
      upper[i] = mean + band;
      middle[i] = mean;
      lower[i] = mean - band;
    }
  }
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
      const band = this.k * m.sd;
      this.upper = m.mean + band;
      this.middle = m.mean;
      this.lower = m.mean - band;
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
