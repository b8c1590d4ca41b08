import { istDayIndex, istMidnight } from '../../calendar/ist';
import type { Interval } from '../../core/interval';
import { INTERVALS, intervalMs } from '../../core/interval';

/**
 * The bar interval implied by ascending bar start times: `day` when every bar starts at 00:00 IST,
 * otherwise the smallest gap between two bars of the same IST day, if that gap is one of Kite's
 * intraday intervals. Null when it cannot be told (fewer than two bars in any day, or an odd gap).
 */
export function inferInterval(time: Float64Array, length: number): Interval | null {
  if (length === 0) return null;
  let allMidnight = true;
  for (let i = 0; i < length && allMidnight; i++) allMidnight = time[i] === istMidnight(time[i]!);
  if (allMidnight) return 'day';
  let minGap = Infinity;
  for (let i = 1; i < length; i++) {
    const gap = time[i]! - time[i - 1]!;
    if (gap > 0 && gap < minGap && istDayIndex(time[i]!) === istDayIndex(time[i - 1]!)) minGap = gap;
  }
  for (const iv of INTERVALS) if (iv !== 'day' && intervalMs(iv) === minGap) return iv;
  return null;
}
