/**
 * Covariance of daily simple returns over a lookback window, optionally shrunk with Ledoit-Wolf.
 *
 * Estimators (X = T × N demeaned returns, T observations):
 * - `sample`: S = X'X / (T − 1) (unbiased).
 * - `ledoit-wolf`: Ledoit & Wolf (2004), "Honey, I shrunk the sample covariance matrix", with the
 *   CONSTANT-CORRELATION target F: F_ii = s_ii, F_ij = r̄·√(s_ii s_jj), r̄ the mean off-diagonal sample
 *   correlation. As in the paper, S here is the 1/T (maximum-likelihood) sample matrix and
 *   Σ̂ = δ*F + (1 − δ*)S with δ* = max(0, min(1, κ̂/T)), κ̂ = (π̂ − ρ̂)/γ̂, where
 *     π̂ = Σ_ij (1/T) Σ_t (x_ti x_tj − s_ij)²,
 *     ρ̂ = Σ_i π̂_ii + Σ_{i≠j} (r̄/2)(√(s_jj/s_ii) θ̂_ii,ij + √(s_ii/s_jj) θ̂_jj,ij),
 *     θ̂_ii,ij = (1/T) Σ_t (x_ti² − s_ii)(x_ti x_tj − s_ij),   γ̂ = ‖F − S‖²_F.
 * Shrinkage keeps the estimate positive definite when T is small against N or assets move together.
 */
import type { Result } from '../../core/result';
import { err, ok } from '../../core/result';
import type { CovarianceMatrix } from './covarianceMatrix';
import { optimiseError, type OptimiseError } from './optimiseError';

export type CovarianceEstimator = 'sample' | 'ledoit-wolf';

export interface CovarianceEstimate {
  readonly covariance: CovarianceMatrix;
  /** Mean daily simple return of each asset over the window. */
  readonly meanReturns: Float64Array;
  /** δ* for Ledoit-Wolf, 0 for the sample estimator. */
  readonly shrinkage: number;
  /** Returns used per asset (T). */
  readonly observations: number;
}

/**
 * Daily simple returns of the last `lookback` periods of each close series (all series aligned on
 * the same dates, oldest first). Needs `lookback + 1` closes per asset.
 */
export function windowReturns(closes: readonly ArrayLike<number>[], lookback: number): Result<Float64Array[], OptimiseError> {
  if (!(Number.isInteger(lookback) && lookback >= 2)) return err(optimiseError('invalid-input', `The lookback must be a whole number of at least 2 days, got ${lookback}.`));
  const out: Float64Array[] = [];
  for (let a = 0; a < closes.length; a++) {
    const c = closes[a]!;
    if (c.length < lookback + 1) {
      return err(optimiseError('invalid-input', `Asset ${a + 1} has ${c.length} closes but a ${lookback}-day lookback needs ${lookback + 1}; shorten the lookback or load more history.`));
    }
    const r = new Float64Array(lookback);
    const start = c.length - lookback - 1;
    for (let t = 0; t < lookback; t++) {
      const p0 = c[start + t]!;
      const p1 = c[start + t + 1]!;
      if (!(p0 > 0 && p1 > 0 && Number.isFinite(p0) && Number.isFinite(p1))) {
        return err(optimiseError('invalid-input', `Asset ${a + 1} has a missing or non-positive close in the lookback window; fill the gap or drop the asset.`));
      }
      r[t] = p1 / p0 - 1;
    }
    out.push(r);
  }
  return ok(out);
}

/** Covariance of return rows (one Float64Array of T returns per asset). */
export function estimateCovariance(returns: readonly Float64Array[], estimator: CovarianceEstimator = 'sample'): Result<CovarianceEstimate, OptimiseError> {
  const n = returns.length;
  if (n === 0) return err(optimiseError('invalid-input', 'The portfolio has no assets; add at least one symbol.'));
  const T = returns[0]!.length;
  if (T < 2) return err(optimiseError('invalid-input', 'At least two returns per asset are needed to estimate a covariance.'));
  for (const r of returns) {
    if (r.length !== T) return err(optimiseError('invalid-input', 'Every asset needs the same number of returns; align the price histories on common dates.'));
    for (let t = 0; t < T; t++) if (!Number.isFinite(r[t]!)) return err(optimiseError('invalid-input', 'A return is missing or infinite; check the price history.'));
  }
  const means = new Float64Array(n);
  const x = new Float64Array(n * T); // asset-major demeaned returns
  for (let i = 0; i < n; i++) {
    const r = returns[i]!;
    let m = 0;
    for (let t = 0; t < T; t++) m += r[t]!;
    m /= T;
    means[i] = m;
    for (let t = 0; t < T; t++) x[i * T + t] = r[t]! - m;
  }
  if (estimator === 'sample') {
    const values = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) {
        let c = 0;
        for (let t = 0, xi = i * T, xj = j * T; t < T; t++) c += x[xi + t]! * x[xj + t]!;
        values[i * n + j] = c / (T - 1);
        values[j * n + i] = c / (T - 1);
      }
    }
    return ok({ covariance: { k: n, values }, meanReturns: means, shrinkage: 0, observations: T });
  }
  const lw = ledoitWolfConstantCorrelation(x, n, T);
  return ok({ covariance: { k: n, values: lw.values }, meanReturns: means, shrinkage: lw.shrinkage, observations: T });
}

