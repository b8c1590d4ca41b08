import type { Result } from '../../core/result';
import { err, ok } from '../../core/result';

/**
 * Lower-triangular L with L·Lᵀ = m (row-major n×n), or an error when m is not a symmetric
 * positive-definite correlation matrix (unit diagonal, entries in [-1, 1]).
 */
export function choleskyOfCorrelation(m: readonly (readonly number[])[]): Result<Float64Array, string> {
  const n = m.length;
  for (let i = 0; i < n; i++) {
    if (m[i]!.length !== n) return err(`the correlation matrix must be ${n}×${n}`);
    if (Math.abs(m[i]![i]! - 1) > 1e-12) return err('the correlation matrix must have 1 on its diagonal');
    for (let j = 0; j < n; j++) {
      const x = m[i]![j]!;
      if (!(x >= -1 && x <= 1)) return err('correlations must lie between -1 and 1');
      if (Math.abs(x - m[j]![i]!) > 1e-12) return err('the correlation matrix must be symmetric');
    }
  }
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = m[i]![j]!;
      for (let k = 0; k < j; k++) sum -= l[i * n + k]! * l[j * n + k]!;
      if (i === j) {
        if (sum <= 1e-12) return err('the correlation matrix is not positive definite; lower some correlations');
        l[i * n + i] = Math.sqrt(sum);
      } else l[i * n + j] = sum / l[j * n + j]!;
    }
  }
  return ok(l);
}

/** The n×n matrix with 1 on the diagonal and `rho` elsewhere (one common market factor). */
export function uniformCorrelation(n: number, rho: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : rho)));
}
