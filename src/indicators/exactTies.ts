/**
 * Exact decisions on decimal prices: the sign of (SMA − SMA), (close − SMA), (z-score − k),
 * (close − Bollinger band) and (ROC − threshold), computed so that a real tie is a tie and float error never picks a side
 * (issue #15, item 6: on INFY 5-minute at 2023-07-21 13:25 the close 1333.10 equals its 20-bar mean,
 * z = 0, but the rolling float z-score gives −4.37e-14).
 *
 * Method: an exact tie check. The fast float kernels are used as they are; only when a float
 * difference is within a small tolerance of the threshold is the decision recomputed exactly, from the
 * window's prices as integers of 10⁻⁴ rupee (the NSE tick grid is 0.05, split-adjusted histories carry
 * four decimals) in BigInt arithmetic:
 *   SMA_f − SMA_s      ∝  s·Σ_f − f·Σ_s                      (Σ over each window, f and s the periods)
 *   close − SMA_n      ∝  n·x − Σ
 *   z − k, k = P/Q     :  z = D/√V with D = n·x − Σ, V = n·Σx² − Σ² (population σ), so
 *                         sign(z − k) = sign(Q·D − P·√V), decided by comparing squares.
 * Bollinger touches are z-score decisions: close ≤ mean − k·σ ⇔ z ≤ −k (σ > 0), close ≥ mean + k·σ ⇔ z ≥ k.
 * A price that is not on the 10⁻⁴ grid (x ≠ the double nearest to round(x·10⁴)/10⁴) makes the exact
 * path give up (NaN) and the float sign stands — documented, and never the case for NSE prices.
 * Thresholds k are taken as the decimal they were written as (the shortest decimal of the double).
 */

/** Relative tolerance under which a float SMA difference is re-decided exactly (float error is ~1e-13). */
export const SMA_TIE_TOLERANCE = 1e-9;
/** Absolute tolerance under which a float z-score is re-decided exactly (float error is ≲ 1e-8 on tick data). */
export const Z_TIE_TOLERANCE = 1e-6;

const SCALE = 10_000;

/** The price as whole 10⁻⁴ rupees, or undefined when it is not on that grid. */
export function priceUnits(x: number): bigint | undefined {
  if (!Number.isFinite(x)) return undefined;
  const u = Math.round(x * SCALE);
  if (u / SCALE !== x || !Number.isSafeInteger(u)) return undefined;
  return BigInt(u);
}

interface WindowSums {
  readonly sum: bigint;
  readonly squares: bigint;
  readonly last: bigint;
}

/** Σu and Σu² over src[end − n + 1 .. end] in 10⁻⁴ rupee units, or undefined (warm-up or off the grid). */
function windowSums(src: ArrayLike<number>, end: number, n: number): WindowSums | undefined {
  if (end - n + 1 < 0 || end >= src.length) return undefined;
  let sum = 0n;
  let squares = 0n;
  let last = 0n;
  for (let k = end - n + 1; k <= end; k++) {
    const u = priceUnits(src[k]!);
    if (u === undefined) return undefined;
    sum += u;
    squares += u * u;
    last = u;
  }
  return { sum, squares, last };
}

const signOf = (v: bigint): -1 | 0 | 1 => (v > 0n ? 1 : v < 0n ? -1 : 0);

/**
 * Σu over src[end − n + 1 .. end] in 10⁻⁴ rupee units as a double — exact, because every price is a whole number of
 * units and the sum stays a safe integer (checked) — or NaN in warm-up, off the grid, or when it would not be exact.
 * The fast path of the SMA decision: the same integers as `windowSums` without a BigInt per price.
 */
function unitSum(src: ArrayLike<number>, end: number, n: number): number {
  if (end - n + 1 < 0 || end >= src.length) return NaN;
  let sum = 0;
  for (let k = end - n + 1; k <= end; k++) {
    const x = src[k]!;
    const u = Math.round(x * SCALE);
    if (u / SCALE !== x) return NaN;
    sum += u;
    if (!(Math.abs(sum) <= Number.MAX_SAFE_INTEGER)) return NaN;
  }
  return sum;
}

/** Exact sign of SMA(fast) − SMA(slow) at `end`; NaN in warm-up or off the price grid. */
export function exactSmaSign(src: ArrayLike<number>, end: number, fast: number, slow: number): number {
  // In doubles while every product is a safe integer (prices up to ~₹10⁸ over windows of hundreds of bars); the
  // comparison of two exact integers is exact. Otherwise (or off the grid) the BigInt path decides.
  const sf = unitSum(src, end, fast);
  const ss = unitSum(src, end, slow);
  if (sf === sf && ss === ss) {
    const a = slow * sf;
    const b = fast * ss;
    if (Math.abs(a) <= Number.MAX_SAFE_INTEGER && Math.abs(b) <= Number.MAX_SAFE_INTEGER) return a > b ? 1 : a < b ? -1 : 0;
  }
  const f = windowSums(src, end, fast);
  const s = windowSums(src, end, slow);
  if (!f || !s) return NaN;
  return signOf(BigInt(slow) * f.sum - BigInt(fast) * s.sum);
}

