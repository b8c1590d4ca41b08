/**
 * Time-based rebalance schedule on NSE trading days at a set IST time.
 * - daily: every trading day.
 * - weekly: in each Monday–Sunday week, the first trading day on or after `weekday` (1 = Monday …
 *   5 = Friday); a week with no trading day from then on has no rebalance.
 * - monthly: the first (or last, with `monthDay: 'last'`) trading day of each month.
 * A rebalance is due at `now` when the latest scheduled instant ≤ now is after the last rebalance.
 */
import { z } from 'zod';
import type { NseCalendar } from '../../calendar/nseCalendar';
import { dayIndexStart, dayIndexToDate, istDayIndex, parseHhmm, weekdayOfDayIndex } from '../../calendar/ist';

export const rebalanceScheduleSchema = z.object({
  frequency: z.enum(['daily', 'weekly', 'monthly']),
  /** IST wall-clock time `HH:MM`. */
  at: z.string().refine((s) => Number.isFinite(parseHhmm(s)), { message: 'expected a time HH:MM' }).default('15:00'),
  weekday: z.number().int().min(1).max(5).default(1),
  monthDay: z.enum(['first', 'last']).default('first'),
});
export type RebalanceScheduleInput = z.input<typeof rebalanceScheduleSchema>;
export type RebalanceSchedule = z.output<typeof rebalanceScheduleSchema>;

const MINUTE_MS = 60_000;
/** A year and a bit: any schedule fires within it on a calendar with trading days. */
const HORIZON_DAYS = 400;

/** Monday-based week number of an IST day index (day 0 = Thursday 1970-01-01). */
const weekOf = (day: number): number => Math.floor((day + 3) / 7);
const monthOf = (day: number): string => dayIndexToDate(day).slice(0, 7);
/** ISO weekday 1 = Monday … 7 = Sunday. */
const isoWeekday = (day: number): number => ((weekdayOfDayIndex(day) + 6) % 7) + 1;

/** True when `day` is a scheduled rebalance day. */
export function isRebalanceDay(s: RebalanceSchedule, day: number, cal: NseCalendar): boolean {
  const date = dayIndexToDate(day);
  if (!cal.isTradingDay(date)) return false;
  switch (s.frequency) {
    case 'daily':
      return true;
    case 'weekly': {
      if (isoWeekday(day) < s.weekday) return false;
      // no earlier trading day in this week on or after the weekday
      for (let d = day - 1; weekOf(d) === weekOf(day) && isoWeekday(d) >= s.weekday; d--) if (cal.isTradingDay(dayIndexToDate(d))) return false;
      return true;
    }
    case 'monthly': {
      const step = s.monthDay === 'first' ? -1 : 1;
      for (let d = day + step; monthOf(d) === monthOf(day); d += step) if (cal.isTradingDay(dayIndexToDate(d))) return false;
      return true;
    }
  }
}

const instantOf = (s: RebalanceSchedule, day: number): number => dayIndexStart(day) + parseHhmm(s.at) * MINUTE_MS;

/** The first scheduled instant strictly after `t`, or null within the horizon. */
export function nextRebalanceAt(s: RebalanceSchedule, t: number, cal: NseCalendar): number | null {
  const first = istDayIndex(t);
  for (let day = first; day <= first + HORIZON_DAYS; day++) {
    if (!isRebalanceDay(s, day, cal)) continue;
    const at = instantOf(s, day);
    if (at > t) return at;
  }
  return null;
}

/** The latest scheduled instant at or before `t`, or null within the horizon. */
export function previousRebalanceAt(s: RebalanceSchedule, t: number, cal: NseCalendar): number | null {
  const first = istDayIndex(t);
  for (let day = first; day >= first - HORIZON_DAYS; day--) {
    if (!isRebalanceDay(s, day, cal)) continue;
    const at = instantOf(s, day);
    if (at <= t) return at;
  }
  return null;
}

/** Whether a scheduled rebalance has come up since `lastRebalanceAt` (null: never rebalanced). */
export function isRebalanceDue(s: RebalanceSchedule, now: number, lastRebalanceAt: number | null, cal: NseCalendar): boolean {
  const prev = previousRebalanceAt(s, now, cal);
  return prev !== null && (lastRebalanceAt === null || prev > lastRebalanceAt);
}
