import type { Result } from '../core/result';
import { err, ok } from '../core/result';
import type { Holiday, NseCalendarOptions, SpecialSession } from './calendarData';
import { calendarOptionsSchema, REGULAR_SESSION_ERAS, SHIPPED_YEARS } from './calendarData';
import { dayIndexStart, dayIndexToDate, istDayIndex, parseHhmm, parseIstDate, weekdayOfDayIndex } from './ist';

/** A calendar date `YYYY-MM-DD` (IST) or an instant in epoch ms (its IST calendar day is meant). */
export type DateLike = string | number;

/** One continuous trading window of a day, as epoch-ms instants. */
export interface SessionWindow {
  /** First instant of continuous trading. */
  readonly open: number;
  /** First instant after it (the session is open on [open, close)). */
  readonly close: number;
  /** Pre-open order entry [preOpenStart, preOpenEnd). */
  readonly preOpenStart: number;
  readonly preOpenEnd: number;
}

export interface SessionBounds {
  readonly date: string;
  /** Opening instant of the first window. */
  readonly open: number;
  /** Closing instant of the last window. */
  readonly close: number;
  /** One window on a regular day; several on a special day such as a DR-site drill. */
  readonly windows: readonly SessionWindow[];
  /** The special session's name, or null on a regular day. */
  readonly special: string | null;
  /** False when the year is outside the shipped holiday lists (only weekends are known). */
  readonly covered: boolean;
}

export interface YearCoverage {
  readonly year: number;
  /** True when the official NSE holiday list for the year is shipped (or supplied). */
  readonly covered: boolean;
  readonly source: string | null;
}

/** Minutes after IST midnight. */
interface DaySpec {
  readonly name: string | null;
  readonly windows: readonly { open: number; close: number; preStart: number; preEnd: number }[];
  readonly misSquareOff: number | null;
}

const MINUTE_MS = 60_000;
/** Search horizon for nextOpen/previousClose: ten years of closed days would be a configuration bug. */
const MAX_SCAN_DAYS = 3660;

/**
 * The NSE equity (capital market) calendar: regular sessions 09:15–15:30 IST with pre-open order
 * entry 09:00–09:08 (earlier hours before 18 Oct 2010: REGULAR_SESSION_ERAS), weekends closed, the
 * holiday lists for 2008–2026, extra holidays and special sessions (Muhurat trading, budget-day
 * Saturdays, special live and DR-site sessions). Every trading day has an MIS square-off time. All
 * methods are pure.
 * Years outside the shipped data are treated as weekends-only and `coverage(year).covered` is false.
 */
export class NseCalendar {
  private readonly holidayByDay = new Map<number, string>();
  private readonly specialByDay = new Map<number, DaySpec>();
  private readonly specialsByDay = new Map<number, SpecialSession>();
  private readonly sources = new Map<number, string>();
  /** Regular-day specs by era, oldest first (first IST day of the era, spec). */
  private readonly eras: { readonly fromDay: number; readonly spec: DaySpec }[] = [];

  /** Throws on invalid options (a programming error); use `NseCalendar.create` for user input. */
  constructor(options: NseCalendarOptions = {}) {
    const parsed = calendarOptionsSchema.safeParse(options);
    if (!parsed.success) throw new RangeError(`invalid calendar options: ${parsed.error.issues[0]?.message ?? 'unknown'}`);
    const o = parsed.data;
    const mis = parseHhmm(o.misSquareOff);
    for (const e of REGULAR_SESSION_ERAS) {
      const open = parseHhmm(e.open);
      const close = parseHhmm(e.close);
      // No pre-open session (before 18 Oct 2010): an empty pre-open window.
      const [preStart, preEnd] = e.preOpen ? [parseHhmm(e.preOpen[0]), parseHhmm(e.preOpen[1])] : [open, open];
      this.eras.push({ fromDay: parseIstDate(e.from), spec: { name: null, windows: [{ open, close, preStart, preEnd }], misSquareOff: mis > open && mis <= close ? mis : close - 10 } });
    }
    for (const y of o.years ?? SHIPPED_YEARS) {
      this.sources.set(y.year, y.source);
      for (const h of y.holidays) this.holidayByDay.set(parseIstDate(h.date), h.name);
      for (const s of y.specialSessions) this.addSpecial(s, mis);
    }
    for (const h of o.extraHolidays) this.holidayByDay.set(parseIstDate(h.date), h.name);
    for (const s of o.specialSessions) this.addSpecial(s, mis);
  }

