/**
 * The five optimisers over the `portfolio-allocation` library, on validated inputs only.
 *
 * The library works with fully invested weights (Σw = 1); we solve in that space with bounds
 * min/invested and max/invested and scale the answer by `invested` = 1 − cash buffer.
 * Which library call honours bounds: minimum variance, maximum Sharpe and risk parity take
 * min/max weights natively; equal weight and inverse volatility do not, so bounds are applied by
 * `fitToBounds` (./capping.ts).
 *
 * Scaling: the library's solvers carry absolute tolerances tuned for numbers of order 1. On raw
 * daily covariances (~1e-4) its critical-line algorithm returned the minimum-variance point as the
 * maximum-Sharpe portfolio and minimum-variance weights summing to 1.44, and GSMO looped. Both
 * answers are invariant to scaling, so we pass Σ / mean(diag Σ) and (μ − rf) / max|μ − rf| with
 * rf = 0, which the critical-line algorithm (Markowitz) solves exactly; GSMO is the fallback when
 * it throws. The scaled problem is built once in typed arrays (./scaledProblem.ts).
 *
 * Maximum Sharpe goes through ./maximumSharpe.ts: the library solves a screened candidate universe
 * and the KKT conditions prove the answer for all assets (else more candidates, or the full solve),
 * because the critical-line walk over all 50 assets took 25–60 ms.
 */
import {
  equalRiskContributionWeights,
  globalMinimumVarianceWeights,
  inverseVolatilityWeights,
  maximumSharpeRatioWeights,
} from 'portfolio-allocation';
import type { Result } from '../../core/result';
import { err, ok } from '../../core/result';
import { fitToBounds } from './capping';
import type { ResolvedConstraints } from './constraints';
import type { CovarianceMatrix } from './covarianceMatrix';
import { variance } from './covarianceMatrix';
import { maximumSharpeScreened } from './maximumSharpe';
import { optimiseError, type OptimiseError } from './optimiseError';
import { pick, scaledProblem, sigmaRows, type ScaledProblem } from './scaledProblem';

export const OPTIMISATION_METHODS = ['equal-weight', 'inverse-volatility', 'risk-parity', 'minimum-variance', 'maximum-sharpe'] as const;
export type OptimisationMethod = (typeof OPTIMISATION_METHODS)[number];

export interface SolverInput {
  readonly method: OptimisationMethod;
  /** Validated and regularised. */
  readonly covariance: CovarianceMatrix;
  /** Expected return per asset, same period as the covariance (maximum Sharpe only). */
  readonly expectedReturns?: ArrayLike<number>;
  /** Risk-free rate for the same period (maximum Sharpe only). */
  readonly riskFreeRate: number;
}

const CLA = { optimizationMethod: 'critical-line' as const };
const GSMO = { optimizationMethod: 'gsmo' as const, optimizationMethodParams: { epsGsmo: 1e-10, maxIterGsmo: 100_000 } };

/** Runs the critical-line solver, falling back to GSMO when it raises. */
function claOrGsmo<T>(run: (opt: typeof CLA | typeof GSMO) => T): T {
  try {
    return run(CLA);
  } catch {
    return run(GSMO);
  }
}

/** The library's maximum-Sharpe weights over `indices` of a scaled problem (rf = 0 after scaling). */
export function librarySharpe(p: ScaledProblem, indices: readonly number[]): number[] {
  const sigma = sigmaRows(p, indices);
  const excess = pick(p.excess, indices);
  const constraints = { minWeights: pick(p.lo, indices), maxWeights: pick(p.hi, indices) };
  return claOrGsmo((o) => maximumSharpeRatioWeights(excess, sigma, 0, { ...o, constraints }));
}

const allIndices = (k: number): number[] => Array.from({ length: k }, (_, i) => i);
const BOUND_TOL = 1e-7;

