/**
 * Returns matrices and the linear algebra portfolio risk needs. A `ReturnsMatrix` stores one row
 * per asset (row-major): the return of asset i on day t is `data[i * days + t]`.
 */
export interface ReturnsMatrix {
  readonly assets: number;
  readonly days: number;
  readonly data: Float64Array;
}

/** Builds a returns matrix from one row of daily returns per asset (all rows equally long). */
export function returnsMatrix(rows: readonly Float64Array[]): ReturnsMatrix {
  const assets = rows.length;
  const days = assets === 0 ? 0 : rows[0]!.length;
  const data = new Float64Array(assets * days);
  rows.forEach((r, i) => {
    if (r.length !== days) throw new RangeError(`returns row ${i} has ${r.length} days, expected ${days}`);
    data.set(r, i * days);
  });
  return { assets, days, data };
}

/** Row i as a zero-copy view. */
export function row(m: ReturnsMatrix, i: number): Float64Array {
  return m.data.subarray(i * m.days, (i + 1) * m.days);
}

/** Mean return of each asset. */
export function assetMeans(m: ReturnsMatrix): Float64Array {
  const out = new Float64Array(m.assets);
  for (let i = 0; i < m.assets; i++) {
    let s = 0;
    const o = i * m.days;
    for (let t = 0; t < m.days; t++) s += m.data[o + t]!;
    out[i] = s / m.days;
  }
  return out;
}

/** Sample covariance matrix (n − 1), assets × assets, row-major. */
export function covarianceMatrix(m: ReturnsMatrix, means: Float64Array = assetMeans(m)): Float64Array {
  const { assets: k, days: n } = m;
  const centred = new Float64Array(k * n);
  for (let i = 0; i < k; i++) {
    const o = i * n;
    const mu = means[i]!;
    for (let t = 0; t < n; t++) centred[o + t] = m.data[o + t]! - mu;
  }
  const cov = new Float64Array(k * k);
  const denom = n - 1;
  for (let i = 0; i < k; i++) {
    const oi = i * n;
    let j = i;
    // four columns at a time: one load of row i feeds four products
    for (; j + 3 < k; j += 4) {
      const o0 = j * n;
      const o1 = o0 + n;
      const o2 = o1 + n;
      const o3 = o2 + n;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let t = 0; t < n; t++) {
        const a = centred[oi + t]!;
        s0 += a * centred[o0 + t]!;
        s1 += a * centred[o1 + t]!;
        s2 += a * centred[o2 + t]!;
        s3 += a * centred[o3 + t]!;
      }
      setSym(cov, k, i, j, s0 / denom);
      setSym(cov, k, i, j + 1, s1 / denom);
      setSym(cov, k, i, j + 2, s2 / denom);
      setSym(cov, k, i, j + 3, s3 / denom);
    }
    for (; j < k; j++) {
      const oj = j * n;
      let s = 0;
      for (let t = 0; t < n; t++) s += centred[oi + t]! * centred[oj + t]!;
      setSym(cov, k, i, j, s / denom);
    }
  }
  return cov;
}

function setSym(m: Float64Array, k: number, i: number, j: number, v: number): void {
  m[i * k + j] = v;
  m[j * k + i] = v;
}

/** Correlation matrix from a covariance matrix (an asset with zero variance gets correlation 0, diagonal 1). */
export function correlationFromCovariance(cov: Float64Array, k: number): Float64Array {
  const out = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const d = Math.sqrt(cov[i * k + i]! * cov[j * k + j]!);
      out[i * k + j] = i === j ? 1 : d > 0 ? cov[i * k + j]! / d : 0;
    }
  }
  return out;
}

/**
 * Lower-triangular Cholesky factor L with L·Lᵀ = A for a symmetric positive semi-definite A
 * (k × k, row-major). A pivot that is zero up to rounding (a redundant, perfectly correlated
 * asset) gives a zero column instead of failing, so semi-definite covariances still factor.
 */
export function cholesky(a: Float64Array, k: number): Float64Array {
  const l = new Float64Array(k * k);
  let scale = 0;
  for (let i = 0; i < k; i++) scale = Math.max(scale, Math.abs(a[i * k + i]!));
  const tol = scale * 1e-12;
  for (let j = 0; j < k; j++) {
    let d = a[j * k + j]!;
    for (let p = 0; p < j; p++) d -= l[j * k + p]! * l[j * k + p]!;
    if (d <= tol) continue; // column stays zero
    const ljj = Math.sqrt(d);
    l[j * k + j] = ljj;
    for (let i = j + 1; i < k; i++) {
      let s = a[i * k + j]!;
      for (let p = 0; p < j; p++) s -= l[i * k + p]! * l[j * k + p]!;
      l[i * k + j] = s / ljj;
    }
  }
  return l;
}