/**
 * One pass over the pairs i ≤ j and the T demeaned returns collects Σx_i x_j, Σ(x_i x_j)², Σx_i² x_i x_j
 * and Σx_j² x_i x_j, from which (with S = X'X/T, so the mean of x_i x_j is s_ij)
 *   π̂_ij = Σ(x_i x_j)²/T − s_ij²,   θ̂_ii,ij = Σx_i² x_i x_j/T − s_ii s_ij,   θ̂_jj,ij = Σx_j² x_i x_j/T − s_jj s_ij.
 */
function ledoitWolfConstantCorrelation(x: Float64Array, n: number, T: number): { values: Float64Array; shrinkage: number } {
  const x2 = new Float64Array(n * T);
  for (let p = 0; p < n * T; p++) x2[p] = x[p]! * x[p]!;
  const S = new Float64Array(n * n);
  const piM = new Float64Array(n * n); // π̂_ij, upper triangle
  const thetaM = new Float64Array(n * n); // [i*n+j] = θ̂_ii,ij and [j*n+i] = θ̂_jj,ij for i < j
  for (let i = 0; i < n; i++) {
    const bi = i * T;
    for (let j = i; j < n; j++) {
      const bj = j * T;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let s4 = 0;
      for (let t = 0; t < T; t++) {
        const prod = x[bi + t]! * x[bj + t]!;
        s1 += prod;
        s2 += prod * prod;
        s3 += x2[bi + t]! * prod;
        s4 += x2[bj + t]! * prod;
      }
      const sij = s1 / T;
      S[i * n + j] = sij;
      S[j * n + i] = sij;
      piM[i * n + j] = s2 / T - sij * sij;
      thetaM[i * n + j] = s3 / T;
      thetaM[j * n + i] = s4 / T;
    }
  }
  const sd = new Float64Array(n);
  for (let i = 0; i < n; i++) sd[i] = Math.sqrt(S[i * n + i]!);
  if (n === 1) return { values: S, shrinkage: 0 };
  let corrSum = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) corrSum += 2 * safeDiv(S[i * n + j]!, sd[i]! * sd[j]!);
  const rBar = corrSum / (n * (n - 1));
  // π̂ = Σ_ij π̂_ij; ρ̂ = Σ_i π̂_ii + Σ_{i≠j} r̄ √(s_jj/s_ii) θ̂_ii,ij; γ̂ = Σ_{i≠j} (r̄ sd_i sd_j − s_ij)².
  let pi = 0;
  let rho = 0;
  let gamma = 0;
  for (let i = 0; i < n; i++) {
    const sii = S[i * n + i]!;
    pi += piM[i * n + i]!;
    rho += piM[i * n + i]!;
    for (let j = i + 1; j < n; j++) {
      const sij = S[i * n + j]!;
      const sjj = S[j * n + j]!;
      pi += 2 * piM[i * n + j]!;
      rho += rBar * safeDiv(sd[j]!, sd[i]!) * (thetaM[i * n + j]! - sii * sij);
      rho += rBar * safeDiv(sd[i]!, sd[j]!) * (thetaM[j * n + i]! - sjj * sij);
      gamma += 2 * (rBar * sd[i]! * sd[j]! - sij) ** 2;
    }
  }
  const kappa = gamma > 0 ? (pi - rho) / gamma : 0;
  const shrinkage = gamma > 0 ? Math.max(0, Math.min(1, kappa / T)) : 0;
  const values = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const f = i === j ? S[i * n + i]! : rBar * sd[i]! * sd[j]!;
      values[i * n + j] = shrinkage * f + (1 - shrinkage) * S[i * n + j]!;
    }
  }
  return { values, shrinkage };
}

const safeDiv = (a: number, b: number): number => (b > 0 ? a / b : 0);
