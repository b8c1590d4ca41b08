/** istDateOfInstant remembers the last day's date: whatever the order of the calls, it answers what formatting says. */
import fc from 'fast-check';
import { isoDateOfDay, istDateOfInstant } from '../../../src/core/costs/istDay';

const formatted = (t: number): string => new Date(t + 330 * 60_000).toISOString().slice(0, 10);
/** 1990-01-01 .. 2100-01-01 in UTC ms. */
const instant = fc.integer({ min: 631_152_000_000, max: 4_102_444_800_000 });
/** An IST midnight (UTC 18:30 the day before) and the instants either side of it. */
const nearMidnight = fc.tuple(fc.integer({ min: 7305, max: 47_482 }), fc.integer({ min: -2, max: 2 })).map(([d, dt]) => d * 86_400_000 - 330 * 60_000 + dt);

test('equals the formatted date for any sequence of instants, at IST midnight and either side of it', () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(instant, nearMidnight), { minLength: 1, maxLength: 40 }), (times) => {
      for (const t of times) expect(istDateOfInstant(t)).toBe(formatted(t));
    }),
    { numRuns: 500 },
  );
  // The day changes at 18:30 UTC: one ms before is the day before.
  expect(istDateOfInstant(Date.UTC(2024, 2, 31, 18, 29, 59, 999))).toBe('2024-03-31');
  expect(istDateOfInstant(Date.UTC(2024, 2, 31, 18, 30))).toBe('2024-04-01');
  expect(istDateOfInstant(Date.UTC(2024, 2, 31, 18, 29, 59, 999))).toBe('2024-03-31');
});

test('an instant Date cannot format still throws, and does not spoil the next answer', () => {
  expect(istDateOfInstant(Date.UTC(2024, 0, 2))).toBe('2024-01-02');
  expect(() => istDateOfInstant(NaN)).toThrow(RangeError);
  expect(() => istDateOfInstant(8.64e15 + 1)).toThrow(RangeError);
  expect(istDateOfInstant(Date.UTC(2024, 0, 2, 5))).toBe('2024-01-02');
});

test('every IST day from 1900 to 2100, random days of years 1000–9999 and the days either side of them, as Date formats them', () => {
  const noon = (day: number): number => day * 86_400_000 + 6 * 3_600_000; // 11:30 IST
  for (let day = -25_567; day <= 47_482; day++) {
    if (istDateOfInstant(noon(day)) !== formatted(noon(day))) throw new Error(`day ${day}: ${istDateOfInstant(noon(day))} vs ${formatted(noon(day))}`);
  }
  fc.assert(
    fc.property(fc.integer({ min: -354_300, max: 2_932_910 }), (day) => {
      expect(istDateOfInstant(noon(day))).toBe(formatted(noon(day)));
    }),
    { numRuns: 2000 },
  );
  for (const day of [-354_286, -354_285, 2_932_896, 2_932_897]) expect(istDateOfInstant(noon(day))).toBe(formatted(noon(day)));
  expect(istDateOfInstant(noon(-354_286))).toBe('0999-12-31');
});

test('isoDateOfDay (calendar/ist.ts dayIndexToDate) is the date Date gives, for whole and fractional days, and throws where Date does', () => {
  const byDate = (day: number): string => new Date(day * 86_400_000).toISOString().slice(0, 10);
  fc.assert(
    fc.property(fc.oneof(fc.integer({ min: -400_000, max: 3_000_000 }), fc.double({ min: -400_000, max: 3_000_000, noNaN: true })), (day) => {
      expect(isoDateOfDay(day)).toBe(byDate(day));
    }),
    { numRuns: 3000 },
  );
  expect(isoDateOfDay(0)).toBe('1970-01-01');
  expect(isoDateOfDay(19_813.75)).toBe('2024-03-31');
  expect(() => isoDateOfDay(NaN)).toThrow(RangeError);
  expect(() => isoDateOfDay(1e8 + 1)).toThrow(RangeError);
});
