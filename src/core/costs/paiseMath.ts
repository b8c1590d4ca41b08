/**
 * Exact half-up rounding of a × b / den for non-negative integers, the one arithmetic step of every
 * charge: value in paise × rate in centi-rupees per crore / 10⁹ → paise. Exact in doubles while
 * a × b ≤ 2⁵³ (a note of up to ₹2.9 billion at ₹307 / crore); larger products take a BigInt path.
 */
const SAFE = Number.MAX_SAFE_INTEGER;

export function mulDivHalfUp(a: number, b: number, den: number): number {
  const p = a * b;
  if (p <= SAFE) {
    let q = Math.floor(p / den);
    let r = p - q * den;
    // The float quotient can be one off near an integer; the remainder says which way.
    if (r < 0) {
      q -= 1;
      r += den;
    } else if (r >= den) {
      q += 1;
      r -= den;
    }
    return 2 * r >= den ? q + 1 : q;
  }
  const n = BigInt(a) * BigInt(b);
  const d = BigInt(den);
  return Number((2n * n + d) / (2n * d));
}

/** Exact half-up rounding of (a1 × b1 + a2 × b2) / den for non-negative integers. */
export function dotDivHalfUp(a1: number, b1: number, a2: number, b2: number, den: number): number {
  const p1 = a1 * b1;
  const p2 = a2 * b2;
  if (p1 + p2 <= SAFE) return mulDivHalfUp(p1 + p2, 1, den);
  const n = BigInt(a1) * BigInt(b1) + BigInt(a2) * BigInt(b2);
  const d = BigInt(den);
  return Number((2n * n + d) / (2n * d));
}

/** A rate in rupees per crore with at most two decimals (e.g. 306.99) as whole centi-rupees per crore. */
export function centiRate(perCrore: number): number {
  const c = Math.round(perCrore * 100);
  if (Math.abs(c - perCrore * 100) > 1e-6) throw new RangeError(`rate ${perCrore} has more than two decimals`);
  return c;
}

/** paise × (₹/crore) → paise, half up: value × centi-rate / (10⁷ crore-paise × 100). */
export const atRatePaise = (valuePaise: number, centiPerCrore: number): number => mulDivHalfUp(valuePaise, centiPerCrore, 1_000_000_000);

/** Σ paise × (₹/crore) over the two sides → whole rupees, in paise, half up. */
export const sidesAtRateRupees = (buyPaise: number, buyCenti: number, sellPaise: number, sellCenti: number): number =>
  dotDivHalfUp(buyPaise, buyCenti, sellPaise, sellCenti, 100_000_000_000) * 100;
