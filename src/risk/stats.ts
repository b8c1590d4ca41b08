/**
 * Small statistics kernels on Float64Arrays for the risk module. No allocation except where a
 * result array is returned. Sample statistics use the n − 1 denominator (Bessel's correction).
 */

export function mean(x: Float64Array, from = 0, to = x.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i]!;
  return to > from ? s / (to - from) : NaN;
}

/** Sample standard deviation (n − 1); NaN for fewer than two values. */
export function stdev(x: Float64Array, from = 0, to = x.length): number {
  const n = to - from;
  if (n < 2) return NaN;
  const m = mean(x, from, to);
  let ss = 0;
  for (let i = from; i < to; i++) {
    const d = x[i]! - m;
    ss += d * d;
  }
  return Math.sqrt(ss / (n - 1));
}

/** Sample covariance (n − 1) of two equally long series. */
export function covariance(a: Float64Array, b: Float64Array): number {
  const n = Math.min(a.length, b.length);
  if (n < 2) return NaN;
  const ma = mean(a, 0, n);
  const mb = mean(b, 0, n);
  let s = 0;
  for (let i = 0; i < n; i++) s += (a[i]! - ma) * (b[i]! - mb);
  return s / (n - 1);
}

/** Simple returns r[t] = p[t+1] / p[t] − 1 (length n − 1). */
export function simpleReturns(prices: Float64Array): Float64Array {
  const n = Math.max(0, prices.length - 1);
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) r[i] = prices[i + 1]! / prices[i]! - 1;
  return r;
}

/** Overlapping sums of `h` consecutive values: out[t] = x[t] + … + x[t+h−1] (length n − h + 1). */
export function rollingSums(x: Float64Array, h: number): Float64Array {
  if (h <= 1) return Float64Array.from(x);
  const n = x.length - h + 1;
  if (n <= 0) return new Float64Array(0);
  const out = new Float64Array(n);
  let s = 0;
  for (let i = 0; i < h; i++) s += x[i]!;
  out[0] = s;
  for (let t = 1; t < n; t++) {
    s += x[t + h - 1]! - x[t - 1]!;
    out[t] = s;
  }
  return out;
}

const SQRT_2PI = Math.sqrt(2 * Math.PI);

/** Standard normal density φ(z). */
export function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z) / SQRT_2PI;
}

// Acklam's rational approximation of the normal quantile (relative error < 1.15e-9).
const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

/**
 * Standard normal CDF Φ(z) for |z| ≤ 8 by the series Φ(z) = ½ + φ(z)·Σ z^(2n+1) / (1·3·…·(2n+1)),
 * whose terms are all positive (no cancellation); outside ±8 it returns 0 or 1.
 */
export function normalCdf(z: number): number {
  if (z < -8) return 0;
  if (z > 8) return 1;
  let term = z;
  let sum = z;
  const z2 = z * z;
  for (let k = 3; Math.abs(term) > 1e-17 * Math.abs(sum); k += 2) {
    term *= z2 / k;
    sum += term;
  }
  return 0.5 + normalPdf(z) * sum;
}

/** Inverse standard normal CDF Φ⁻¹(p) for 0 < p < 1: Acklam's start plus one Halley step on Φ. */
export function normalQuantile(p: number): number {
  const x = acklam(p);
  if (Math.abs(x) > 6) return x;
  const e = normalCdf(x) - p;
  const u = e * SQRT_2PI * Math.exp(0.5 * x * x);
  return x - u / (1 + 0.5 * x * u);
}

function acklam(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normal quantile needs 0 < p < 1, got ${p}`);
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((C[0]! * q + C[1]!) * q + C[2]!) * q + C[3]!) * q + C[4]!) * q + C[5]!) /
      ((((D[0]! * q + D[1]!) * q + D[2]!) * q + D[3]!) * q + 1);
  }
  if (p > 1 - P_LOW) return -acklam(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((A[0]! * r + A[1]!) * r + A[2]!) * r + A[3]!) * r + A[4]!) * r + A[5]!) * q) /
    (((((B[0]! * r + B[1]!) * r + B[2]!) * r + B[3]!) * r + B[4]!) * r + 1);
}
