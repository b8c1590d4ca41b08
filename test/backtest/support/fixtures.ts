/** Shared fixtures for backtest tests: the strategy registry, seeded synthetic bars and hand-made bars. */
import { join } from 'node:path';
import { BarSeries } from '../../../src/core/barSeries';
import type { Interval } from '../../../src/core/interval';
import { generateMarket } from '../../../src/data/synthetic';
import type { StrategyRegistry } from '../../../src/engine/strategyRegistry';
import { discoverStrategies } from '../../../src/strategyLoader/discoverStrategies';
import { buildRequest, type RequestInput } from '../../../src/backtest/request';
import type { BacktestRunner, RunnerOutcome } from '../../../src/backtest/backtestRunner';
import { prepareBacktest, type BacktestData, type StrategySource } from '../../../src/backtest/prepare';
import type { BacktestProgressFn, BacktestSpec } from '../../../src/backtest/types';
import type { Result } from '../../../src/core/result';

let registry: StrategyRegistry | undefined;
export function strategies(): StrategyRegistry {
  if (!registry) {
    const r = discoverStrategies(join(__dirname, '..', '..', '..', 'strategies'));
    if (!r.ok) throw new Error(r.error);
    registry = r.value;
  }
  return registry;
}

export function seeded(symbols: string[], bars: number, interval: Interval, seed: number, start = '2015-01-01'): Map<string, BarSeries> {
  const m = generateMarket({ symbols, start, bars, interval, seed });
  if (!m.ok) throw new Error(m.error);
  return new Map(m.value.series);
}

export function request(input: Partial<RequestInput> & Pick<RequestInput, 'strategy' | 'symbols'>): BacktestSpec {
  const r = buildRequest({ costs: 'none', tickSize: 0, ...input });
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** Hand-made bars: one per entry [open, high, low, close], starting on a Monday, `interval` apart. */
export function handBars(symbol: string, interval: Interval, rows: readonly (readonly [number, number, number, number])[], volume = 1_000_000, start = Date.parse('2024-01-01T09:15:00+05:30')): BarSeries {
  const s = new BarSeries(symbol, interval, rows.length);
  const step = interval === 'day' ? 86_400_000 : 60_000 * (interval === '1m' ? 1 : interval === '5m' ? 5 : 15);
  const base = interval === 'day' ? Date.parse('2024-01-01T00:00:00+05:30') : start;
  rows.forEach(([o, h, l, c], i) => s.push(base + i * step, o, h, l, c, volume));
  return s;
}

/** A spec prepared (prepare.ts) and handed to the runner, as the backtest service does: a refusal comes back as it is. */
export async function runThrough(runner: BacktestRunner, spec: BacktestSpec, data: BacktestData, registry: StrategySource, onProgress?: BacktestProgressFn): Promise<Result<RunnerOutcome, string>> {
  const prepared = prepareBacktest(spec, data, registry);
  return prepared.ok ? runner.run(prepared.value, onProgress) : prepared;
}
