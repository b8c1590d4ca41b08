import type { Interval } from '../core/interval';
import { intervalMs } from '../core/interval';
import { isoDateOfDay, istDateOfInstant } from '../core/costs/istDay';

/** India Standard Time is UTC+05:30 all year (no daylight saving), so a fixed offset is exact. */
export const IST_OFFSET_MS = 330 * 60_000;
/** Milliseconds in one (IST, DST-free) calendar day. */
export const DAY_MS = 86_400_000;
/** Regular session opens 09:15 IST. */
export const SESSION_OPEN_MINUTE = 9 * 60 + 15;
/**
 * Minutes of a regular NSE equity session, 09:15–15:30 IST (NSE "Market timings", nseindia.com, read 2026-12-06):
 * the bars of one trading day for intraday intervals.
 */
export const SESSION_MINUTES = 375;

/** Epoch ms of 00:00 IST on the IST calendar day containing `t`. */
export function istMidnight(t: number): number {
  return Math.floor((t + IST_OFFSET_MS) / DAY_MS) * DAY_MS - IST_OFFSET_MS;
}

/** Minutes since 00:00 IST of the instant `t`. */
export function istMinuteOfDay(t: number): number {
  return Math.floor((t - istMidnight(t)) / 60_000);
}

/** `YYYY-MM-DD` of the IST calendar day containing `t`. */
export function istDate(t: number): string {
  return istDateOfInstant(t);
}

/** Epoch ms of `HH:MM` IST on the IST date `YYYY-MM-DD`. */
export function istTime(date: string, hhmm = '00:00'): number {
  const ms = Date.parse(`${date}T${hhmm}:00+05:30`);
  if (Number.isNaN(ms)) throw new RangeError(`not an IST date/time: ${date} ${hhmm}`);
  return ms;
}

/**
 * Start of the bar that contains instant `t`. Intraday buckets are aligned to the session open
 * (09:15 IST), as Kite's candles are: 5m bars start 09:15, 09:20, …; 60m bars 09:15, 10:15, ….
 * Daily bars start at 00:00 IST of the trading day (Kite's convention for `day` candles).
 */
export function bucketStart(t: number, interval: Interval): number {
  const midnight = istMidnight(t);
  if (interval === 'day') return midnight;
  const open = midnight + SESSION_OPEN_MINUTE * 60_000;
  const len = intervalMs(interval);
  return open + Math.floor((t - open) / len) * len;
}

/**
 * Day number of the IST calendar day containing `t`: 0 = 1970-01-01 IST. Integer arithmetic only,
 * so it is exact and allocation-free; IST has no daylight saving, so every day is 86,400,000 ms.
 */
export function istDayIndex(t: number): number {
  return Math.floor((t + IST_OFFSET_MS) / DAY_MS);
}

/** Epoch ms of 00:00 IST on day number `day`. */
export function dayIndexStart(day: number): number {
  return day * DAY_MS - IST_OFFSET_MS;
}

/** Day of the week of day number `day`: 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOfDayIndex(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** Day number of a proleptic-Gregorian civil date (Howard Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Days in month `m` (1–12) of year `y`. */
export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Day number of `YYYY-MM-DD`, or NaN when the text is not a valid calendar date. */
export function parseIstDate(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return NaN;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return NaN;
  return daysFromCivil(y, mo, d);
}

/** `YYYY-MM-DD` of day number `day`. */
export function dayIndexToDate(day: number): string {
  return isoDateOfDay(day);
}

/** Minutes since midnight of `HH:MM` (00:00–24:00), or NaN when malformed. */
export function parseHhmm(hhmm: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!m) return NaN;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 24 || min > 59 || (h === 24 && min !== 0)) return NaN;
  return h * 60 + min;
}
