/** MarketFeed's tick source switch and token-map extension: the replay → live hand-over keeps prices and bars flowing. */
import type { Bar } from '../../src/core/bar';
import { SimulatedClock } from '../../src/core/clock';
import { MarketClock, MarketFeed } from '../../src/data/market/marketFeed';
import { ManualTicks } from '../support/e2e/manualTicks';

const T0 = Date.parse('2025-01-08T04:00:00Z');

describe('MarketFeed.switchTicks / addSymbols', () => {
  test('a switch stops the old source, flushes its ended bars and carries on with the new one', async () => {
    const wall = new SimulatedClock(T0);
    const replay = new ManualTicks(['RELIANCE']);
    const feed = new MarketFeed({ ticks: replay, symbols: replay.symbols, source: 'replay', interval: '1m', clock: new MarketClock(wall), flushEveryMs: 0 }, wall);
    const bars: [string, Bar][] = [];
    const stop = await feed.start((s, b) => bars.push([s, { ...b }]));
    replay.push('RELIANCE', 2500, T0 + 1_000);
    expect(feed.lastPrice('RELIANCE')).toBe(2500);

    const live = new ManualTicks(['INFY', 'TCS']);
    const first = new Map([...live.symbols].filter(([, s]) => s === 'INFY'));
    const clockBefore = feed.clock.now();
    expect(feed.source).toBe('replay');
    await feed.switchTicks(live, first, 'Kite ticker');
    expect(feed.source).toBe('Kite ticker');
    expect(replay.running).toBe(false);
    expect(live.running).toBe(true);
    expect(feed.symbols).toEqual(['INFY']);
    // The new source's ticks move prices and the market clock forward, and close bars; RELIANCE's unfinished
    // replay bar (same token number as INFY here) is dropped, not passed off as INFY's.
    live.push('INFY', 1500, T0 + 61_000);
    live.push('INFY', 1502, T0 + 125_000);
    expect(feed.lastPrice('INFY')).toBe(1502);
    expect(feed.clock.now()).toBeGreaterThan(clockBefore);
    expect(bars.map(([s, b]) => [s, b.time, b.close])).toEqual([['INFY', T0 + 60_000, 1500]]);
    // A token the map does not carry yet is ignored until it is added.
    live.push('TCS', 4000, T0 + 126_000);
    expect(feed.lastPrice('TCS')).toBeUndefined();
    feed.addSymbols(live.symbols);
    expect([...feed.symbols].sort()).toEqual(['INFY', 'TCS']);
    live.push('TCS', 4001, T0 + 127_000);
    expect(feed.lastPrice('TCS')).toBe(4001);
    // RELIANCE's price stays in the book after the switch.
    expect(feed.lastPrice('RELIANCE')).toBe(2500);

    await stop();
    expect(live.running).toBe(false);
  });

  test('a switch before start only replaces the source; start uses the new one', async () => {
    const wall = new SimulatedClock(T0);
    const a = new ManualTicks(['A']);
    const b = new ManualTicks(['B']);
    const feed = new MarketFeed({ ticks: a, symbols: a.symbols, source: 'a', interval: '1m', clock: new MarketClock(wall), flushEveryMs: 0 }, wall);
    await feed.switchTicks(b, b.symbols, 'b');
    expect(b.running).toBe(false);
    const stop = await feed.start(() => undefined);
    expect(a.running).toBe(false);
    expect(b.running).toBe(true);
    b.push('B', 10, T0);
    expect(feed.lastPrice('B')).toBe(10);
    await stop();
  });
});
