import { NseCalendar } from '../../src/calendar/nseCalendar';
import { istTime } from '../../src/calendar/ist';

const cal = new NseCalendar();
const at = (date: string, hhmmss: string): number => Date.parse(`${date}T${hhmmss}+05:30`);

describe('NseCalendar: shipped 2025 holidays', () => {
  const expected2025: [string, string][] = [
    ['2025-02-26', 'Mahashivratri'],
    ['2025-03-14', 'Holi'],
    ['2025-03-31', 'Id-Ul-Fitr'],
    ['2025-04-10', 'Mahavir'],
    ['2025-04-14', 'Ambedkar'],
    ['2025-04-18', 'Good Friday'],
    ['2025-05-01', 'Maharashtra Day'],
    ['2025-08-15', 'Independence Day'],
    ['2025-08-27', 'Ganesh Chaturthi'],
    ['2025-10-02', 'Gandhi'],
    ['2025-10-21', 'Laxmi Pujan'],
    ['2025-10-22', 'Balipratipada'],
    ['2025-11-05', 'Guru Nanak'],
    ['2025-12-25', 'Christmas'],
  ];

  it('lists exactly the 14 official weekday holidays of 2025', () => {
    expect(cal.holidays(2025).map((h) => h.date)).toEqual(expected2025.map(([d]) => d));
  });

  it.each(expected2025)('%s is a holiday named like %s', (date, name) => {
    expect(cal.holidayName(date)).toContain(name);
  });

  it.each(expected2025.filter(([d]) => d !== '2025-10-21'))('%s has no session', (date) => {
    expect(cal.isTradingDay(date)).toBe(false);
    expect(cal.sessionBounds(date)).toBeNull();
    expect(cal.isOpen(at(date, '10:00:00'))).toBe(false);
  });

  it('ordinary weekdays around the holidays trade', () => {
    for (const d of ['2025-02-25', '2025-02-27', '2025-10-20', '2025-10-23', '2025-12-24']) expect(cal.isTradingDay(d)).toBe(true);
  });

  it('2024 and 2026 lists have the official counts and late additions', () => {
    expect(cal.holidays(2024)).toHaveLength(17);
    expect(cal.holidays(2026)).toHaveLength(16);
    expect(cal.isTradingDay('2024-01-22')).toBe(false);
    expect(cal.isTradingDay('2024-05-20')).toBe(false);
    expect(cal.isTradingDay('2024-11-20')).toBe(false);
    expect(cal.isTradingDay('2026-01-15')).toBe(false);
    expect(cal.isTradingDay('2026-03-03')).toBe(false);
  });

  it('every listed holiday falls on a weekday (weekend holidays need no entry)', () => {
    for (const y of [2024, 2025, 2026])
      for (const h of cal.holidays(y)) expect([1, 2, 3, 4, 5]).toContain(new Date(`${h.date}T00:00:00Z`).getUTCDay());
  });
});