/** Exact sign of close − SMA(period) at `end`; NaN in warm-up or off the price grid. */
export function exactCloseVsSma(src: ArrayLike<number>, end: number, period: number): number {
  const w = windowSums(src, end, period);
  if (!w) return NaN;
  return signOf(BigInt(period) * w.last - w.sum);
}

/** A finite threshold as an exact fraction P/Q of its shortest decimal (e.g. −1.85 → −185/100). */
export function decimalFraction(k: number): { p: bigint; q: bigint } {
  if (!Number.isFinite(k)) throw new RangeError(`threshold must be finite, got ${k}`);
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(k));
  if (!m) throw new RangeError(`threshold ${k} is not a decimal`);
  const exp = Number(m[4] ?? 0) - (m[3]?.length ?? 0);
  const p = BigInt(`${m[2]}${m[3] ?? ''}`) * (m[1] === '-' ? -1n : 1n);
  return exp >= 0 ? { p: p * 10n ** BigInt(exp), q: 1n } : { p, q: 10n ** BigInt(-exp) };
}

/**
 * Exact sign of z − k at `end`, z = (x − mean) / σ over `period` bars (population σ, the window includes x);
 * NaN in warm-up, off the price grid, or on a flat window (σ = 0, where z is undefined).
 */
export function exactZscoreSign(src: ArrayLike<number>, end: number, period: number, k: number): number {
  const w = windowSums(src, end, period);
  if (!w) return NaN;
  const n = BigInt(period);
  const d = n * w.last - w.sum;
  const v = n * w.squares - w.sum * w.sum;
  if (v <= 0n) return NaN;
  const { p, q } = decimalFraction(k);
  // sign(q·d − p·√v) with √v > 0.
  const a = q * d;
  if (a >= 0n && p <= 0n) return a === 0n && p === 0n ? 0 : 1;
  if (a <= 0n && p >= 0n) return -1;
  const lhs = a * a;
  const rhs = p * p * v;
  return a > 0n ? signOf(lhs - rhs) : signOf(rhs - lhs);
}

/** Exact sign of close − band at `end`: band = mean + k·σ (`upper`) or mean − k·σ (`lower`). */
export function exactBandSide(src: ArrayLike<number>, end: number, period: number, k: number, band: 'upper' | 'lower'): number {
  return exactZscoreSign(src, end, period, band === 'upper' ? k : -k);
}

/** Exact sign of ROC(period) − threshold (percent) at `end`, ROC = (x − x₋ₙ)/x₋ₙ·100; NaN if unknown. */
export function exactRocSign(src: ArrayLike<number>, end: number, period: number, thresholdPct: number): number {
  if (end - period < 0 || end >= src.length) return NaN;
  const x = priceUnits(src[end]!);
  const past = priceUnits(src[end - period]!);
  if (x === undefined || past === undefined || past <= 0n) return NaN;
  const { p, q } = decimalFraction(thresholdPct);
  return signOf((x - past) * 100n * q - p * past);
}

/** The float sign of `diff`, or the exact one when |diff| ≤ tolerance (and the exact one is known). */
/**
 * The float sign of `diff` when it is clear of the tolerance; NaN in warm-up; undefined when the exact calculation
 * must decide (a near-tie). No closure per call: these run on every bar.
 */
function clearSign(diff: number, tolerance: number): number | undefined {
  if (Number.isNaN(diff)) return NaN;
  if (Math.abs(diff) > tolerance) return Math.sign(diff);
  return undefined;
}

/** The exact sign at a near-tie, or the float sign when the exact calculation cannot be made. */
const orFloat = (exact: number, diff: number): number => (Number.isNaN(exact) ? Math.sign(diff) : exact);

/** Sign of SMA_fast − SMA_slow given their float values at `end`, exact at ties. */
export function smaCrossSign(src: ArrayLike<number>, end: number, fast: number, slow: number, fastValue: number, slowValue: number): number {
  const diff = fastValue - slowValue;
  return clearSign(diff, SMA_TIE_TOLERANCE * Math.max(Math.abs(fastValue), Math.abs(slowValue))) ?? orFloat(exactSmaSign(src, end, fast, slow), diff);
}

/** Sign of close − SMA_period given the float SMA at `end`, exact at ties. */
export function closeVsSmaSign(src: ArrayLike<number>, end: number, period: number, smaValue: number): number {
  const x = src[end]!;
  const diff = x - smaValue;
  return clearSign(diff, SMA_TIE_TOLERANCE * Math.max(Math.abs(x), Math.abs(smaValue))) ?? orFloat(exactCloseVsSma(src, end, period), diff);
}

/** Sign of z − k given the float z-score at `end`, exact at ties. */
export function zscoreSign(src: ArrayLike<number>, end: number, period: number, zValue: number, k: number): number {
  const diff = zValue - k;
  return clearSign(diff, Z_TIE_TOLERANCE) ?? orFloat(exactZscoreSign(src, end, period, k), diff);
}

/** Sign of ROC − threshold (percent) given the float ROC at `end`, exact at ties. */
export function rocSign(src: ArrayLike<number>, end: number, period: number, rocValue: number, thresholdPct: number): number {
  const diff = rocValue - thresholdPct;
  return clearSign(diff, SMA_TIE_TOLERANCE * Math.max(1, Math.abs(thresholdPct))) ?? orFloat(exactRocSign(src, end, period, thresholdPct), diff);
}
