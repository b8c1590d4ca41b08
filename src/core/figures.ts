/**
 * Figures as people read them, the same in every reply, card and report: rupees to the paisa with Indian
 * grouping (₹1,23,456.70; negative as −₹…), fractions as percentages (0.1234 → 12.34%), plain numbers to two
 * decimals; "–" for a figure that is not a finite number, and never "-0.00".
 */
const inr2 = new Intl.NumberFormat('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export function rupees(v: number): string {
  if (!Number.isFinite(v)) return '–';
  const s = inr2.format(Math.abs(v));
  return v < 0 && s !== '0.00' ? `−₹${s}` : `₹${s}`;
}

/** 0.1234 → 12.34% */
export function pct(fraction: number, digits = 2): string {
  if (!Number.isFinite(fraction)) return '–';
  const s = (fraction * 100).toFixed(digits);
  return `${Number(s) === 0 ? (0).toFixed(digits) : s}%`;
}

export const num = (v: number, digits = 2): string => (Number.isFinite(v) ? (Number(v.toFixed(digits)) === 0 ? (0).toFixed(digits) : v.toFixed(digits)) : '–');
