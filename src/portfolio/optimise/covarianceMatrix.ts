/**
 * Square covariance matrices stored row-major in a Float64Array (k × k), with the checks the
 * optimisers need: symmetric, finite, non-negative variances and positive semi-definite.
 */
import type { Result } from '../../core/result';
import { err, ok } from '../../core/result';
import { optimiseError, type OptimiseError } from './optimiseError';

export interface CovarianceMatrix {
  /** Number of assets. */
  readonly k: number;
  /** Row-major k × k values. */
  readonly values: Float64Array;
}

/** Relative tolerance of the symmetry and PSD checks (scaled by the mean variance). */
export const PSD_TOLERANCE = 1e-10;

export function covarianceFromRows(rows: readonly (readonly number[])[]): CovarianceMatrix {
  const k = rows.length;
  const values = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    const r = rows[i]!;
    if (r.length !== k) throw new RangeError(`covariance row ${i} has ${r.length} values, expected ${k}`);
    for (let j = 0; j < k; j++) values[i * k + j] = r[j]!;
  }
  return { k, values };
}

export function toRows(c: CovarianceMatrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < c.k; i++) out.push(Array.from(c.values.subarray(i * c.k, (i + 1) * c.k)));
  return out;
}

export const variance = (c: CovarianceMatrix, i: number): number => c.values[i * c.k + i]!;

export function meanVariance(c: CovarianceMatrix): number {
  let s = 0;
  for (let i = 0; i < c.k; i++) s += variance(c, i);
  return c.k > 0 ? s / c.k : 0;
}

/** w'Σw. */
export function quadraticForm(c: CovarianceMatrix, w: ArrayLike<number>): number {
  const { k, values } = c;
  let s = 0;
  for (let i = 0; i < k; i++) {
    let row = 0;
    for (let j = 0; j < k; j++) row += values[i * k + j]! * w[j]!;
    s += w[i]! * row;
  }
  return s;
}

/**
 * Validates a covariance matrix: square, finite, symmetric, non-negative variances, and positive
 * semi-definite — Cholesky of Σ + τI with τ = PSD_TOLERANCE × mean variance must succeed (a matrix
 * with a clearly negative eigenvalue fails; a merely singular one passes).
 */
export function validateCovariance(c: CovarianceMatrix): Result<CovarianceMatrix, OptimiseError> {
  const { k, values } = c;
  if (k === 0) return err(optimiseError('invalid-input', 'The portfolio has no assets; add at least one symbol.'));
  if (values.length !== k * k) return err(optimiseError('invalid-covariance', `The covariance matrix must be ${k} × ${k}; pass one row and column per asset.`));
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]!)) return err(optimiseError('invalid-covariance', 'The covariance matrix contains a missing or infinite value; check the price history of every asset.'));
  }
  const scale = meanVariance(c);
  for (let i = 0; i < k; i++) {
    if (variance(c, i) < 0) return err(optimiseError('invalid-covariance', `The variance of asset ${i + 1} is negative; the covariance matrix is not valid.`));
  }
  if (!(scale > 0)) return err(optimiseError('invalid-covariance', 'Every asset has zero variance; the price history is flat, so no risk-based weights exist.'));
  const tol = PSD_TOLERANCE * scale;
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      if (Math.abs(values[i * k + j]! - values[j * k + i]!) > 1e3 * tol) {
        return err(optimiseError('invalid-covariance', `The covariance matrix is not symmetric (row ${i + 1}, column ${j + 1}); rebuild it from returns.`));
      }
    }
  }
  if (!choleskyOk(c, tol)) {
    return err(optimiseError('invalid-covariance', 'The covariance matrix is not positive semi-definite; estimate it from returns (optionally with Ledoit-Wolf shrinkage) instead of editing it by hand.'));
  }
  return ok(c);
}

/** True when Σ + τI has a Cholesky factor (all pivots > 0). Allocates one k × k scratch matrix. */
function choleskyOk(c: CovarianceMatrix, tau: number): boolean {
  const { k, values } = c;
  const L = new Float64Array(k * k);
  for (let j = 0; j < k; j++) {
    let d = values[j * k + j]! + tau;
    for (let p = 0; p < j; p++) d -= L[j * k + p]! * L[j * k + p]!;
    if (!(d > 0)) return false;
    const ljj = Math.sqrt(d);
    L[j * k + j] = ljj;
    for (let i = j + 1; i < k; i++) {
      let s = 0.5 * (values[i * k + j]! + values[j * k + i]!);
      for (let p = 0; p < j; p++) s -= L[i * k + p]! * L[j * k + p]!;
      L[i * k + j] = s / ljj;
    }
  }
  return true;
}

/**
 * Σ + δ·mean(diag)·I, symmetrised. A small ridge makes a singular (e.g. duplicated-asset) matrix
 * strictly positive definite so the minimum-variance and risk-parity solutions are unique and the
 * solvers stay numerically stable; δ = 1e-8 moves weights by far less than rounding to shares does.
 */
export function regularised(c: CovarianceMatrix, delta = 1e-8): CovarianceMatrix {
  const { k, values } = c;
  const ridge = delta * meanVariance(c);
  const out = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) out[i * k + j] = 0.5 * (values[i * k + j]! + values[j * k + i]!);
    out[i * k + i] = out[i * k + i]! + ridge;
  }
  return { k, values: out };
}
