import { BarSeries, SeriesBar } from '../../src/core/barSeries';
import type { Bar } from '../../src/core/bar';

const bars: Bar[] = Array.from({ length: 40 }, (_, i) => ({
  time: 1_700_000_000_000 + i * 60_000,
  open: 100 + i,
  high: 101 + i,
  low: 99 + i,
  close: 100.5 + i,
  volume: 10 * i,
  ...(i % 3 === 0 ? { oi: i } : {}),
}));

describe('BarSeries', () => {
  it('fromBars → toBars round-trips, keeping oi only where present', () => {
    const s = BarSeries.fromBars('X', '1m', bars);
    expect(s.length).toBe(40);
    expect(s.toBars()).toEqual(bars);
  });

  it('push grows past the initial capacity without losing bars', () => {
    const s = new BarSeries('X', '1m', 2);
    for (const b of bars) s.push(b.time, b.open, b.high, b.low, b.close, b.volume, b.oi);
    expect(s.capacity).toBeGreaterThanOrEqual(40);
    expect(s.toBars()).toEqual(bars);
  });

  it('slice is a zero-copy view and a SeriesBar reads a bar in place', () => {
    const s = BarSeries.fromBars('X', '1m', bars);
    const v = s.slice(10, 20);
    expect(v.length).toBe(10);
    expect(v.bar(0)).toEqual(bars[10]);
    s.close[10] = 1;
    expect(v.close[0]).toBe(1);
    const cursor = new SeriesBar(s);
    expect(cursor.at(s, 5)).toBe(cursor);
    expect({ time: cursor.time, open: cursor.open, high: cursor.high, low: cursor.low, close: cursor.close, volume: cursor.volume, oi: cursor.oi }).toEqual({ ...bars[5]!, oi: NaN });
    expect(cursor.at(v, 0).close).toBe(1);
    expect(() => s.bar(40)).toThrow(RangeError);
  });

  it('lowerBound finds the first bar at or after t', () => {
    const s = BarSeries.fromBars('X', '1m', bars);
    expect(s.lowerBound(bars[0]!.time - 1)).toBe(0);
    expect(s.lowerBound(bars[7]!.time)).toBe(7);
    expect(s.lowerBound(bars[7]!.time + 1)).toBe(8);
    expect(s.lowerBound(bars[39]!.time + 1)).toBe(40);
  });
});
