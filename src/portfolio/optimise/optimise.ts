/**
 * Signals or a universe → target weights: validate inputs, solve with the chosen method, enforce
 * sector caps, and report the result. Weights are fractions of equity; the rest is cash.
 */
import type { Result } from '../../core/result';
import { err, ok } from '../../core/result';
import { nseSectorMap, type SectorMap } from '../sectors/sectorMap';
import { enforceSectorCaps, sectorWeights } from './capping';
import { parseConstraints, resolveConstraints, type PortfolioConstraintsInput } from './constraints';
import type { CovarianceMatrix } from './covarianceMatrix';
import { quadraticForm, regularised, validateCovariance } from './covarianceMatrix';
import { optimiseError, type OptimiseError } from './optimiseError';
import { solve, type OptimisationMethod } from './solvers';

export interface OptimiseRequest {
  readonly method: OptimisationMethod;
  readonly symbols: readonly string[];
  /** Covariance of periodic returns (e.g. daily); needed by every method but equal weight. */
  readonly covariance?: CovarianceMatrix;
  /** Expected periodic return per asset (maximum Sharpe). */
  readonly expectedReturns?: ArrayLike<number>;
  /** Risk-free rate for the same period as `expectedReturns` (default 0). */
  readonly riskFreeRate?: number;
  readonly constraints?: PortfolioConstraintsInput;
  /** Default: the shipped NSE sector map. */
  readonly sectors?: SectorMap;
}

export interface OptimisedPortfolio {
  readonly method: OptimisationMethod;
  readonly symbols: readonly string[];
  /** Weight of each symbol as a fraction of equity, aligned with `symbols`. */
  readonly weights: Float64Array;
  /** 1 − Σweights. */
  readonly cash: number;
  readonly sectorWeights: ReadonlyMap<string, number>;
  /** √(w'Σw) per period of the covariance (NaN for equal weight without a covariance). */
  readonly volatility: number;
}

export function optimise(req: OptimiseRequest): Result<OptimisedPortfolio, OptimiseError> {
  const parsed = parseConstraints(req.constraints ?? {});
  if (!parsed.ok) return parsed;
  const rc = resolveConstraints(req.symbols, parsed.value, req.sectors ?? nseSectorMap());
  if (!rc.ok) return rc;
  const k = req.symbols.length;
  let cov: CovarianceMatrix | undefined;
  if (req.covariance) {
    if (req.covariance.k !== k) return err(optimiseError('invalid-input', `The covariance matrix covers ${req.covariance.k} assets but ${k} symbols were given; estimate it for the same universe.`));
    const v = validateCovariance(req.covariance);
    if (!v.ok) return v;
    cov = regularised(v.value);
  } else if (req.method !== 'equal-weight') {
    return err(optimiseError('invalid-input', `The ${req.method} method needs a covariance matrix; estimate one from recent returns.`));
  }
  const solved = solve(
    { method: req.method, covariance: cov ?? { k, values: new Float64Array(k * k) }, expectedReturns: req.expectedReturns, riskFreeRate: req.riskFreeRate ?? 0 },
    rc.value,
  );
  if (!solved.ok) return solved;
  const capped = enforceSectorCaps(solved.value, rc.value);
  if (!capped.ok) return capped;
  const w = capped.value;
  let invested = 0;
  for (let i = 0; i < k; i++) invested += w[i]!;
  const sw = sectorWeights(w, rc.value);
  return ok({
    method: req.method,
    symbols: req.symbols,
    weights: w,
    cash: 1 - invested,
    sectorWeights: new Map(rc.value.sectorNames.map((name, s) => [name, sw[s]!])),
    volatility: cov ? Math.sqrt(Math.max(0, quadraticForm(cov, w))) : NaN,
  });
}

/** Weights as a symbol → weight map (for rebalancing). */
export const weightMap = (p: OptimisedPortfolio): Map<string, number> => new Map(p.symbols.map((s, i) => [s, p.weights[i]!]));
