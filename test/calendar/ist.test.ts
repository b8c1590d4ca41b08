import fc from 'fast-check';
import { bucketStart, dayIndexStart, dayIndexToDate, daysFromCivil, istDayIndex, istTime, parseHhmm, parseIstDate, weekdayOfDayIndex } from '../../src/calendar/ist';

describe('IST day arithmetic', () => {
  it('daysFromCivil agrees with Date.UTC for any date 1900–2200', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) }), (t) => {
        const d = new Date(t);
        expect(daysFromCivil(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate())).toBe(Math.floor(t / 86_400_000));
      }),
      { numRuns: 3000, seed: 11 },
    );
  });

  it('day index, weekday and date round-trip, with IST (not UTC) day boundaries', () => {
    const day = parseIstDate('2025-03-03');
    expect(dayIndexToDate(day)).toBe('2025-03-03');
    expect(weekdayOfDayIndex(day)).toBe(1); // Monday
    expect(dayIndexStart(day)).toBe(istTime('2025-03-03'));
    expect(istDayIndex(Date.parse('2025-03-02T18:29:59.999Z'))).toBe(day - 1);
    expect(istDayIndex(Date.parse('2025-03-02T18:30:00Z'))).toBe(day);
    expect(weekdayOfDayIndex(parseIstDate('1969-12-28'))).toBe(0); // negative day numbers work too
  });

  it('parses and rejects times and dates', () => {
    expect(parseHhmm('09:15')).toBe(555);
    expect(parseHhmm('24:00')).toBe(1440);
    expect(parseHhmm('9:15')).toBeNaN();
    expect(parseHhmm('24:01')).toBeNaN();
    expect(parseIstDate('2024-02-29')).toBe(daysFromCivil(2024, 2, 29));
    expect(parseIstDate('2023-02-29')).toBeNaN();
  });

  it('bucketStart aligns intraday bars to 09:15 IST and daily bars to 00:00 IST', () => {
    expect(bucketStart(istTime('2025-03-03', '10:17'), '15m')).toBe(istTime('2025-03-03', '10:15'));
    expect(bucketStart(istTime('2025-03-03', '15:29'), '60m')).toBe(istTime('2025-03-03', '15:15'));
    expect(bucketStart(istTime('2025-03-03', '15:29'), 'day')).toBe(istTime('2025-03-03'));
  });
});
