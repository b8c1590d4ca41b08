/**
 * Kernel throughput: bars/s through the full engine path (bars → indicators (batch) → onBar →
 * signals → construction → the order pipeline: risk engine → OMS state → simulated broker → fills →
 * position book; the backtest's trading stack) for sma-cross 10/30 with 1, 10 and 100 instances, against a bare typed-array sma-cross loop (baseline, same rules) in the same run.
 * Data: the shared seeded generator (src/data/synthetic), 1,000,000 one-minute bars, seed 42
 * (10 instances: the first 100,000 bars; 100 instances: the first 10,000; counted as instance-bars).
 */
import type { BarSeries } from '../src/core/barSeries';
import { generateMarket } from '../src/data/synthetic';
import { strategyInstanceId } from '../src/core/ids';
import { backtestStack } from '../src/backtest/backtestStack';
import { buildRequest } from '../src/backtest/request';
import { NseCalendar } from '../src/calendar/nseCalendar';
import { ZeroCostModel } from '../src/core/costs';
import type { Interval } from '../src/core/interval';
import { unwrap } from '../src/core/result';
import type { Kernel } from '../src/engine/kernel';
import type { PositionBook } from '../src/oms/positionBook';
import momentum from '../strategies/momentum';
import smaCross from '../strategies/sma-cross';
import { consume, type BenchGroup } from './harness';
import { smaCrossBareLoop } from './smaCrossBareLoop';

/** Seeded bars from the shared synthetic market generator (the data the backtest bench uses). */
function seededBars(n: number, seed: number, symbols: string[] = ['BENCH']): BarSeries[] {
  const m = generateMarket({ symbols, start: '2015-01-01', bars: n, interval: '1m', seed });
  if (!m.ok) throw new Error(m.error);
  return symbols.map((s) => m.value.series.get(s)!);
}

const calendar = new NseCalendar();
/** The kernel on the backtest's trading stack, no costs, no slippage, whole shares. */
function stack(interval: Interval): { readonly kernel: Kernel; readonly book: PositionBook } {
  const request = unwrap(buildRequest({ strategy: 'bench', symbols: ['BENCH'], interval, costs: 'none', tickSize: 0 }));
  return backtestStack({ request, costs: new ZeroCostModel(), calendar, cashBufferBps: 0, warn: () => undefined });
}

let lastFills = 0;
function kernelRun(b: BarSeries, instances: number): number {
  const { kernel: k, book } = stack('1m');
  k.preload(b);
  for (let n = 0; n < instances; n++) {
    k.addInstance({ id: strategyInstanceId(`i${n}`), strategy: smaCross, params: { fast: 10, slow: 30 }, symbols: ['BENCH'], capital: 1_000_000 });
  }
  k.run();
  const account = book.account('i0')!;
  lastFills = account.fills;
  return account.equity();
}

/**
 * Live shape: 500 symbols streaming one-minute bars (streaming indicators), 100 instances
 * (80 sma-cross on single symbols, 20 time-series momentum on 25 symbols each). Returns ms per
 * minute step (500 bars through the kernel).
 */
function streamingStepMs(series: BarSeries[], steps: number): number {
  const { kernel: k } = stack('1m');
  for (let n = 0; n < 80; n++) {
    k.addInstance({ id: strategyInstanceId(`s${n}`), strategy: smaCross, params: { fast: 10, slow: 30 }, symbols: [series[n]!.symbol], capital: 100_000 });
  }
  for (let n = 0; n < 20; n++) {
    const universe = series.slice(n * 25, n * 25 + 25).map((s) => s.symbol);
    k.addInstance({ id: strategyInstanceId(`m${n}`), strategy: momentum, params: { rocPeriod: 20, trendPeriod: 60 }, symbols: universe, capital: 100_000 });
  }
  const bar = { time: 0, open: 0, high: 0, low: 0, close: 0, volume: 0 };
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < steps; i++) {
    for (const s of series) {
      bar.time = s.time[i]!;
      bar.open = s.open[i]!;
      bar.high = s.high[i]!;
      bar.low = s.low[i]!;
      bar.close = s.close[i]!;
      bar.volume = s.volume[i]!;
      k.handleBar(s.symbol, bar);
    }
    k.endStep();
  }
  return Number(process.hrtime.bigint() - t0) / 1e6 / steps;
}

/** Wall time of one call, ms. */
function once(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export const group: BenchGroup = {
  name: 'kernel',
  run({ report }) {
    const [big] = seededBars(1_000_000, 42) as [BarSeries];
    const check = Math.abs(kernelRun(big, 1) - smaCrossBareLoop(big, 10, 30));
    for (const [n, bars] of [
      [1, big],
      [10, big.slice(0, 100_000)],
      [100, big.slice(0, 10_000)],
    ] as const) {
      // The machine is shared: bare loop and kernel run interleaved, so both see the same load.
      for (let w = 0; w < 2; w++) {
        consume(smaCrossBareLoop(big, 10, 30));
        consume(kernelRun(bars, n));
      }
      const bare: number[] = [];
      const kern: number[] = [];
      for (let r = 0; r < 9; r++) {
        bare.push(once(() => consume(smaCrossBareLoop(big, 10, 30))));
        kern.push(once(() => consume(kernelRun(bars, n))));
      }
      const baseline = big.length / (median(bare) / 1000);
      const value = (bars.length * n) / (median(kern) / 1000);
      if (n === 1) report({ bench: 'kernel.bare-loop.sma-cross.1m', value: Math.round(baseline), unit: 'bars/s', note: 'precomputed SMAs + plain trading loop, same rules' });
      report({
        bench: `kernel.sma-cross.${n}-instance${n === 1 ? '' : 's'}`,
        value: Math.round(value),
        unit: 'bars/s',
        baseline: Math.round(baseline),
        ratio: Number((value / baseline).toFixed(3)),
        note:
          `${bars.length} bars × ${n} instance(s) (${lastFills} fills each), instance-bars/s incl. setup and batch indicators, median of 9 ` +
          `interleaved with the bare loop; best run ${Math.round((bars.length * n) / (Math.min(...kern) / 1000))} bars/s` +
          (n === 1 ? `; |equity − bare loop| = ${check.toFixed(2)}` : ''),
      });
    }
    const universe = seededBars(2000, 7, Array.from({ length: 500 }, (_, j) => `S${j}`));
    const stepMs = median([streamingStepMs(universe, 2000), streamingStepMs(universe, 2000), streamingStepMs(universe, 2000)]);
    report({
      bench: 'kernel.streaming.500-symbols-100-instances',
      value: Number(stepMs.toFixed(3)),
      unit: 'ms/minute-step',
      note: '500 one-minute bars per step (streaming indicators) through 100 instances; a minute has 60,000 ms',
    });
  },
};
