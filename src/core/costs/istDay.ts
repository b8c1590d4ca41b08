/**
 * IST calendar date of an instant, for picking the rate schedule and grouping contract notes.
 * core may not import src/calendar (dependency rule), and IST is a fixed UTC+05:30 with no daylight
 * saving, so this one-line rule is exact and agrees with calendar/ist.ts `istDate`.
 */
const IST_OFFSET_MS = 330 * 60_000;

export function istDateOfInstant(time: number): string {
  return new Date(time + IST_OFFSET_MS).toISOString().slice(0, 10);
}