describe('NseCalendar: special sessions', () => {
  it('2025 Muhurat trading: 13:45–14:45 IST on the Diwali holiday', () => {
    const b = cal.sessionBounds('2025-10-21')!;
    expect(b.special).toMatch(/Muhurat/);
    expect(b.open).toBe(istTime('2025-10-21', '13:45'));
    expect(b.close).toBe(istTime('2025-10-21', '14:45'));
    expect(cal.isOpen(at('2025-10-21', '13:44:59'))).toBe(false);
    expect(cal.isOpen(at('2025-10-21', '13:45:00'))).toBe(true);
    expect(cal.isOpen(at('2025-10-21', '14:44:59'))).toBe(true);
    expect(cal.isOpen(at('2025-10-21', '14:45:00'))).toBe(false);
    expect(cal.isOpen(at('2025-10-21', '10:00:00'))).toBe(false);
    expect(cal.isPreOpen(at('2025-10-21', '13:30:00'))).toBe(true);
    expect(cal.isPreOpen(at('2025-10-21', '09:00:00'))).toBe(false);
    expect(cal.holidayName('2025-10-21')).toMatch(/Laxmi Pujan/);
  });

  it('2024 Muhurat trading: 18:00–19:00 IST on 1 Nov', () => {
    const b = cal.sessionBounds('2024-11-01')!;
    expect([b.open, b.close]).toEqual([istTime('2024-11-01', '18:00'), istTime('2024-11-01', '19:00')]);
    expect(cal.isPreOpen(at('2024-11-01', '17:45:00'))).toBe(true);
  });

  it('Saturday and Sunday budget sessions trade normal hours', () => {
    for (const d of ['2025-02-01', '2026-02-01', '2024-01-20']) {
      const b = cal.sessionBounds(d)!;
      expect([b.open, b.close]).toEqual([istTime(d, '09:15'), istTime(d, '15:30')]);
    }
  });

  it('DR-drill Saturdays have two windows and are closed in between', () => {
    const b = cal.sessionBounds('2024-05-18')!;
    expect(b.windows).toHaveLength(2);
    expect(cal.isOpen(at('2024-05-18', '09:59:59'))).toBe(true);
    expect(cal.isOpen(at('2024-05-18', '10:30:00'))).toBe(false);
    expect(cal.isOpen(at('2024-05-18', '11:30:00'))).toBe(true);
    expect(cal.isOpen(at('2024-05-18', '12:30:00'))).toBe(false);
    expect(cal.isPreOpen(at('2024-05-18', '11:20:00'))).toBe(true);
    expect(cal.nextOpen(at('2024-05-18', '10:00:00'))).toBe(istTime('2024-05-18', '11:30'));
    expect(cal.previousClose(at('2024-05-18', '11:00:00'))).toBe(istTime('2024-05-18', '10:00'));
    expect(cal.misSquareOffTime('2024-05-18')).toBe(istTime('2024-05-18', '12:20'));
  });

  it('lists the special sessions of a year', () => {
    expect(cal.specialSessions(2024).map((s) => s.date)).toEqual(['2024-01-20', '2024-03-02', '2024-05-18', '2024-11-01']);
    expect(cal.specialSessions(2025).map((s) => s.date)).toEqual(['2025-02-01', '2025-10-21']);
  });
});

describe('NseCalendar: regular sessions and boundaries', () => {
  it('opens at 09:15:00 and is closed at 15:30:00', () => {
    expect(cal.isOpen(at('2025-03-03', '09:14:59.999'))).toBe(false);
    expect(cal.isOpen(at('2025-03-03', '09:15:00'))).toBe(true);
    expect(cal.isOpen(at('2025-03-03', '15:29:59.999'))).toBe(true);
    expect(cal.isOpen(at('2025-03-03', '15:30:00'))).toBe(false);
  });

  it('pre-open is 09:00–09:08', () => {
    expect(cal.isPreOpen(at('2025-03-03', '08:59:59'))).toBe(false);
    expect(cal.isPreOpen(at('2025-03-03', '09:00:00'))).toBe(true);
    expect(cal.isPreOpen(at('2025-03-03', '09:07:59'))).toBe(true);
    expect(cal.isPreOpen(at('2025-03-03', '09:08:00'))).toBe(false);
    expect(cal.isPreOpen(at('2025-03-01', '09:05:00'))).toBe(false); // Saturday
  });

  it('weekends are closed', () => {
    expect(cal.isTradingDay('2025-03-01')).toBe(false);
    expect(cal.isTradingDay('2025-03-02')).toBe(false);
    expect(cal.isOpen(at('2025-03-01', '10:00:00'))).toBe(false);
  });

  it('uses IST calendar days for instants: 23:59 IST Friday is Friday, 00:00 IST Saturday is Saturday', () => {
    // 2025-03-07 18:29:59Z = 23:59:59 IST Friday; 18:30Z = 00:00 IST Saturday.
    expect(cal.isTradingDay(Date.parse('2025-03-07T18:29:59Z'))).toBe(true);
    expect(cal.isTradingDay(Date.parse('2025-03-07T18:30:00Z'))).toBe(false);
    // 09:15 IST is 03:45 UTC all year round (no DST in India): check January and July.
    expect(cal.sessionBounds('2025-01-06')!.open).toBe(Date.parse('2025-01-06T03:45:00Z'));
    expect(cal.sessionBounds('2025-07-07')!.open).toBe(Date.parse('2025-07-07T03:45:00Z'));
  });

  it('sessionBounds gives one window with pre-open on a regular day', () => {
    const b = cal.sessionBounds('2025-03-03')!;
    expect(b).toMatchObject({ date: '2025-03-03', special: null, covered: true });
    expect(b.windows).toEqual([
      {
        open: istTime('2025-03-03', '09:15'),
        close: istTime('2025-03-03', '15:30'),
        preOpenStart: istTime('2025-03-03', '09:00'),
        preOpenEnd: istTime('2025-03-03', '09:08'),
      },
    ]);
  });

  it('MIS square-off is 15:20 by default and configurable', () => {
    expect(cal.misSquareOffTime('2025-03-03')).toBe(istTime('2025-03-03', '15:20'));
    expect(new NseCalendar({ misSquareOff: '15:15' }).misSquareOffTime('2025-03-03')).toBe(istTime('2025-03-03', '15:15'));
    expect(cal.misSquareOffTime('2025-03-01')).toBeNull();
    expect(cal.misSquareOffTime('2025-10-21')).toBe(istTime('2025-10-21', '14:35'));
  });
});