  /** Builds a calendar from untrusted options, returning a one-sentence error instead of throwing. */
  static create(options: unknown): Result<NseCalendar, string> {
    const parsed = calendarOptionsSchema.safeParse(options ?? {});
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      const where = i && i.path.length > 0 ? ` at ${i.path.join('.')}` : '';
      return err(`Calendar options are invalid${where}: ${i?.message ?? 'unknown problem'}; fix them and try again.`);
    }
    return ok(new NseCalendar(parsed.data));
  }

  /** Whether the official holiday list of `year` is known. Uncovered years know weekends only. */
  coverage(year: number): YearCoverage {
    const source = this.sources.get(year) ?? null;
    return { year, covered: source !== null, source };
  }

  isTradingDay(d: DateLike): boolean {
    return this.spec(toDay(d)) !== null;
  }

  /** The holiday name when `d` is a listed holiday (Muhurat days are listed holidays with a special session). */
  holidayName(d: DateLike): string | null {
    return this.holidayByDay.get(toDay(d)) ?? null;
  }

  /** True on [open, close) of any trading window of the day. */
  isOpen(t: number): boolean {
    const day = istDayIndex(t);
    const s = this.spec(day);
    if (!s) return false;
    const ms = t - dayIndexStart(day);
    for (const w of s.windows) if (ms >= w.open * MINUTE_MS && ms < w.close * MINUTE_MS) return true;
    return false;
  }

  /** True during pre-open order entry [09:00, 09:08) of a trading day (or a special window's own pre-open). */
  isPreOpen(t: number): boolean {
    const day = istDayIndex(t);
    const s = this.spec(day);
    if (!s) return false;
    const ms = t - dayIndexStart(day);
    for (const w of s.windows) if (ms >= w.preStart * MINUTE_MS && ms < w.preEnd * MINUTE_MS) return true;
    return false;
  }

  /** Trading windows of the day `d`, or null when the market does not trade that day. */
  sessionBounds(d: DateLike): SessionBounds | null {
    const day = toDay(d);
    const s = this.spec(day);
    if (!s) return null;
    const base = dayIndexStart(day);
    const windows = s.windows.map((w) => ({
      open: base + w.open * MINUTE_MS,
      close: base + w.close * MINUTE_MS,
      preOpenStart: base + w.preStart * MINUTE_MS,
      preOpenEnd: base + w.preEnd * MINUTE_MS,
    }));
    return {
      date: dayIndexToDate(day),
      open: windows[0]!.open,
      close: windows[windows.length - 1]!.close,
      windows,
      special: s.name,
      covered: this.sources.has(yearOfDay(day)),
    };
  }

  /** The first window opening at or after `t` (equal to `t` when `t` is exactly an open). */
  nextOpen(t: number): number {
    const first = istDayIndex(t);
    for (let day = first; day < first + MAX_SCAN_DAYS; day++) {
      const s = this.spec(day);
      if (!s) continue;
      const base = dayIndexStart(day);
      for (const w of s.windows) if (base + w.open * MINUTE_MS >= t) return base + w.open * MINUTE_MS;
    }
    throw new Error(`no NSE session within ${MAX_SCAN_DAYS} days after ${new Date(t).toISOString()}`);
  }

  /** The last window close at or before `t`. */
  previousClose(t: number): number {
    const first = istDayIndex(t);
    for (let day = first; day > first - MAX_SCAN_DAYS; day--) {
      const s = this.spec(day);
      if (!s) continue;
      const base = dayIndexStart(day);
      for (let i = s.windows.length - 1; i >= 0; i--) {
        const close = base + s.windows[i]!.close * MINUTE_MS;
        if (close <= t) return close;
      }
    }
    throw new Error(`no NSE session within ${MAX_SCAN_DAYS} days before ${new Date(t).toISOString()}`);
  }

  /** The next trading day strictly after `d`, as `YYYY-MM-DD`. */
  nextTradingDay(d: DateLike): string {
    const first = toDay(d) + 1;
    for (let day = first; day < first + MAX_SCAN_DAYS; day++) if (this.spec(day)) return dayIndexToDate(day);
    throw new Error(`no NSE trading day within ${MAX_SCAN_DAYS} days after ${dayIndexToDate(first - 1)}`);
  }

  /** The last trading day strictly before `d`, as `YYYY-MM-DD`. */
  previousTradingDay(d: DateLike): string {
    const first = toDay(d) - 1;
    for (let day = first; day > first - MAX_SCAN_DAYS; day--) if (this.spec(day)) return dayIndexToDate(day);
    throw new Error(`no NSE trading day within ${MAX_SCAN_DAYS} days before ${dayIndexToDate(first + 1)}`);
  }

  /**
   * Number of trading days in the half-open range [a, b): `a` counts, `b` does not, so
   * between(a, b) + between(b, c) = between(a, c) and between(a, a) = 0. Negative when b < a.
   */
  tradingDaysBetween(a: DateLike, b: DateLike): number {
    const da = toDay(a);
    const db = toDay(b);
    if (db < da) return -this.tradingDaysBetween(b, a);
    let n = 0;
    for (let day = da; day < db; day++) if (this.spec(day)) n++;
    return n;
  }

  /**
   * Instant of the MIS (intraday) auto square-off on `d`: the configured time (15:20 by default)
   * on a regular day; on a special session its own `misSquareOff`, else the configured time when it
   * falls inside the session, else 10 minutes before the session's last close (as Zerodha squares MIS
   * off on Muhurat sessions: Livemint, 13 Nov 2020). Every trading day has one; null on closed days.
   */
  misSquareOffTime(d: DateLike): number | null {
    const day = toDay(d);
    const s = this.spec(day);
    if (!s || s.misSquareOff === null) return null;
    return dayIndexStart(day) + s.misSquareOff * MINUTE_MS;
  }

  /** Listed holidays of `year` (shipped plus extra), sorted by date. */
  holidays(year: number): Holiday[] {
    const out: Holiday[] = [];
    for (const [day, name] of this.holidayByDay) if (yearOfDay(day) === year) out.push({ date: dayIndexToDate(day), name });
    return out.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
  }

  /** Special sessions of `year`, sorted by date. */
  specialSessions(year: number): SpecialSession[] {
    const out: SpecialSession[] = [];
    for (const [day, s] of this.specialsByDay) if (yearOfDay(day) === year) out.push(s);
    return out.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
  }

  /** Special session > listed holiday > weekend > regular session. */
  private spec(day: number): DaySpec | null {
    const special = this.specialByDay.get(day);
    if (special) return special;
    if (this.holidayByDay.has(day)) return null;
    const wd = weekdayOfDayIndex(day);
    if (wd === 0 || wd === 6) return null;
    return this.regularOn(day);
  }

  private regularOn(day: number): DaySpec {
    const eras = this.eras;
    for (let k = eras.length - 1; k > 0; k--) if (day >= eras[k]!.fromDay) return eras[k]!.spec;
    return eras[0]!.spec;
  }

  private addSpecial(s: SpecialSession, defaultMis: number): void {
    const windows = s.segments
      .map((g) => {
        const open = parseHhmm(g.open);
        return {
          open,
          close: parseHhmm(g.close),
          preStart: g.preOpen ? parseHhmm(g.preOpen[0]) : open - 15,
          preEnd: g.preOpen ? parseHhmm(g.preOpen[1]) : open - 7,
        };
      })
      .sort((a, b) => a.open - b.open);
    const first = windows[0]!.open;
    const last = windows[windows.length - 1]!.close;
    const mis = s.misSquareOff
      ? parseHhmm(s.misSquareOff)
      : defaultMis > first && defaultMis <= last
        ? defaultMis
        : last - 10;
    const day = parseIstDate(s.date);
    this.specialByDay.set(day, { name: s.name, windows, misSquareOff: mis });
    this.specialsByDay.set(day, s);
  }
}

function toDay(d: DateLike): number {
  if (typeof d === 'number') {
    if (!Number.isFinite(d)) throw new RangeError(`not an instant: ${d}`);
    return istDayIndex(d);
  }
  const day = parseIstDate(d);
  if (Number.isNaN(day)) throw new RangeError(`not a date YYYY-MM-DD: ${d}`);
  return day;
}

function yearOfDay(day: number): number {
  return Number(dayIndexToDate(day).slice(0, 4));
}
