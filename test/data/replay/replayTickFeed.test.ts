import fc from 'fast-check';
import { bucketStart, istTime } from '../../../src/calendar/ist';
import type { Bar } from '../../../src/core/bar';
import { BarSeries } from '../../../src/core/barSeries';
import { instrumentToken } from '../../../src/core/ids';
import { intervalMs, type Interval } from '../../../src/core/interval';
import type { Tick } from '../../../src/core/tick';
import { BarAggregator } from '../../../src/data/bars/barAggregator';
import { ReplayTickFeed, replayTicks, type ReplaySeries } from '../../../src/data/replay/replayTickFeed';

const A = instrumentToken(408065);
const B = instrumentToken(738561);
const DAYS = ['2025-03-03', '2025-03-04', '2025-03-05'];

/** Random but OHLC-consistent bars on the 0.05 grid, in random (sparse) buckets of the given interval. */
const barsArb = (interval: Interval): fc.Arbitrary<Bar[]> => {
  const slots = interval === 'day' ? 1 : Math.ceil(375 / (intervalMs(interval) / 60_000));
  const barArb = fc.record({
    a: fc.integer({ min: 1000, max: 4000 }),
    b: fc.integer({ min: 1000, max: 4000 }),
    up: fc.integer({ min: 0, max: 40 }),
    down: fc.integer({ min: 0, max: 40 }),
    volume: fc.integer({ min: 0, max: 100_000 }),
  });
  return fc
    .array(fc.tuple(fc.integer({ min: 0, max: DAYS.length - 1 }), fc.integer({ min: 0, max: slots - 1 }), barArb), { minLength: 1, maxLength: 60 })
    .map((rows) => {
      const byTime = new Map<number, Bar>();
      for (const [d, slot, r] of rows) {
        const time = interval === 'day' ? istTime(DAYS[d]!, '00:00') : istTime(DAYS[d]!, '09:15') + slot * intervalMs(interval);
        const open = r.a * 0.05;
        const close = r.b * 0.05;
        const high = Number(((Math.max(r.a, r.b) + r.up) * 0.05).toFixed(2));
        const low = Number(((Math.min(r.a, r.b) - r.down) * 0.05).toFixed(2));
        byTime.set(time, { time, open: Number(open.toFixed(2)), high, low, close: Number(close.toFixed(2)), volume: r.volume });
      }
      return [...byTime.values()].sort((x, y) => x.time - y.time);
    });
};

function aggregate(interval: Interval, series: readonly ReplaySeries[]): Map<number, Bar[]> {
  const out = new Map<number, Bar[]>();
  const agg = new BarAggregator({
    interval,
    onBar: (token, b) => {
      const list = out.get(token) ?? [];
      list.push({ time: b.time, open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume });
      out.set(token, list);
    },
  });
  for (const t of replayTicks(series)) agg.handleTick(t);
  agg.flushAll();
  return out;
}

/** The straightforward reference resampler: group by bucket start, first open, max high, min low, last close, sum volume. */
function resample(bars: readonly Bar[], interval: Interval): Bar[] {
  const out: Bar[] = [];
  for (const b of bars) {
    const t = bucketStart(b.time, interval);
    const last = out[out.length - 1];
    if (last && last.time === t) out[out.length - 1] = { time: t, open: last.open, high: Math.max(last.high, b.high), low: Math.min(last.low, b.low), close: b.close, volume: last.volume + b.volume };
    else out.push({ ...b, time: t });
  }
  return out;
}

describe('replay feed → bar aggregator', () => {
  it.each<Interval>(['1m', '5m', '60m', 'day'])('reproduces the original %s bars exactly (property)', (interval) => {
    fc.assert(
      fc.property(barsArb(interval), barsArb(interval), (a, b) => {
        const got = aggregate(interval, [
          { token: A, bars: BarSeries.fromBars('A', interval, a) },
          { token: B, bars: BarSeries.fromBars('B', interval, b) },
        ]);
        expect(got.get(A)).toEqual(a);
        expect(got.get(B)).toEqual(b);
      }),
      { numRuns: 60 },
    );
  });

  it('1m bars replayed into a 5m aggregator equal a straightforward resample', () => {
    fc.assert(
      fc.property(barsArb('1m'), (bars) => {
        const got = aggregate('5m', [{ token: A, bars: BarSeries.fromBars('A', '1m', bars) }]);
        expect(got.get(A)).toEqual(resample(bars, '5m'));
      }),
      { numRuns: 60 },
    );
  });

  it('produces normalised ticks in time order across instruments, with cumulative day volume', () => {
    const day = '2025-03-03';
    const a = BarSeries.fromBars('A', '1m', [{ time: istTime(day, '09:15'), open: 10, high: 12, low: 9, close: 11, volume: 10 }]);
    const b = BarSeries.fromBars('B', '1m', [{ time: istTime(day, '09:16'), open: 20, high: 21, low: 18, close: 19, volume: 7 }]);
    const ticks: Tick[] = [];
    for (const t of replayTicks([{ token: A, bars: a }, { token: B, bars: b }])) ticks.push({ ...t });
    expect(ticks.map((t) => [t.token, t.price, t.volumeTraded, (t.time - istTime(day, '09:15')) / 1000])).toEqual([
      [B, 20, 0, -1], // B's first bar is not at the open: a pre-open baseline tick (cumulative volume 0) comes first
      [A, 10, 2, 0],
      [A, 9, 4, 15], // up bar: low before high
      [A, 12, 6, 30],
      [A, 11, 10, 45],
      [B, 20, 1, 60],
      [B, 21, 2, 75], // down bar: high before low
      [B, 18, 3, 90],
      [B, 19, 7, 105],
    ]);
  });

  it('ReplayTickFeed delivers every tick at max speed, in order', async () => {
    const bars = BarSeries.fromBars('A', '1m', [
      { time: istTime('2025-03-03', '09:15'), open: 10, high: 12, low: 9, close: 11, volume: 10 },
      { time: istTime('2025-03-03', '09:16'), open: 11, high: 11, low: 10, close: 10.5, volume: 4 },
    ]);
    const seen: number[] = [];
    await new Promise<void>((resolve) => {
      void new ReplayTickFeed({ series: [{ token: A, bars }], speed: 'max', chunk: 3, onDone: resolve }).start((t) => seen.push(t.price));
    });
    expect(seen).toEqual([10, 9, 12, 11, 11, 11, 10, 10.5]);
  });
});
