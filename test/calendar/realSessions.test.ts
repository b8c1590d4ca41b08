import { existsSync } from 'node:fs';
import { NseCalendar } from '../../src/calendar/nseCalendar';
import { dayIndexToDate, istDate, istDayIndex, parseIstDate } from '../../src/calendar/ist';
import { loadCsvFile } from '../../src/data/csv/loadCsv';

const FILE = '/work/shared/data/nse/intraday/INFY_5min.csv';
const maybe = existsSync(FILE) ? describe : describe.skip;

maybe('NseCalendar agrees with real NSE 5-minute bars (2024-01-01 … 2024-06-28)', () => {
  it('trades on exactly the days the exchange traded, and every bar starts inside a session window', async () => {
    const r = await loadCsvFile(FILE);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const s = r.value.series;
    const cal = new NseCalendar();
    const from = parseIstDate('2024-01-01');
    const to = parseIstDate('2024-06-28');
    const barDays = new Set<string>();
    for (let i = 0; i < s.length; i++) {
      const t = s.time[i]!;
      const day = istDayIndex(t);
      if (day < from || day > to) continue;
      barDays.add(istDate(t));
      expect(cal.isOpen(t)).toBe(true);
    }
    const calDays: string[] = [];
    for (let d = from; d <= to; d++) if (cal.isTradingDay(dayIndexToDate(d))) calDays.push(dayIndexToDate(d));
    expect([...barDays].sort()).toEqual(calDays);
    // Includes the Saturday sessions of 20 Jan, 2 Mar and 18 May 2024.
    expect(calDays).toEqual(expect.arrayContaining(['2024-01-20', '2024-03-02', '2024-05-18']));
  });
});
