/**
 * Issue #15, item 3: the NSE calendar against the real NSE price files in ../shared/data/nse (52 daily
 * files and NIFTY 50 from 2008, five 5-minute files 2023-07 → 2024-06). A trading day in the data that
 * the calendar calls a holiday is a failure; a weekend day with data must be a special session; every
 * weekday the calendar calls a trading day has data (2008-01-01 … 2024-04-01, the daily files' span);
 * every 5-minute bar lies inside a session window; every trading day has an MIS square-off time inside
 * its session.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dayIndexToDate, istDate, istDayIndex, parseIstDate, weekdayOfDayIndex } from '../../src/calendar/ist';
import { NseCalendar } from '../../src/calendar/nseCalendar';
import { describeWithNseData, loadNse, nsePath } from '../support/nseData';

const cal = new NseCalendar();

/** Dates (YYYY-MM-DD) with a bar in any daily file or the NIFTY 50 file from 2008 on, read as plain text. */
function datesWithBars(): Set<string> {
  const files = [...readdirSync(nsePath('daily')).map((f) => nsePath('daily', f)), nsePath('index', 'NIFTY50.csv')];
  const out = new Set<string>();
  for (const f of files) {
    for (const line of readFileSync(f, 'utf8').split('\n').slice(1)) {
      const d = line.slice(0, 10);
      if (/^\d{4}-\d{2}-\d{2}$/.test(d) && d >= '2008-01-01') out.add(d);
    }
  }
  return out;
}

describeWithNseData('daily', 'index/NIFTY50.csv')('NseCalendar against the NSE daily files, 2008 onwards', () => {
  const dates = datesWithBars();

  test('every day with bars is a trading day; every weekend day with bars is a special session', () => {
    const wrong: string[] = [];
    for (const d of [...dates].sort()) {
      if (!cal.isTradingDay(d)) wrong.push(`${d}: bars, but the calendar says closed (${cal.holidayName(d) ?? 'weekend'})`);
      const wd = weekdayOfDayIndex(parseIstDate(d));
      if ((wd === 0 || wd === 6) && cal.sessionBounds(d)?.special == null) wrong.push(`${d}: weekend bars, but no special session`);
    }
    expect(wrong).toEqual([]);
    expect(dates.size).toBeGreaterThan(4000);
  });

  test('every weekday the calendar calls a trading day has bars (2008-01-01 … 2024-04-01)', () => {
    const missing: string[] = [];
    for (let day = parseIstDate('2008-01-01'); day <= parseIstDate('2024-04-01'); day++) {
      const d = dayIndexToDate(day);
      if (cal.isTradingDay(d) && !dates.has(d)) missing.push(d);
    }
    expect(missing).toEqual([]);
  });

  test('the weekend sessions in the data: Muhurat, budget-day Saturdays and special live sessions', () => {
    const weekend = [...dates].filter((d) => [0, 6].includes(weekdayOfDayIndex(parseIstDate(d))) && d <= '2024-04-01').sort();
    expect(weekend.map((d) => `${d} ${cal.sessionBounds(d)!.special}`)).toEqual([
      '2009-10-17 Muhurat trading (Diwali)',
      '2010-02-06 Special live trading session (Saturday)',
      '2012-01-07 Special live trading session (Saturday)',
      '2012-03-03 Special live trading session (Saturday)',
      '2012-04-28 Special live trading session (new F&O trading system)',
      '2012-09-08 Special live trading session (Saturday)',
      '2013-05-11 Special live trading session (Saturday)',
      '2013-11-03 Muhurat trading (Diwali)',
      '2014-03-22 Special live trading session (BCP / DR site test)',
      '2015-02-28 Union Budget (Saturday): regular session',
      '2016-10-30 Muhurat trading (Diwali)',
      '2019-10-27 Muhurat trading (Diwali)',
      '2020-02-01 Union Budget (Saturday): regular session',
      '2020-11-14 Muhurat trading (Diwali)',
      '2023-11-12 Muhurat trading (Diwali)',
      '2024-01-20 Special live trading session (full day)',
      '2024-03-02 Special live trading session (primary site, then DR site)',
    ]);
  });

  test('every year from 2008 is covered by a shipped holiday list with its sources', () => {
    for (let y = 2008; y <= 2026; y++) {
      const c = cal.coverage(y);
      expect(c.covered).toBe(true);
      expect(c.source).toMatch(/NSE/);
    }
  });
});

test('every trading day 2008–2026 has an MIS square-off time inside its session', () => {
  let days = 0;
  for (let day = parseIstDate('2008-01-01'); day <= parseIstDate('2026-12-31'); day++) {
    const b = cal.sessionBounds(day * 86_400_000);
    if (!b) {
      expect(cal.misSquareOffTime(dayIndexToDate(day))).toBeNull();
      continue;
    }
    days++;
    const mis = cal.misSquareOffTime(b.date)!;
    expect(mis).toBeGreaterThan(b.open);
    expect(mis).toBeLessThan(b.close);
    expect(cal.isOpen(mis)).toBe(true);
  }
  expect(days).toBeGreaterThan(4600);
});

test('regular hours by era: 09:55 until 2009, 09:00 from 4 Jan 2010, pre-open and 09:15 from 18 Oct 2010', () => {
  const hhmm = (t: number): string => new Date(t + 330 * 60_000).toISOString().slice(11, 16);
  const open = (d: string): string => hhmm(cal.sessionBounds(d)!.open);
  expect(open('2009-12-31')).toBe('09:55');
  expect(open('2010-01-04')).toBe('09:00');
  expect(open('2010-10-15')).toBe('09:00');
  expect(open('2010-10-18')).toBe('09:15');
  expect(cal.isPreOpen(Date.parse('2010-10-15T09:05:00+05:30'))).toBe(false);
  expect(cal.isPreOpen(Date.parse('2010-10-18T09:05:00+05:30'))).toBe(true);
  expect(hhmm(cal.misSquareOffTime('2009-06-01')!)).toBe('15:20');
  // Muhurat sessions square MIS off 10 minutes before their close.
  expect(hhmm(cal.misSquareOffTime('2023-11-12')!)).toBe('19:05');
  expect(hhmm(cal.misSquareOffTime('2012-11-13')!)).toBe('16:50');
});

describeWithNseData('intraday')('NseCalendar against the NSE 5-minute files (2023-07-03 … 2024-06-28)', () => {
  test('every bar starts inside a session window, and the bar days are exactly the calendar’s trading days', async () => {
    for (const f of readdirSync(nsePath('intraday'))) {
      const s = await loadNse(`intraday/${f}`);
      const days = new Set<string>();
      for (let i = 0; i < s.length; i++) {
        const t = s.time[i]!;
        if (!cal.isOpen(t)) throw new Error(`${f}: bar at ${new Date(t).toISOString()} is outside every session window`);
        days.add(istDate(t));
      }
      const from = istDayIndex(s.time[0]!);
      const to = istDayIndex(s.time[s.length - 1]!);
      const calDays: string[] = [];
      for (let d = from; d <= to; d++) if (cal.isTradingDay(d * 86_400_000)) calDays.push(dayIndexToDate(d));
      expect([...days].sort()).toEqual(calDays);
    }
  });
});
