import type { Interval } from '../core/interval';
import { intervalMs } from '../core/interval';

/** India Standard Time is UTC+05:30 all year (no daylight saving), so a fixed offset is exact. */
export const IST_OFFSET_MS = 330 * 60_000;
const DAY_MS = 86_400_000;
/** Regular session opens 09:15 IST. */
export const SESSION_OPEN_MINUTE = 9 * 60 + 15;

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
  return new Date(istMidnight(t) + IST_OFFSET_MS).toISOString().slice(0, 10);
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
