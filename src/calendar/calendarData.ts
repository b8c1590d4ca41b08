import { z } from 'zod';
import nse2008 from './holidays/nse-2008.json';
import nse2009 from './holidays/nse-2009.json';
import nse2010 from './holidays/nse-2010.json';
import nse2011 from './holidays/nse-2011.json';
import nse2012 from './holidays/nse-2012.json';
import nse2013 from './holidays/nse-2013.json';
import nse2014 from './holidays/nse-2014.json';
import nse2015 from './holidays/nse-2015.json';
import nse2016 from './holidays/nse-2016.json';
import nse2017 from './holidays/nse-2017.json';
import nse2018 from './holidays/nse-2018.json';
import nse2019 from './holidays/nse-2019.json';
import nse2020 from './holidays/nse-2020.json';
import nse2021 from './holidays/nse-2021.json';
import nse2022 from './holidays/nse-2022.json';
import nse2023 from './holidays/nse-2023.json';
import nse2024 from './holidays/nse-2024.json';
import nse2025 from './holidays/nse-2025.json';
import nse2026 from './holidays/nse-2026.json';
import { parseHhmm, parseIstDate } from './ist';

/**
 * The shipped NSE calendar data (one JSON file per year under ./holidays, 2008–2026, each naming its
 * sources) and the schemas that also validate user-supplied extra holidays and special sessions.
 * The 2008–2023 files list every weekday the exchange was closed and every special session (Muhurat,
 * budget-day Saturdays, special live / DR-site sessions); test/calendar/realSessions.test.ts checks
 * them against the real NSE daily files.
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
  /** Replace the shipped data (tests, or a newer list); defaults to the shipped 2008–2026 files. */
  years: z.array(calendarYearSchema).optional(),
});
export type NseCalendarOptions = z.input<typeof calendarOptionsSchema>;

/** The shipped official years, validated once at load (a malformed data file is a bug). */
export const SHIPPED_YEARS: readonly CalendarYear[] = [
  nse2008, nse2009, nse2010, nse2011, nse2012, nse2013, nse2014, nse2015, nse2016, nse2017,
  nse2018, nse2019, nse2020, nse2021, nse2022, nse2023, nse2024, nse2025, nse2026,
].map((y) => calendarYearSchema.parse(y));

/** The hours of a regular session from the IST date `from` on (until the next era). */
export interface RegularSessionEra {
  readonly from: string;
  readonly open: string;
  readonly close: string;
  /** Pre-open order entry [start, end), or null when there was no pre-open session. */
  readonly preOpen: readonly [string, string] | null;
}

/**
 * Regular NSE equity session hours (IST), oldest first:
 * - until 2010-01-01: 09:55–15:30 (India Today / PTI, 16 Dec 2009: "at present, trading starts at 9.55 AM
 *   and closes at 3.30 pm");
 * - from 2010-01-04: opening advanced to 09:00 (announced 16 Dec 2009 for 18 Dec, deferred to 4 Jan 2010
 *   after members objected);
 * - from 2010-10-18: pre-open call auction 09:00–09:15 (order entry 09:00–09:08), normal market 09:15–15:30
 *   (NSE and BSE pre-open session introduced 18 Oct 2010; NSE "Market timings" page for the current hours).
 */
export const REGULAR_SESSION_ERAS: readonly RegularSessionEra[] = Object.freeze([
  { from: '1990-01-01', open: '09:55', close: '15:30', preOpen: null },
  { from: '2010-01-04', open: '09:00', close: '15:30', preOpen: null },
  { from: '2010-10-18', open: '09:15', close: '15:30', preOpen: ['09:00', '09:08'] },
]);
