/** Plain descriptive statistics over typed arrays (no allocation). */

export function mean(a: ArrayLike<number>): number {
  const n = a.length;
  if (n === 0) return NaN;
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i]!;
  return s / n;
}

/** Sample standard deviation (n − 1); NaN for fewer than two values. */
export function sampleStd(a: ArrayLike<number>): number {
  return Math.sqrt(sampleCovariance(a, a));
}

/** Sample covariance (n − 1) of two equally long series; NaN for fewer than two values. */
export function sampleCovariance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  if (n !== b.length) throw new RangeError(`covariance of series of different lengths ${n} and ${b.length}`);
  if (n < 2) return NaN;
  const ma = mean(a);
  const mb = mean(b);
  let s = 0;
  for (let i = 0; i < n; i++) s += (a[i]! - ma) * (b[i]! - mb);
  return s / (n - 1);
}

/** Pearson correlation; NaN if either series is constant or shorter than two. */
export function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const c = sampleCovariance(a, b);
  const d = Math.sqrt(sampleCovariance(a, a) * sampleCovariance(b, b));
  return d === 0 ? NaN : c / d;
}

/** Downside deviation √(Σ min(0, r − target)² / N) over ALL N values; NaN when empty. */
export function downsideDeviation(a: ArrayLike<number>, target = 0): number {
  const n = a.length;
  if (n === 0) return NaN;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const d = a[i]! - target;
    if (d < 0) s += d * d;
  }
  return Math.sqrt(s / n);
}