describe('NseCalendar: nextOpen / previousClose', () => {
  it('nextOpen over the Holi long weekend (Fri 14 Mar 2025 holiday) is Monday 09:15', () => {
    expect(cal.nextOpen(at('2025-03-13', '15:30:00'))).toBe(istTime('2025-03-17', '09:15'));
    expect(cal.nextOpen(at('2025-03-15', '12:00:00'))).toBe(istTime('2025-03-17', '09:15'));
  });

  it('nextOpen over Good Friday + weekend + Ambedkar Jayanti Monday (Apr 2025) … ', () => {
    // 14 Apr (Mon) and 18 Apr (Fri) are holidays: from Thursday 17 Apr close the next open is Monday 21 Apr.
    expect(cal.nextOpen(at('2025-04-17', '16:00:00'))).toBe(istTime('2025-04-21', '09:15'));
    // From Friday 11 Apr evening the next open skips Sat, Sun and Mon 14 Apr.
    expect(cal.nextOpen(at('2025-04-11', '18:00:00'))).toBe(istTime('2025-04-15', '09:15'));
  });

  it('nextOpen returns t itself at exactly 09:15:00, the same morning before it, the Muhurat window on Diwali', () => {
    expect(cal.nextOpen(at('2025-03-03', '09:15:00'))).toBe(istTime('2025-03-03', '09:15'));
    expect(cal.nextOpen(at('2025-03-03', '03:00:00'))).toBe(istTime('2025-03-03', '09:15'));
    expect(cal.nextOpen(at('2025-03-03', '09:15:01'))).toBe(istTime('2025-03-04', '09:15'));
    expect(cal.nextOpen(at('2025-10-20', '16:00:00'))).toBe(istTime('2025-10-21', '13:45'));
    expect(cal.nextOpen(at('2025-10-21', '15:00:00'))).toBe(istTime('2025-10-23', '09:15'));
  });

  it('previousClose skips holidays and weekends and counts exactly 15:30:00', () => {
    expect(cal.previousClose(at('2025-03-17', '10:00:00'))).toBe(istTime('2025-03-13', '15:30'));
    expect(cal.previousClose(at('2025-03-13', '15:30:00'))).toBe(istTime('2025-03-13', '15:30'));
    expect(cal.previousClose(at('2025-03-13', '15:29:59'))).toBe(istTime('2025-03-12', '15:30'));
  });

  it('next/previous trading day', () => {
    expect(cal.nextTradingDay('2025-03-13')).toBe('2025-03-17');
    expect(cal.previousTradingDay('2025-03-17')).toBe('2025-03-13');
    expect(cal.nextTradingDay('2025-01-31')).toBe('2025-02-01'); // budget Saturday
  });
});

