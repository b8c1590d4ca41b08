/**
 * The kernel's step observer: told once per step, after every onBar of the step, with the step's
 * close time — on the one-symbol backtest path, on the merged many-symbol path and for daily bars
 * (15:30 IST). A ledger read there sees the position bought at that step's open marked at its close.
 */
import { z } from 'zod';
import { simKernel } from './support/simKernel';
import { istTime } from '../../src/calendar/ist';
import type { BarSeries } from '../../src/core/barSeries';
import { strategyInstanceId } from '../../src/core/ids';
import type { Interval } from '../../src/core/interval';
import { defineStrategy } from '../../src/core/strategy';
import { randomWalk } from './support/randomWalk';

function setup(interval: Interval, series: BarSeries[]) {
  let onBars = 0;
  const strategy = defineStrategy({
    name: 'buy-once',
    summary: 'buys at the first bar, then holds; counts onBar',
    params: z.object({}),
    universe: 'multi',
    interval,
    warmup: () => 1,
    init: () => ({ bought: false }),
    onBar(ctx, s) {
      onBars++;
      if (s.bought) return undefined;
      s.bought = true;
      return [ctx.signal('long', 'once', { weight: 0.5 })];
    },
  });
  const k = simKernel(interval).kernel;
  for (const s of series) k.preload(s);
  const id = strategyInstanceId('obs');
  const added = k.addInstance({ id, strategy, params: {}, symbols: [series[0]!.symbol], capital: 100_000 });
  if (!added.ok) throw new Error(added.error);
  const ledger = k.instance(id)!.ledger;
  const seen: { time: number; onBars: number; equity: number; position: number }[] = [];
  k.stepObserver = { afterStep: (time) => seen.push({ time, onBars, equity: ledger.equity(), position: ledger.position[0]! }) };
  return { k, seen, onBars: () => onBars };
}

describe('kernel step observer', () => {
  test('one symbol: once per bar, after onBar, at the bar close, with the ledger marked at the close', () => {
    const s = randomWalk('A', 500, 3);
    const { k, seen, onBars } = setup('1m', [s]);
    k.run();
    expect(seen).toHaveLength(500);
    expect(onBars()).toBe(500);
    seen.forEach((x, i) => {
      expect(x.time).toBe(s.time[i]! + 60_000);
      expect(x.onBars).toBe(i + 1);
    });
    // Bought at bar 1's open: from then on equity = cash + position × close.
    expect(seen[0]!.position).toBe(0);
    expect(seen[1]!.position).toBeGreaterThan(0);
    const cash = 100_000 - seen[1]!.position * s.open[1]!;
    for (let i = 1; i < 500; i++) expect(seen[i]!.equity).toBeCloseTo(cash + seen[i]!.position * s.close[i]!, 6);
  });

  test('many symbols: once per distinct bar time (steps merged across symbols)', () => {
    const a = randomWalk('A', 300, 4);
    const b = randomWalk('B', 120, 5); // a shorter history: the later steps have A only
    const { k, seen } = setup('1m', [a, b]);
    k.run();
    expect(seen.map((x) => x.time)).toEqual(Array.from(a.time.subarray(0, a.length), (t) => t + 60_000));
  });

  test('daily bars close at 15:30 IST', () => {
    const d = randomWalk('D', 20, 6, 'day');
    const { k, seen } = setup('day', [d]);
    k.run();
    expect(seen).toHaveLength(20);
    expect(seen[0]!.time).toBe(istTime('2024-01-01', '15:30'));
    expect(seen[19]!.time).toBe(istTime('2024-01-20', '15:30'));
  });
});