/** Weights in equity terms (Σ = invested), within bounds; sector caps are applied afterwards. */
export function solve(input: SolverInput, rc: ResolvedConstraints): Result<Float64Array, OptimiseError> {
  const k = rc.symbols.length;
  const lo = Array.from(rc.min, (x) => Math.min(1, x / rc.invested));
  const hi = Array.from(rc.max, (x) => Math.min(1, x / rc.invested));
  const constraints = { minWeights: lo, maxWeights: hi };
  let raw: number[];
  try {
    switch (input.method) {
      case 'equal-weight':
        return ok(fitToBounds(new Float64Array(k).fill(1), rc));
      case 'inverse-volatility': {
        const vars = Array.from({ length: k }, (_, i) => variance(input.covariance, i));
        if (vars.some((v) => !(v > 0))) {
          return err(optimiseError('invalid-covariance', 'An asset has zero variance, so inverse-volatility weights are undefined; drop it or use another method.'));
        }
        return ok(fitToBounds(inverseVolatilityWeights(vars), rc));
      }
      case 'risk-parity': {
        const sigma = sigmaRows(scaledProblem(input.covariance, lo, hi), allIndices(k));
        const free = equalRiskContributionWeights(sigma);
        raw = within(free, lo, hi) ? free : equalRiskContributionWeights(sigma, { constraints });
        break;
      }
      case 'minimum-variance':
        {
          const sigma = sigmaRows(scaledProblem(input.covariance, lo, hi), allIndices(k));
          raw = claOrGsmo((o) => globalMinimumVarianceWeights(sigma, { ...o, constraints }));
        }
        break;
      case 'maximum-sharpe': {
        const mu = input.expectedReturns;
        if (!mu || mu.length !== k) return err(optimiseError('invalid-input', `Maximum Sharpe needs one expected return per asset (${k}); pass expectedReturns.`));
        const muArr = Array.from(mu);
        if (muArr.some((m) => !Number.isFinite(m)) || !Number.isFinite(input.riskFreeRate)) {
          return err(optimiseError('invalid-input', 'An expected return or the risk-free rate is missing or infinite; check the inputs.'));
        }
        if (!muArr.some((m) => m > input.riskFreeRate)) {
          return err(optimiseError('no-positive-excess-return', 'No asset is expected to beat the risk-free rate, so no maximum-Sharpe portfolio exists; use minimum variance or hold cash.'));
        }
        const problem = scaledProblem(input.covariance, lo, hi, muArr.map((m) => m - input.riskFreeRate));
        raw = maximumSharpeScreened(problem, (indices) => librarySharpe(problem, indices)).weights;
        break;
      }
    }
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    if (/minimum return constraint is not feasible/.test(why)) {
      return err(optimiseError('no-positive-excess-return', 'No feasible portfolio within the weight limits beats the risk-free rate; relax the limits or use minimum variance.'));
    }
    return err(optimiseError('solver-failed', `The ${input.method} optimiser could not find weights (${why}); check the constraints or try another method.`));
  }
  return checked(raw, lo, hi, rc, input.method);
}

function within(w: readonly number[], lo: readonly number[], hi: readonly number[]): boolean {
  return w.every((x, i) => x >= lo[i]! - BOUND_TOL && x <= hi[i]! + BOUND_TOL);
}

/** Rejects anything that is not a valid answer, then snaps tiny tolerance breaches back inside. */
function checked(raw: readonly number[], lo: readonly number[], hi: readonly number[], rc: ResolvedConstraints, method: OptimisationMethod): Result<Float64Array, OptimiseError> {
  const k = rc.symbols.length;
  let sum = 0;
  for (const x of raw) sum += x;
  if (raw.length !== k || raw.some((x) => !Number.isFinite(x)) || Math.abs(sum - 1) > 1e-6 || !within(raw, lo, hi)) {
    return err(optimiseError('solver-failed', `The ${method} optimiser returned weights outside the limits; check the covariance matrix and constraints or try another method.`));
  }
  // Excess over the minimums, in equity terms, re-poured so bounds and Σ hold exactly.
  const excess = raw.map((x, i) => Math.max(0, x * rc.invested - rc.min[i]!));
  return ok(fitToBounds(excess, rc));
}
