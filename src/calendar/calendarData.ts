import { z } from 'zod';
import nse2024 from './holidays/nse-2024.json';
import nse2025 from './holidays/nse-2025.json';
import nse2026 from './holidays/nse-2026.json';
import { parseHhmm, parseIstDate } from './ist';

/**
 * The shipped NSE calendar data (one JSON file per year under ./holidays) and the schemas that
 * also validate user-supplied extra holidays and special sessions.
 */

const isoDate = z.string().refine((s) => !Number.isNaN(parseIstDate(s)), { message: 'expected a date YYYY-MM-DD' });
const hhmm = z.string().refine((s) => !Number.isNaN(parseHhmm(s)), { message: 'expected a time HH:MM (IST)' });

export const holidaySchema = z.object({ date: isoDate, name: z.string().min(1) });
export type Holiday = z.infer<typeof holidaySchema>;

export const sessionSegmentSchema = z
  .object({
    open: hhmm,
    close: hhmm,
    /** Pre-open order-entry window [start, end); defaults to 15 → 7 minutes before `open`. */
    preOpen: z.tuple([hhmm, hhmm]).optional(),
  })
  .refine((s) => parseHhmm(s.open) < parseHhmm(s.close), { message: 'a session segment must open before it closes' });
export type SessionSegmentSpec = z.infer<typeof sessionSegmentSchema>;

export const specialSessionSchema = z.object({
  date: isoDate,
  name: z.string().min(1),
  segments: z.array(sessionSegmentSchema).min(1),
  /** MIS auto square-off time for this session; defaults to 10 minutes before its last close. */
  misSquareOff: hhmm.optional(),
});
export type SpecialSession = z.infer<typeof specialSessionSchema>;

export const calendarYearSchema = z.object({
  year: z.number().int(),
  source: z.string(),
  holidays: z.array(holidaySchema),
  specialSessions: z.array(specialSessionSchema),
});
export type CalendarYear = z.infer<typeof calendarYearSchema>;

export const calendarOptionsSchema = z.object({
  extraHolidays: z.array(holidaySchema).default([]),
  specialSessions: z.array(specialSessionSchema).default([]),
  misSquareOff: hhmm.default('15:20'),
  /** Replace the shipped data (tests, or a newer list); defaults to the shipped 2024–2026 files. */
  years: z.array(calendarYearSchema).optional(),
});
export type NseCalendarOptions = z.input<typeof calendarOptionsSchema>;

/** The shipped official years, validated once at load (a malformed data file is a bug). */
export const SHIPPED_YEARS: readonly CalendarYear[] = [nse2024, nse2025, nse2026].map((y) => calendarYearSchema.parse(y));
