/**
 * Rolling POPULATION standard deviation (divide by `period`, as TA-Lib's STDDEV and Bollinger).
 * The first period-1 entries are NaN. Numerics: see rollingMoments.ts (running mean + Welford
 * replace-one update, exact recompute every `period` bars); batch equals streaming bit for bit.
 */
import { RollingMoments, momentsState, recomputeMoments } from './rollingMoments';
import { assertPeriod, fillNaN, outArray } from './validate';

export function stdev(src: Float64Array, period: number, out?: Float64Array): Float64Array {
  assertPeriod('stdev', 'period', period);
  const n = src.length;
  const o = outArray('stdev', n, out);
  fillNaN(o, 0, Math.min(period - 1, n));
  const st = momentsState();
  const inv = 1 / period;
  for (let end = period - 1; end < n; end += period) {
    recomputeMoments(src, end, period, inv, st);
    const c = st[0]!;
    let sum = st[1]!;
    let m = st[2]!;
    let m2 = st[3]!;
    o[end] = Math.sqrt(m2 * inv);
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
      o[i] = Math.sqrt(m2 * inv);
    }
  }
  return o;
}

/** Streaming rolling population stdev: `next(x)` returns it (NaN during warm-up). */
export class Stdev {
  readonly period: number;
  value = NaN;
  private readonly m: RollingMoments;

  constructor(period: number) {
    this.m = new RollingMoments('Stdev', period);
    this.period = period;
  }

  next(x: number): number {
    if (this.m.next(x)) this.value = this.m.sd;
    return this.value;
  }

  reset(): void {
    this.m.reset();
    this.value = NaN;
  }
}