describe('NseCalendar: tradingDaysBetween is [a, b)', () => {
  it('counts a, excludes b', () => {
    expect(cal.tradingDaysBetween('2025-03-03', '2025-03-03')).toBe(0);
    expect(cal.tradingDaysBetween('2025-03-03', '2025-03-04')).toBe(1);
    // Mon 10 Mar .. Mon 17 Mar: 10, 11, 12, 13 (14 is Holi) → 4
    expect(cal.tradingDaysBetween('2025-03-10', '2025-03-17')).toBe(4);
    expect(cal.tradingDaysBetween('2025-03-17', '2025-03-10')).toBe(-4);
  });

  it('is additive and matches a brute-force count for 2025', () => {
    const a = '2025-01-01';
    const b = '2025-07-01';
    const c = '2026-01-01';
    expect(cal.tradingDaysBetween(a, b) + cal.tradingDaysBetween(b, c)).toBe(cal.tradingDaysBetween(a, c));
    let n = 0;
    for (let t = Date.parse('2025-01-01T00:00:00Z'); t < Date.parse('2026-01-01T00:00:00Z'); t += 86_400_000) {
      const d = new Date(t).toISOString().slice(0, 10);
      const wd = new Date(t).getUTCDay();
      const holiday = cal.holidays(2025).some((h) => h.date === d);
      const special = cal.specialSessions(2025).some((s) => s.date === d);
      if (special || (wd !== 0 && wd !== 6 && !holiday)) n++;
    }
    expect(cal.tradingDaysBetween(a, c)).toBe(n);
    // 261 weekdays − 14 holidays + Budget Saturday; the Muhurat day (a listed holiday) still trades.
    expect(n).toBe(261 - 14 + 1 + 1);
  });
});

describe('NseCalendar: configuration and coverage', () => {
  it('extra holidays close a day; extra special sessions open one', () => {
    const c = new NseCalendar({
      extraHolidays: [{ date: '2025-03-04', name: 'Exchange outage' }],
      specialSessions: [{ date: '2026-11-08', name: 'Muhurat trading', segments: [{ open: '18:00', close: '19:00' }] }],
    });
    expect(c.isTradingDay('2025-03-04')).toBe(false);
    expect(c.holidays(2025).map((h) => h.date)).toContain('2025-03-04');
    expect(c.isOpen(at('2026-11-08', '18:30:00'))).toBe(true);
    expect(c.isPreOpen(at('2026-11-08', '17:45:00'))).toBe(true);
    expect(c.isPreOpen(at('2026-11-08', '17:53:00'))).toBe(false);
    expect(cal.isTradingDay('2026-11-08')).toBe(false);
  });

  it('years outside the shipped data are weekends-only and say so', () => {
    expect(cal.coverage(2025)).toMatchObject({ year: 2025, covered: true });
    expect(cal.coverage(2027)).toEqual({ year: 2027, covered: false, source: null });
    // Shipped since issue #15: 2008–2026.
    expect(cal.coverage(2023).covered).toBe(true);
    expect(cal.coverage(2007)).toEqual({ year: 2007, covered: false, source: null });
    expect(cal.isTradingDay('2027-01-26')).toBe(true); // Republic Day 2027 is a Tuesday, but the list is unknown
    expect(cal.sessionBounds('2027-01-26')!.covered).toBe(false);
    expect(cal.isTradingDay('2027-01-30')).toBe(false); // Saturday
  });

  it('create() rejects bad options with one sentence, constructor throws', () => {
    const r = NseCalendar.create({ extraHolidays: [{ date: '2025-02-30', name: 'x' }] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/^Calendar options are invalid at extraHolidays\.0\.date: expected a date YYYY-MM-DD; fix/);
    expect(NseCalendar.create({ misSquareOff: '3pm' }).ok).toBe(false);
    expect(NseCalendar.create({ specialSessions: [{ date: '2025-03-01', name: 's', segments: [{ open: '12:00', close: '11:00' }] }] }).ok).toBe(false);
    expect(NseCalendar.create(undefined).ok).toBe(true);
    expect(() => new NseCalendar({ misSquareOff: '25:00' })).toThrow(RangeError);
    expect(() => cal.isTradingDay('2025-13-01')).toThrow(RangeError);
  });
});
