/**
 * Rolling z-score: (x − SMA(period)) / σ, σ the POPULATION standard deviation of the same window
 * (the window includes x). The first period-1 entries are NaN; a flat window (σ ≤ 1e-10·|mean|,
 * i.e. zero up to rounding) gives NaN — never a misleading number. Numerics: see rollingMoments.ts.
 * Batch and streaming perform the same floating-point operations in the same order.
 */
import { RollingMoments, momentsState, recomputeMoments } from './rollingMoments';
import { assertPeriod, fillNaN, outArray } from './validate';

/** A σ at or below this fraction of |mean| is rounding noise on a flat window: z-score is NaN. */
const FLAT_SD_RATIO = 1e-10;

/** dev/sd with dev = x − mean, or NaN when the window is flat (sd ≈ 0); batch and streaming share it. */
function zOf(dev: number, mean: number, sd: number): number {
  return sd > FLAT_SD_RATIO * Math.abs(mean) ? dev / sd : NaN;
}

export function zscore(src: Float64Array, period: number, out?: Float64Array): Float64Array {
  assertPeriod('zscore', 'period', period);
  const n = src.length;
  const o = outArray('zscore', n, out);
  fillNaN(o, 0, Math.min(period - 1, n));
  const st = momentsState();
  const inv = 1 / period;
  for (let end = period - 1; end < n; end += period) {
    recomputeMoments(src, end, period, inv, st);
    const c = st[0]!;
    let sum = st[1]!;
    let m = st[2]!;
    let m2 = st[3]!;
    o[end] = zOf(src[end]! - c - m, c + m, Math.sqrt(m2 * inv));
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
      // zOf written out: an if with two stores beats a select of NaN here.
      const sd = Math.sqrt(m2 * inv);
      if (sd > FLAT_SD_RATIO * Math.abs(c + m)) o[i] = (xc - m) / sd;
      else o[i] = NaN;
    }
  }
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
