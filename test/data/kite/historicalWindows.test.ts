import fc from 'fast-check';
import { istTime } from '../../../src/calendar/ist';
import { INTERVALS } from '../../../src/core/interval';
import type { TimeRange } from '../../../src/data/feeds';
import { formatKiteDateTime, historicalWindows, KITE_MAX_DAYS } from '../../../src/data/kite/historicalWindows';
import { mergeRanges, missingRanges } from '../../../src/data/kite/timeRanges';

const DAY = 86_400_000;

describe('historicalWindows', () => {
  it('matches Kite’s documented per-interval maxima', () => {
    expect(KITE_MAX_DAYS).toEqual({ '1m': 60, '3m': 100, '5m': 100, '10m': 100, '15m': 200, '30m': 200, '60m': 400, day: 2000 });
  });

  it('partitions a range into contiguous windows no longer than the maximum (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...INTERVALS), fc.integer({ min: 0, max: 5000 * DAY }), fc.integer({ min: 1, max: 9000 * DAY }), (interval, a, len) => {
        const range = { from: a * 1000, to: a * 1000 + len };
        const w = historicalWindows(range, interval);
        expect(w[0]!.from).toBe(range.from);
        expect(w[w.length - 1]!.to).toBe(range.to);
        for (let i = 0; i < w.length; i++) {
          expect(w[i]!.to - w[i]!.from).toBeLessThanOrEqual(KITE_MAX_DAYS[interval] * DAY);
          expect(w[i]!.to).toBeGreaterThan(w[i]!.from);
          if (i > 0) expect(w[i]!.from).toBe(w[i - 1]!.to);
        }
        expect(w.length).toBe(Math.ceil(len / (KITE_MAX_DAYS[interval] * DAY)));
      }),
    );
  });

  it('formats from/to as IST wall time whatever the process zone', () => {
    expect(formatKiteDateTime(istTime('2025-03-03', '09:15') + 7000)).toBe('2025-03-03 09:15:07');
    expect(formatKiteDateTime(Date.UTC(2024, 11, 31, 18, 30))).toBe('2025-01-01 00:00:00');
  });
});

describe('time ranges', () => {
  const covered = (rs: readonly TimeRange[], t: number): boolean => rs.some((r) => t >= r.from && t < r.to);

  it('missing ∪ have covers want exactly, and missing never overlaps have (property, checked point by point)', () => {
    const range = fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 30 })).map(([f, l]) => ({ from: f, to: f + l }));
    fc.assert(
      fc.property(range, fc.array(range, { maxLength: 6 }), (want, have) => {
        const missing = missingRanges(want, have);
        for (let t = 0; t <= 140; t++) {
          const inWant = t >= want.from && t < want.to;
          expect(covered(missing, t)).toBe(inWant && !covered(have, t));
        }
        const merged = mergeRanges(have);
        for (let i = 1; i < merged.length; i++) expect(merged[i]!.from).toBeGreaterThan(merged[i - 1]!.to);
        for (let t = 0; t <= 140; t++) expect(covered(merged, t)).toBe(covered(have, t));
      }),
    );
  });
});
