/**
 * IST calendar date of an instant, for picking the rate schedule and grouping contract notes.
 * core may not import src/calendar (dependency rule), and IST is a fixed UTC+05:30 with no daylight
 * saving, so this rule is exact; calendar/ist.ts `istDate` and `dayIndexToDate` are these functions.
 * The last day's date is remembered: fills come in time order and each is charged through a few calls for its day
 * (the session's note, the day's rates), so most calls ask the same day again. A new day's date is made by
 * arithmetic, not by formatting a Date (a sweep on daily bars meets a new day at every fill).
 */
const IST_OFFSET_MS = 330 * 60_000;
const DAY_MS = 86_400_000;
/** 1000-01-01 and 9999-12-31 as days since 1970-01-01: the dates written with four-digit years. */
const MIN_FAST_DAY = -354_285;
const MAX_FAST_DAY = 2_932_896;

let lastDay = NaN;
let lastDate = '';

export function istDateOfInstant(time: number): string {
  const day = Math.floor((time + IST_OFFSET_MS) / DAY_MS);
  if (day !== lastDay) {
    // Outside the arithmetic's years the instant itself is formatted: one past Date's range throws, even when the
    // start of its day is inside it.
    lastDate = isWholeFastDay(day) ? civilDate(day) : new Date(time + IST_OFFSET_MS).toISOString().slice(0, 10);
    lastDay = day;
  }
  return lastDate;
}

/**
 * `YYYY-MM-DD` of day number `day` (days since 1970-01-01 UTC): whole days of years 1000–9999 by arithmetic, anything
 * else as Date formats it (a day outside its range, or NaN, throws a RangeError). calendar/ist.ts uses it too.
 */
export function isoDateOfDay(day: number): string {
  return isWholeFastDay(day) ? civilDate(day) : new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function isWholeFastDay(day: number): boolean {
  return day >= MIN_FAST_DAY && day <= MAX_FAST_DAY && Math.floor(day) === day;
}

/**
 * YYYY-MM-DD of a whole day number (days since 1970-01-01, proleptic Gregorian), without a Date: the civil-from-days
 * algorithm of H. Hinnant ("chrono-Compatible Low-Level Date Algorithms", 2013), in 400-year eras of 146,097 days.
 */
function civilDate(day: number): string {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}
