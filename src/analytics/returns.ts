/**
 * Period sampling of an equity curve and simple returns (conventions in ./conventions.ts):
 * a day's (month's) value is the last equity of that IST day (month).
 */
import { DAY_MS, IST_OFFSET_MS, istDayNumber, istDayString } from './conventions';

/** An equity curve: `time` (epoch ms, ascending) and `equity` (₹) of equal length. */
export interface EquityCurve {
  readonly time: ArrayLike<number>;
  readonly equity: ArrayLike<number>;
}

/** One value per IST day: `day` is the IST day number (days since 1970-01-01 IST). */
export interface DailySeries {
  readonly day: Float64Array;
  readonly value: Float64Array;
}

/** Daily returns aligned to IST day numbers. */
export interface DailyReturns {
  readonly day: Float64Array;
  readonly ret: Float64Array;
}

/** Last value of each IST day. */
export function dailyLast(c: EquityCurve): DailySeries {
  const n = c.time.length;
  // A local binding: an imported function is reached through a module getter on every call.
  const dayOf = istDayNumber;
  let days = 0;
  let prev = n > 0 ? dayOf(c.time[0]!) : 0;
  for (let i = 1; i < n; i++) {
    const d = dayOf(c.time[i]!);
    if (d !== prev) days++;
    prev = d;
  }
  if (n > 0) days++;
  const day = new Float64Array(days);
  const value = new Float64Array(days);
  let k = 0;
  let current = n > 0 ? dayOf(c.time[0]!) : 0;
  for (let i = 1; i <= n; i++) {
    const d = i < n ? dayOf(c.time[i]!) : NaN;
    if (d !== current) {
      day[k] = current;
      value[k] = c.equity[i - 1]!;
      k++;
      current = d;
    }
  }
  return { day, value };
}

/** r_i = v_i / v_{i−1} − 1, with v_{−1} = `base`. */
export function simpleReturns(values: ArrayLike<number>, base: number): Float64Array {
  const out = new Float64Array(values.length);
  let prev = base;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    out[i] = v / prev - 1;
    prev = v;
  }
  return out;
}

/** Daily returns of a curve; the first day's base is `initialEquity` (default: first curve point). */
export function dailyReturns(c: EquityCurve, initialEquity?: number): DailyReturns {
  const d = dailyLast(c);
  const base = initialEquity ?? (c.equity.length > 0 ? c.equity[0]! : NaN);
  return { day: d.day, ret: simpleReturns(d.value, base) };
}

export interface PeriodReturn {
  /** `YYYY-MM-DD` for days, `YYYY-MM` for months. */
  readonly period: string;
  readonly ret: number;
}

/** Daily returns with date labels (for reports; allocates). */
export function labelledDailyReturns(c: EquityCurve, initialEquity?: number): PeriodReturn[] {
  const r = dailyReturns(c, initialEquity);
  return Array.from(r.ret, (ret, i) => ({ period: istDayString(r.day[i]!), ret }));
}

/** Monthly returns: last equity of each IST month over the previous month's last (first: initial equity). */
export function monthlyReturns(c: EquityCurve, initialEquity?: number): PeriodReturn[] {
  const out: PeriodReturn[] = [];
  const n = c.time.length;
  let prev = initialEquity ?? (n > 0 ? c.equity[0]! : NaN);
  for (let i = 0; i < n; i++) {
    const m = istMonth(c.time[i]!);
    if (i === n - 1 || istMonth(c.time[i + 1]!) !== m) {
      const v = c.equity[i]!;
      out.push({ period: m, ret: v / prev - 1 });
      prev = v;
    }
  }
  return out;
}

const istMonth = (t: number): string => new Date(t + IST_OFFSET_MS).toISOString().slice(0, 7);

/** Years between two instants by calendar time (365.25 days). */
export const calendarYears = (from: number, to: number): number => (to - from) / (365.25 * DAY_MS);
