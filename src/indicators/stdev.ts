/**
 * Rolling POPULATION standard deviation (divide by `period`, as TA-Lib's STDDEV and Bollinger).
 * The first period-1 entries are NaN. Numerics: see rollingMoments.ts (running mean + Welford
 * replace-one update, exact recompute every `period` bars); batch equals streaming bit for bit.
 */
import { MomentsOutput, RollingMoments, rollingMomentsInto } from './rollingMoments';
import { assertPeriod, fillNaN, outArray } from './validate';

export function stdev(src: Float64Array, period: number, out?: Float64Array): Float64Array {
  assertPeriod('stdev', 'period', period);
  const n = src.length;
  const o = outArray('stdev', n, out);
  fillNaN(o, 0, Math.min(period - 1, n));
  rollingMomentsInto(src, period, MomentsOutput.Stdev, 0, o, o, o);
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
