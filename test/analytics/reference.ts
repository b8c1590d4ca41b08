/**
 * Straightforward reference implementations for the analytics tests, written differently from
 * src/analytics on purpose: plain arrays, local-time date strings (the tests run with
 * TZ=Asia/Kolkata), two-pass formulas and brute-force drawdown.
 */
export const localDate = (t: number): string => {
  const d = new Date(t);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/** Map date → last equity of the date, in date order. */
export function refDailyLast(time: number[], equity: number[]): { date: string; value: number }[] {
  const m = new Map<string, number>();
  time.forEach((t, i) => m.set(localDate(t), equity[i]!));
  return [...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([date, value]) => ({ date, value }));
}

export const refMean = (a: number[]): number => a.reduce((s, x) => s + x, 0) / a.length;
export const refStd = (a: number[]): number => {
  const m = refMean(a);
  return Math.sqrt(a.map((x) => (x - m) ** 2).reduce((s, x) => s + x, 0) / (a.length - 1));
};

export function refMaxDrawdown(equity: number[]): number {
  let worst = 0;
  for (let i = 0; i < equity.length; i++) for (let j = i + 1; j < equity.length; j++) worst = Math.max(worst, 1 - equity[j]! / equity[i]!);
  return worst;
}

/** Expect a ≈ b to ~1e-9 relative (or both non-finite and equal). */
export function close(a: number, b: number, rel = 1e-9): boolean {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return Object.is(a, b);
  return Math.abs(a - b) <= rel * Math.max(1, Math.abs(a), Math.abs(b));
}
