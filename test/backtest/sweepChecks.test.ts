/**
 * A sweep is prepared once (prepare.ts prepareSweep: strategy, cost model, rules, bars, benchmark, fingerprint) and
 * checks only each combination's parameters: counted on the registry, with rows equal to each combination run on its
 * own (runBacktest: the whole request checked and cut per run), a grid whose base parameters alone are invalid, a
 * request every combination would fail on (each row refused as that combination alone would be), and the sweep job's
 * runner (its one check before the bars are loaded).
 */
import { checkShared, checkSpec, type StrategySource } from '../../src/backtest/prepare';
import { runBacktest } from '../../src/backtest/runBacktest';
import { combinations, parseGrid } from '../../src/backtest/grid';
import { runSweep, type SweepPoolOptions } from '../../src/backtest/sweepPool';
import { sweepRunner } from '../../src/backtest/sweepRunner';
import { ok } from '../../src/core/result';
import type { BacktestSpec } from '../../src/backtest/types';
import { BarSeries } from '../../src/core/barSeries';
import { istTime } from '../../src/calendar/ist';
import { request, seeded, strategies } from './support/fixtures';
import { join } from 'node:path';

const STRATEGIES_DIR = join(__dirname, '..', '..', 'strategies');

/** The registry, counting its strategy look-ups and parameter validations. */
function counting(): { source: StrategySource; lookups: () => number; validations: () => number } {
  const reg = strategies();
  let lookups = 0;
  let validations = 0;
  return {
    source: { get: (name) => (lookups++, reg.get(name)), validate: (name, raw) => (validations++, reg.validate(name, raw)) },
    lookups: () => lookups,
    validations: () => validations,
  };
}

const grid = parseGrid(['fast=5,10,30', 'slow=20,40']);
if (!grid.ok) throw new Error(grid.error);
const combos = combinations(grid.value);
const series = seeded(['AAA', 'BBB'], 600, 'day', 5, '2019-01-01');
const index = new BarSeries('NIFTY50', 'day', 4000);
for (let t = istTime('2016-01-01'); t < istTime('2025-01-01'); t += 86_400_000) index.push(t, 100, 101, 99, 100 + (t / 86_400_000) % 37, 0);
const data = { series, synthetic: true, benchmark: { name: 'IDX', series: index } };

/** Each combination on its own, as a sweep ran it before: the request with the combination's params, prepared whole. */
function alone(base: BacktestSpec, combo: (typeof combos)[number]): unknown {
  const r = runBacktest({ ...base, params: { ...base.params, ...combo } }, data, { strategies: strategies() });
  if (!r.ok) return r.error;
  const m = r.value.metrics;
  return { finalEquity: m.finalEquity, totalReturn: m.totalReturn, cagr: m.cagr, sharpe: m.sharpe, sortino: m.sortino, maxDrawdown: m.maxDrawdown, calmar: m.calmar, winRate: m.winRate, profitFactor: m.profitFactor, trades: m.trades };
}

/** A sweep as the CLI and the sweep job run one: its shared part checked before the bars, then run. */
async function sweep(base: BacktestSpec, o: Omit<SweepPoolOptions, 'strategiesDir'>): ReturnType<typeof runSweep> {
  const checked = checkShared(base, o.strategies);
  if (!checked.ok) throw new Error(checked.error);
  return runSweep(checked.value, combos, data, { strategiesDir: STRATEGIES_DIR, ...o });
}

describe('a sweep checks what its combinations share once', () => {
  test('one strategy look-up per sweep and one parameter check per combination; rows equal each combination run alone', async () => {
    const base = request({ strategy: 'sma-cross', symbols: ['AAA', 'BBB'], interval: 'day', from: '2019-06-01', to: '2020-12-31', costs: 'zerodha', slippageBps: 5, tickSize: 0.05 });
    const c = counting();
    const rows = await sweep(base, { strategies: c.source, workers: 1 });
    expect([c.lookups(), c.validations()]).toEqual([1, combos.length]);
    expect(rows.map((r) => r.params)).toEqual(combos);
    expect(rows.map((r) => r.metrics ?? r.error)).toEqual(combos.map((combo) => alone(base, combo)));
    // fast=30 with slow=20 is rejected, by the strategy's own message; the others ran.
    expect(rows.filter((r) => r.metrics === null).map((r) => r.params)).toEqual([{ fast: 30, slow: 20 }]);
    expect(rows.filter((r) => r.metrics !== null && r.metrics.trades > 0).length).toBeGreaterThan(0);
  });

  test('base parameters invalid alone (fast 60 ≥ the default slow 30) do not refuse a grid whose combinations are valid', async () => {
    const base = request({ strategy: 'sma-cross', symbols: ['AAA'], interval: 'day', params: { fast: 60 } });
    expect(checkSpec(base, strategies()).ok).toBe(false);
    const c = counting();
    const rows = await sweep(base, { strategies: c.source, workers: 1 });
    expect(rows.filter((r) => r.metrics !== null)).toHaveLength(5);
    expect(rows.map((r) => r.metrics ?? r.error)).toEqual(combos.map((combo) => alone(base, combo)));
    // On worker threads: the same rows.
    expect(await sweep(base, { strategies: strategies(), workers: 2 })).toEqual(rows);
  });

  test('a request every combination fails on (no bars for a symbol) is prepared once; each row says what the combination alone would', async () => {
    const base = request({ strategy: 'sma-cross', symbols: ['AAA', 'ZZZ'], interval: 'day' });
    const c = counting();
    const progress: number[] = [];
    const rows = await sweep(base, { strategies: c.source, workers: 2, onProgress: (d) => progress.push(d) });
    // One look-up for the sweep; each combination's params checked once, for its own refusal (params come first).
    expect([c.lookups(), c.validations()]).toEqual([1, combos.length]);
    expect(rows.map((r) => r.error)).toEqual(combos.map((combo) => alone(base, combo)));
    expect(rows.filter((r) => r.error === 'There are no bars for ZZZ; load its data first.')).toHaveLength(5);
    expect(rows.every((r) => r.metrics === null)).toBe(true);
    expect(progress[progress.length - 1]).toBe(combos.length);
  });

  test('the sweep job’s runner: one look-up per sweep, before any bar is loaded; a request refused there loads none', async () => {
    const c = counting();
    let loads = 0;
    const runner = sweepRunner({ strategies: c.source, strategiesDir: STRATEGIES_DIR, workers: 1, costs: 'none', data: async () => (loads++, ok({ series, synthetic: true })) });
    const req = { strategy: 'sma-cross', symbols: ['AAA'], grid: { fast: ['5', '10', '30'], slow: ['20', '40'] }, rankBy: 'sharpe', top: 3 };
    const r = await runner.run(req, () => undefined);
    if (!r.ok) throw new Error(r.error);
    expect(r.value.combinations).toBe(6);
    expect(r.value.skipped).toBe(1);
    expect([c.lookups(), c.validations(), loads]).toEqual([1, combos.length, 1]);
    const refused = await runner.run({ ...req, strategy: 'nope' }, () => undefined);
    expect(refused).toEqual({ ok: false, error: expect.stringMatching(/^Unknown strategy "nope"/) });
    expect([c.lookups(), c.validations(), loads]).toEqual([2, combos.length, 1]);
  });
});
