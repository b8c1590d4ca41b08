/** Number formatting for explanations people read on approval cards and denials. */
import { formatRupees } from '../core/money';

/** Rupees with Indian grouping; whole amounts drop the paise (₹10,00,000), others keep them (₹25.50). */
export const inr = formatRupees;

/** A fraction as a percentage with up to two decimals: 0.01 → "1%", 0.025 → "2.5%". */
export function pct(fraction: number): string {
  return `${Number((fraction * 100).toFixed(2))}%`;
}

/** A plain number with up to `digits` decimals: 2.5 → "2.5", 3 → "3". */
export function num(x: number, digits = 2): string {
  return `${Number(x.toFixed(digits))}`;
}

/** "1 share" / "392 shares". */
export function shares(q: number): string {
  return `${q} ${q === 1 ? 'share' : 'shares'}`;
}
