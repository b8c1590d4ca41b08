/**
 * No look-ahead, by property: changing any bar after bar t never changes a decision (signal,
 * order) taken at or before t, nor a fill before t — for sma-cross and mean-reversion (which also
 * keeps state and uses ATR/RSI). And a strategy that reads a future bar is stopped, not obeyed.
 */
import fc from 'fast-check';
import { z } from 'zod';
import { simKernel } from './support/simKernel';
import type { BarSeries } from '../../src/core/barSeries';
import { strategyInstanceId } from '../../src/core/ids';
import { defineStrategy, type Strategy } from '../../src/core/strategy';
import { barCloseTime } from '../../src/engine/barTime';
import meanReversion from '../../strategies/mean-reversion';
import smaCross from '../../strategies/sma-cross';
import { randomWalk } from './support/randomWalk';
import { record } from './support/recorder';

interface Decision {
  time: number;
  line: string;
}

function decisions(bars: BarSeries, strategy: Strategy, params: Record<string, unknown>) {
  const k = simKernel('1m', { slippageBps: 3, cashBufferBps: 3 }).kernel;
  const out = { signals: [] as Decision[], orders: [] as Decision[], fills: [] as Decision[] };
  k.events.on('signal', (e) => out.signals.push({ time: e.signal.time, line: JSON.stringify(e.signal) }));
  k.events.on('order-submitted', (e) => out.orders.push({ time: e.intent.time, line: JSON.stringify(e.intent) }));
  k.events.on('order-filled', (e) => out.fills.push({ time: e.fill.time, line: JSON.stringify(e.fill) }));
  k.preload(bars);
  const added = k.addInstance({ id: strategyInstanceId('x'), strategy, params, symbols: [bars.symbol], capital: 1_000_000 });
  if (!added.ok) throw new Error(added.error);
  k.run();
  return out;
}

const upTo = (list: Decision[], t: number): string[] => list.filter((d) => d.time <= t).map((d) => d.line);

function copy(b: BarSeries): BarSeries {
  const c = randomWalk(b.symbol, 0, 1);
  for (let i = 0; i < b.length; i++) c.push(b.time[i]!, b.open[i]!, b.high[i]!, b.low[i]!, b.close[i]!, b.volume[i]!);
  return c;
}

describe('no look-ahead (property)', () => {
  const cases: [string, Strategy, Record<string, unknown>][] = [
    ['sma-cross', smaCross, { fast: 5, slow: 20 }],
    ['mean-reversion', meanReversion, { period: 20, entryZ: 1.5, oversold: 40 }],
  ];
  it.each(cases)('%s: decisions up to t do not depend on bars after t', (_name, strategy, params) => {
    const base = randomWalk('LA', 1200, 99);
    const before = decisions(base, strategy, params);
    expect(before.signals.length).toBeGreaterThan(4);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: base.length - 2 }),
        fc.array(fc.tuple(fc.nat(), fc.double({ min: 0.5, max: 2, noNaN: true })), { minLength: 1, maxLength: 40 }),
        (t, edits) => {
          const bars = copy(base);
          for (const [pos, factor] of edits) {
            const i = t + 1 + (pos % (bars.length - t - 1));
            // Any change to a later bar: scale the whole bar (keeps it a valid OHLC bar).
            bars.open[i] = bars.open[i]! * factor;
            bars.high[i] = bars.high[i]! * factor;
            bars.low[i] = bars.low[i]! * factor;
            bars.close[i] = bars.close[i]! * factor;
          }
          const after = decisions(bars, strategy, params);
          const decidedBy = barCloseTime(base.time[t]!, '1m');
          expect(upTo(after.signals, decidedBy)).toEqual(upTo(before.signals, decidedBy));
          // Orders decided on bar t's close go out at bar t+1's open (stamped with it): compare those up to bar t.
          expect(upTo(after.orders, base.time[t]!)).toEqual(upTo(before.orders, base.time[t]!));
          expect(upTo(after.fills, base.time[t]!)).toEqual(upTo(before.fills, base.time[t]!));
        },
      ),
      { numRuns: 60, seed: 20240601 },
    );
  });

  it('an order decided on bar i goes out and fills at bar i+1 open, never earlier', () => {
    const bars = randomWalk('LA', 2000, 3);
    const k = simKernel('1m').kernel;
    const rec = { signals: [] as number[], orders: [] as number[], fills: [] as { time: number; price: number }[] };
    k.events.on('signal', (e) => rec.signals.push(e.signal.time));
    k.events.on('order-submitted', (e) => rec.orders.push(e.intent.time));
    k.events.on('order-filled', (e) => rec.fills.push({ time: e.fill.time, price: e.fill.price }));
    k.preload(bars);
    k.addInstance({ id: strategyInstanceId('x'), strategy: smaCross, params: { fast: 10, slow: 30 }, symbols: ['LA'], capital: 1_000_000 });
    k.run();
    expect(rec.orders.length).toBeGreaterThan(10);
    rec.orders.forEach((orderTime, n) => {
      // The decision behind an order is the latest signal at or before it.
      const decidedAt = Math.max(...rec.signals.filter((t) => t <= orderTime));
      const i = bars.lowerBound(orderTime);
      expect(bars.time[i]).toBe(orderTime);
      expect(barCloseTime(bars.time[i - 1]!, '1m')).toBe(decidedAt);
      expect(orderTime).toBeGreaterThanOrEqual(decidedAt);
      expect(rec.fills[n]).toEqual({ time: orderTime, price: bars.open[i] });
    });
  });

  it('a strategy that reads a future bar is stopped with an error event; another instance carries on', () => {
    const peeker = defineStrategy({
      name: 'peeker',
      summary: 'reads tomorrow',
      params: z.object({}),
      universe: 'single',
      interval: '1m',
      warmup: () => 1,
      init: () => undefined,
      onBar: (ctx) => (ctx.bars.close(ctx.bars.i + 1) > 0 ? [ctx.signal('long', 'peeked')] : undefined),
    });
    const bars = randomWalk('LA', 500, 8);
    const k = simKernel('1m').kernel;
    const rec = record(k.events);
    k.preload(bars);
    k.addInstance({ id: strategyInstanceId('peek'), strategy: peeker, params: {}, symbols: ['LA'], capital: 100_000 });
    k.addInstance({ id: strategyInstanceId('good'), strategy: smaCross, params: { fast: 5, slow: 20 }, symbols: ['LA'], capital: 100_000 });
    k.run();
    expect(k.instance(strategyInstanceId('peek'))!.status).toBe('errored');
    expect(rec.statuses[0]).toMatch(/^peek:errored:look-ahead/);
    expect(rec.signals.every((s) => !s.includes('peeked'))).toBe(true);
    expect(k.instance(strategyInstanceId('good'))!.status).toBe('running');
    expect(k.instance(strategyInstanceId('good'))!.ledger.fills).toBeGreaterThan(0);
  });
});
