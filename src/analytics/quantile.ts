/**
 * Quantiles with a pinned convention: linear interpolation between order statistics, numpy's default
 * (`np.quantile(x, p)`, Hyndman & Fan type 7): h = (n − 1)·p, q = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
 * NaN values are not allowed (they would have no place in the order).
 */

/** Quantile of already ascending-sorted values. */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile probability must be in [0, 1], got ${p}`);
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const a = sorted[lo]!;
  return a + (h - lo) * (sorted[hi]! - a);
}

/** Quantile of unsorted values (copies and sorts; the input is not changed). */
export function quantile(values: ArrayLike<number>, p: number): number {
  const s = Float64Array.from(values);
  for (let i = 0; i < s.length; i++) if (Number.isNaN(s[i]!)) throw new RangeError('quantile of a series containing NaN');
  s.sort();
  return quantileSorted(s, p);
}
