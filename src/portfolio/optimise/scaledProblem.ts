/**
 * The optimisation problem as the library is given it: Σ / mean(diag Σ), excess returns divided by
 * their largest magnitude, and bounds in fully-invested terms (see the header of ./solvers.ts for
 * why the scaling). Built once per solve in typed arrays; only the rows a library call needs are
 * converted to the library's array-of-arrays.
 */
import type { CovarianceMatrix } from './covarianceMatrix';
import { meanVariance } from './covarianceMatrix';

export interface ScaledProblem {
  readonly k: number;
  /** Row-major Σ / mean(diag Σ). */
  readonly sigma: Float64Array;
  /** (μ − rf) / max|μ − rf| (zeros when there are no expected returns). */
  readonly excess: Float64Array;
  /** Minimum and maximum weights in fully-invested terms. */
  readonly lo: readonly number[];
  readonly hi: readonly number[];
}

export function scaledProblem(c: CovarianceMatrix, lo: readonly number[], hi: readonly number[], excessReturns?: ArrayLike<number>): ScaledProblem {
  const { k, values } = c;
  const m = meanVariance(c);
  const sigma = new Float64Array(k * k);
  for (let p = 0; p < k * k; p++) sigma[p] = values[p]! / m;
  const excess = new Float64Array(k);
  if (excessReturns) {
    let top = 0;
    for (let i = 0; i < k; i++) top = Math.max(top, Math.abs(excessReturns[i]!));
    if (top > 0) for (let i = 0; i < k; i++) excess[i] = excessReturns[i]! / top;
  }
  return { k, sigma, excess, lo, hi };
}

/** Σ rows and columns of `indices`, as the library's nested arrays. */
export function sigmaRows(p: ScaledProblem, indices: readonly number[]): number[][] {
  const { k, sigma } = p;
  return indices.map((i) => indices.map((j) => sigma[i * k + j]!));
}

export const pick = (xs: ArrayLike<number>, indices: readonly number[]): number[] => indices.map((i) => xs[i]!);
