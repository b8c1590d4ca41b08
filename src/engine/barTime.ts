import { istMidnight } from '../calendar/ist';
import type { Interval } from '../core/interval';
import { intervalMs } from '../core/interval';

const SESSION_CLOSE_MS = (15 * 60 + 30) * 60_000;

/**
 * The instant a bar closes, given its start: start + length for intraday bars; 15:30 IST of the
 * trading day for daily bars (which start at 00:00 IST). Decisions are stamped with it.
 */
export function barCloseTime(start: number, interval: Interval): number {
  return interval === 'day' ? istMidnight(start) + SESSION_CLOSE_MS : start + intervalMs(interval);
}
