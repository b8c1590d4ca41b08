/** Strategy vs benchmark on daily returns joined by IST date (conventions in ./conventions.ts). */
import { safeRatio } from './conventions';
import type { DailyReturns } from './returns';
import { correlation, mean, sampleCovariance } from './stats';

export interface BenchmarkStats {
  /** Number of IST days present in both series. */
  readonly days: number;
  readonly beta: number;
  /** Annualised CAPM alpha (arithmetic): periodsPerYear × [mean(r − rf) − β·mean(b − rf)]. */
  readonly alpha: number;
  readonly correlation: number;
}

/** Inner join on day numbers (both ascending): returns paired arrays. */
export function joinDaily(a: DailyReturns, b: DailyReturns): { a: Float64Array; b: Float64Array } {
  const na = a.day.length;
  const nb = b.day.length;
  const outA = new Float64Array(Math.min(na, nb));
  const outB = new Float64Array(Math.min(na, nb));
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < na && j < nb) {
    const da = a.day[i]!;
    const db = b.day[j]!;
    if (da === db) {
      outA[k] = a.ret[i]!;
      outB[k] = b.ret[j]!;
      k++;
      i++;
      j++;
    } else if (da < db) i++;
    else j++;
  }
  return { a: outA.subarray(0, k), b: outB.subarray(0, k) };
}

export function benchmarkStats(strategy: DailyReturns, bench: DailyReturns, rfDaily: number, periodsPerYear: number): BenchmarkStats {
  const { a, b } = joinDaily(strategy, bench);
  const beta = safeRatio(sampleCovariance(a, b), sampleCovariance(b, b));
  const alpha = periodsPerYear * (mean(a) - rfDaily - beta * (mean(b) - rfDaily));
  return { days: a.length, beta, alpha, correlation: correlation(a, b) };
}
