import fc from 'fast-check';
import { parseDecimal, TimestampParser } from '../../../src/data/csv/fastParse';

const dec = (s: string): number => parseDecimal(s, 0, s.length);

describe('parseDecimal', () => {
  it('matches Number() exactly on random decimal prices', () => {
    fc.assert(
      fc.property(fc.nat({ max: 99_999_999 }), fc.integer({ min: 0, max: 6 }), fc.boolean(), (m, k, neg) => {
        const s = `${neg ? '-' : ''}${String(m).padStart(k + 1, '0').replace(new RegExp(`(\\d{${k}})$`), k ? '.$1' : '$1')}`;
        expect(Object.is(dec(s), Number(s))).toBe(true);
      }),
      { numRuns: 5000, seed: 42 },
    );
  });

  it('matches Number() on shortest round-trip doubles (what the writer emits)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e9, noNaN: true }), (x) => {
        const s = String(x);
        expect(dec(s)).toBe(Number(s));
      }),
      { numRuns: 5000, seed: 7 },
    );
  });

  it.each([
    ['1330', 1330],
    ['1345.25', 1345.25],
    ['0.05', 0.05],
    ['  42.1 ', 42.1],
    ['+3', 3],
    ['.5', 0.5],
    ['5.', 5],
    ['1e3', 1000],
    ['3122.1001', 3122.1001],
    ['12345678901234567890', Number('12345678901234567890')],
  ])('%s → %d', (s, v) => expect(dec(s)).toBe(v));

  it.each(['', ' ', 'abc', '1,000', '1.2.3', '-', '.', '1e', '12abc', 'NaN'])('rejects %j', (s) => expect(dec(s)).toBeNaN());
});

describe('TimestampParser', () => {
  const p = new TimestampParser();
  const ts = (s: string): number => p.parse(s, 0, s.length);

  it('reads a plain date as 00:00 IST of that day', () => {
    expect(ts('2025-03-03')).toBe(Date.parse('2025-03-03T00:00:00+05:30'));
    expect(p.kind).toBe('date');
  });

  it.each([
    '2023-07-03T09:15:00+05:30',
    '2023-07-03 09:15:00+05:30',
    '2023-07-03T03:45:00Z',
    '2023-07-03T09:15+05:30',
    '2023-07-02T23:45:00-04:00',
    '2024-02-29T10:00:00.250+05:30',
  ])('reads %s like Date.parse', (s) => {
    expect(ts(s)).toBe(Date.parse(s.replace(' ', 'T')));
    expect(p.kind).toBe('datetime');
  });

  it('accepts +0530 and +05 offsets', () => {
    expect(ts('2023-07-03T09:15:00+0530')).toBe(Date.parse('2023-07-03T09:15:00+05:30'));
    expect(ts('2023-07-03T09:15:00+05')).toBe(Date.parse('2023-07-03T09:15:00+05:00'));
  });

  it('flags a date-time without offset as naive and reads it as IST', () => {
    expect(ts('2023-07-03 09:15:00')).toBe(Date.parse('2023-07-03T09:15:00+05:30'));
    expect(p.kind).toBe('naive');
  });

  it('agrees with Date.parse on random instants', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('1990-01-01T00:00:00Z'), max: Date.parse('2090-01-01T00:00:00Z') }), (t) => {
        const s = new Date(t).toISOString(); // …Z with milliseconds
        expect(ts(s)).toBe(t);
      }),
      { numRuns: 3000, seed: 3 },
    );
  });

  it.each(['2025-02-29', '2025-13-01', '2025-00-10', '25-01-01', '2025/01/01', '2025-01-01T25:00:00+05:30', '2025-01-01T10:00:00+5:30', 'x'])(
    'rejects %j',
    (s) => expect(ts(s)).toBeNaN(),
  );
});
