import { istTime } from '../../../src/calendar/ist';
import type { Bar } from '../../../src/core/bar';
import { instrumentToken, type InstrumentToken } from '../../../src/core/ids';
import { BarAggregator } from '../../../src/data/bars/barAggregator';

const A = instrumentToken(408065);
const B = instrumentToken(738561);
const at = (hhmmss: string, date = '2025-03-03'): number => Date.parse(`${date}T${hhmmss}+05:30`);

function collect(interval: '1m' | '5m' | '60m' | 'day' = '1m') {
  const out: { token: InstrumentToken; bar: Bar }[] = [];
  const agg = new BarAggregator({ interval, onBar: (token, b) => out.push({ token, bar: { time: b.time, open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume } }) });
  return { agg, out };
}

describe('BarAggregator', () => {
  it('builds OHLCV from trades, volume from the cumulative day volume, and closes a bar on the next bucket', () => {
    const { agg, out } = collect('1m');
    agg.update(A, at('09:15:01'), 100, 500); // first tick of the day in the first bucket: counts its 500
    agg.update(A, at('09:15:20'), 101.5, 800);
    agg.update(A, at('09:15:40'), 99.5, 900);
    agg.update(A, at('09:15:59'), 100.25, 1000);
    expect(out).toHaveLength(0);
    agg.update(A, at('09:16:05'), 100.3, 1100);
    expect(out).toEqual([{ token: A, bar: { time: at('09:15:00'), open: 100, high: 101.5, low: 99.5, close: 100.25, volume: 1000 } }]);
    expect(agg.openBar(A)).toMatchObject({ time: at('09:16:00'), open: 100.3, volume: 100 });
  });

  it('drops duplicate ticks (same exchange time and cumulative volume)', () => {
    const { agg, out } = collect('1m');
    agg.update(A, at('09:15:01'), 100, 10);
    agg.update(A, at('09:15:01'), 100, 10);
    agg.update(A, at('09:15:02'), 101, 20);
    agg.update(A, at('09:15:02'), 101, 20);
    agg.flushAll();
    expect(out[0]!.bar).toMatchObject({ high: 101, close: 101, volume: 20 });
    expect(agg.stats.duplicates).toBe(2);
  });

  it('ignores ticks older than the open bar and applies older ticks inside it without moving the close', () => {
    const { agg, out } = collect('1m');
    agg.update(A, at('09:15:10'), 100, 10);
    agg.update(A, at('09:16:10'), 102, 20); // closes 09:15
    agg.update(A, at('09:15:50'), 90, 15); // older than the open 09:16 bar: ignored
    agg.update(A, at('09:16:40'), 103, 40);
    agg.update(A, at('09:16:20'), 101, 30); // inside the open bar, out of order: low only (cum 30 < 40 adds nothing)
    agg.update(A, at('09:16:30'), 104.5, 45); // out of order but higher cumulative volume: high and volume
    agg.flushAll();
    expect(agg.stats.late).toBe(1);
    expect(out.map((o) => o.bar)).toEqual([
      { time: at('09:15:00'), open: 100, high: 100, low: 100, close: 100, volume: 10 },
      { time: at('09:16:00'), open: 102, high: 104.5, low: 101, close: 103, volume: 35 },
    ]);
  });

  it('emits no bar for buckets without trades', () => {
    const { agg, out } = collect('1m');
    agg.update(A, at('09:15:10'), 100, 10);
    agg.update(A, at('09:20:10'), 101, 30);
    agg.flushAll();
    expect(out.map((o) => [o.bar.time, o.bar.volume])).toEqual([
      [at('09:15:00'), 10],
      [at('09:20:00'), 20],
    ]);
  });

  it('flush(now) closes a bar when its bucket ends and the last bar at 15:30 even without another tick', () => {
    const { agg, out } = collect('60m');
    agg.update(A, at('15:16:00'), 100, 10); // 60m bucket 15:15–16:15, cut at the 15:30 close
    agg.update(B, at('14:20:00'), 50, 10); // bucket 14:15–15:15
    expect(agg.flush(at('15:14:59'))).toBe(0);
    expect(agg.flush(at('15:15:00'))).toBe(1);
    expect(out.map((o) => o.token)).toEqual([B]);
    expect(agg.flush(at('15:29:59'))).toBe(0);
    expect(agg.flush(at('15:30:00'))).toBe(1);
    expect(out.map((o) => [o.token, o.bar.time])).toEqual([
      [B, at('14:15:00')],
      [A, at('15:15:00')],
    ]);
  });

  it('ignores ticks outside the session but uses their cumulative volume as the baseline', () => {
    const { agg, out } = collect('5m');
    agg.update(A, at('09:07:00'), 99, 400); // pre-open
    agg.update(A, at('09:15:03'), 100, 450);
    agg.update(A, at('15:30:05'), 100.5, 9999); // after the close
    agg.flushAll();
    expect(agg.stats.outOfSession).toBe(2);
    expect(out).toHaveLength(1);
    expect(out[0]!.bar).toMatchObject({ time: at('09:15:00'), open: 100, volume: 50 });
  });

  it('a first tick in the middle of the day only sets the volume baseline; the next day starts afresh', () => {
    const { agg, out } = collect('1m');
    agg.update(A, at('11:00:05'), 100, 50_000);
    agg.update(A, at('11:00:30'), 100.5, 50_300);
    agg.update(A, at('09:15:02', '2025-03-04'), 101, 700); // next day: cumulative volume restarts
    agg.flushAll();
    expect(out.map((o) => [o.bar.time, o.bar.volume])).toEqual([
      [at('11:00:00'), 300],
      [at('09:15:00', '2025-03-04'), 700],
    ]);
  });

  it('day bars start at 00:00 IST and close at 15:30', () => {
    const { agg, out } = collect('day');
    agg.update(A, at('09:15:00'), 100, 10);
    agg.update(A, at('15:29:59'), 98, 90);
    expect(agg.flush(at('15:29:59'))).toBe(0);
    agg.flush(at('15:30:00'));
    expect(out[0]!.bar).toEqual({ time: at('00:00:00'), open: 100, high: 100, low: 98, close: 98, volume: 90 });
  });

  it('keeps instruments apart and accepts normalised Tick objects', () => {
    const { agg, out } = collect('1m');
    agg.handleTick({ token: A, price: 10, lastQuantity: 1, volumeTraded: 1, time: at('09:15:01') });
    agg.handleTick({ token: B, price: 20, lastQuantity: 2, volumeTraded: 2, time: at('09:15:02') });
    agg.handleTick({ token: A, price: 11, lastQuantity: 3, volumeTraded: 4, time: at('09:15:03') });
    agg.flushAll();
    expect(out.map((o) => [o.token, o.bar.close, o.bar.volume])).toEqual([
      [A, 11, 4],
      [B, 20, 2],
    ]);
    expect(istTime('2025-03-03', '09:15')).toBe(at('09:15:00'));
  });
});
