/**
 * Kite's historical API answers at most a fixed number of days per request, depending on the interval.
 * A long range is split into consecutive windows [from, to) no longer than that maximum.
 */
import type { Interval } from '../../core/interval';
import { DAY_MS, IST_OFFSET_MS } from '../../calendar/ist';
import type { TimeRange } from '../feeds';

/** Maximum days per getHistoricalData call (Kite Connect docs/forum). */
export const KITE_MAX_DAYS: Readonly<Record<Interval, number>> = {
  '1m': 60,
  '3m': 100,
  '5m': 100,
  '10m': 100,
  '15m': 200,
  '30m': 200,
  '60m': 400,
  day: 2000,
};

/** Splits [from, to) into windows of at most the interval's maximum span. Bounds must be whole seconds. */
export function historicalWindows(range: TimeRange, interval: Interval): TimeRange[] {
  const span = KITE_MAX_DAYS[interval] * DAY_MS;
  const out: TimeRange[] = [];
  for (let start = range.from; start < range.to; start += span) out.push({ from: start, to: Math.min(start + span, range.to) });
  return out;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** `YYYY-MM-DD HH:MM:SS` in IST, the form Kite reads `from`/`to` in (independent of the process time zone). */
export function formatKiteDateTime(ms: number): string {
  const d = new Date(ms + IST_OFFSET_MS);
  return (
    `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ` +
    `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`
  );
}
