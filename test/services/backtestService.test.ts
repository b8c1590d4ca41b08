/**
 * /backtest through the dispatcher over the real backtest service: the default wiring of
 * createEngineServices (history → runner → metrics card + PNG + "Run in paper"), the numbers equal to
 * runBacktest on the same bars, a second identical request served from the results store (no save,
 * no kernel run), and refusals as one sentence.
 */
import { join } from 'node:path';
import { BacktestRunner } from '../../src/backtest/backtestRunner';
import { buildRequest } from '../../src/backtest/request';
import type { StrategySource } from '../../src/backtest/prepare';
import { MemoryResultRepository } from '../../src/backtest/resultRepository';
import { dataFingerprint, resultKey } from '../../src/backtest/resultKey';
import { chartPng } from '../../src/backtest/reports';
import { runBacktest } from '../../src/backtest/runBacktest';
import type { BacktestResult } from '../../src/backtest/types';
import { BarSeries } from '../../src/core/barSeries';
import { SimulatedClock } from '../../src/core/clock';
import { ok } from '../../src/core/result';
import type { Reply } from '../../src/core/reply';
import { istTime } from '../../src/calendar/ist';
import type { StrategyRegistry } from '../../src/engine/strategyRegistry';
import { discoverStrategies } from '../../src/strategyLoader/discoverStrategies';
import { backtestService, historyData, sourceData, type BacktestDataPort } from '../../src/services/engine/backtestService';
import { dailyBars, engineFixture, history, NOW } from '../commands/support/engineServices';
import { Harness, trader } from '../commands/support/harness';

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47];

function registry(): StrategyRegistry {
  const r = discoverStrategies(join(__dirname, '..', '..', 'strategies'));
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** Runs a progress reply, collecting its updates; returns the final reply flattened. */
async function settle(r: Reply, updates: string[]): Promise<Reply[]> {
  if (r.kind === 'progress') return settle(await r.run({ update: async (t: string) => void updates.push(t) }), updates);
  if (r.kind === 'many') return (await Promise.all(r.replies.map((x) => settle(x, updates)))).flat();
  return [r];
}

class CountingRepository extends MemoryResultRepository {
  saves = 0;
  override save(result: BacktestResult, createdAt: number): Promise<void> {
    this.saves++;
    return super.save(result, createdAt);
  }
}

test('/backtest through the default wiring: metrics card, PNG and the Run-in-paper button, equal to runBacktest', async () => {
  const fx = await engineFixture();
  expect(fx.services.backtest).toBeDefined();
  const h = new Harness(fx.services, NOW);
  const updates: string[] = [];
  const replies = await settle(await h.reply('/backtest sma-cross INFY 2023-01-01 2024-12-31 fast=5 slow=20', trader), updates);
  expect(replies.map((r) => r.kind)).toEqual(['table', 'image', 'buttons']);
  const [table, image, buttons] = replies;
  if (table?.kind !== 'table' || image?.kind !== 'image' || buttons?.kind !== 'buttons') throw new Error('unexpected replies');
  expect(PNG_MAGIC.every((b, i) => image.png[i] === b)).toBe(true);
  expect(buttons.rows[0]![0]!.action).toBe('/run sma-cross INFY fast=5 slow=20');
  expect(updates.some((u) => /Backtesting sma-cross: \d+%/.test(u))).toBe(true);

  // The same request straight through runBacktest on the same bars (defaults: Zerodha costs, ₹10 lakh).
  const req = buildRequest({ strategy: 'sma-cross', symbols: ['INFY'], interval: 'day', from: '2023-01-01', to: '2024-12-31', params: { fast: '5', slow: '20' } });
  if (!req.ok) throw new Error(req.error);
  const bars = dailyBars('INFY', istTime('2023-01-01'), istTime('2024-12-31') + 86_400_000);
  const direct = runBacktest(req.value, { series: new Map([['INFY', bars]]), synthetic: true }, { strategies: registry() });
  if (!direct.ok) throw new Error(direct.error);
  const rows = new Map(table.rows.map(([k, v]) => [k, v]));
  expect(rows.get('Trades')).toBe(String(direct.value.metrics.trades));
  expect(direct.value.metrics.trades).toBeGreaterThan(0);
  expect(rows.get('Final equity')!.replace(/[^\d.]/g, '')).toBe(direct.value.metrics.finalEquity.toFixed(2));
  expect(table.title).toMatch(/synthetic data/);
});

test('a second identical request comes from the results store (no run, no save)', async () => {
  const repo = new CountingRepository();
  const clock = new SimulatedClock(NOW);
  const service = backtestService({ runner: new BacktestRunner({ repository: repo }), strategies: registry(), data: historyData(history), clock });
  const fx = await engineFixture();
  const h = new Harness({ ...fx.services, backtest: service }, NOW);
  const first: string[] = [];
  const a = await settle(await h.reply('/backtest momentum TCS,INFY 2023-03-01 2024-12-31', trader), first);
  const second: string[] = [];
  const b = await settle(await h.reply('/backtest momentum TCS,INFY 2023-03-01 2024-12-31', trader), second);
  expect(repo.saves).toBe(1);
  expect(second.some((u) => /cached result/.test(u))).toBe(true);
  expect(first.some((u) => /cached result/.test(u))).toBe(false);
  const table = (rs: Reply[]) => rs.find((r) => r.kind === 'table');
  expect(table(b)).toEqual(table(a));
  expect((await repo.list(10)).map((s) => s.strategy)).toEqual(['momentum']);
});

test('defaults: the last three years of daily bars up to today', async () => {
  const seen: string[] = [];
  const service = backtestService({
    runner: new BacktestRunner({ repository: new MemoryResultRepository() }), strategies: registry(),
    data: async (req) => {
      seen.push(`${req.interval} ${req.from} ${req.to}`);
      return sourceData('synthetic')(req);
    },
    clock: new SimulatedClock(NOW),
  });
  const r = await service.run({ strategy: 'sma-cross', symbols: ['ABC'], params: {} }, () => undefined);
  expect(seen).toEqual(['day 2022-01-08 2025-01-08']);
  expect(r.ok && r.value.synthetic).toBe(true);
  expect(r.ok && r.value.from >= '2022-01-08' && r.value.to <= '2025-01-08').toBe(true);
});

test('refusals are one sentence: unknown strategy, bad params, missing data', async () => {
  const service = backtestService({ runner: new BacktestRunner({ repository: new MemoryResultRepository() }), strategies: registry(), data: historyData(history), clock: new SimulatedClock(NOW) });
  const run = async (req: Parameters<typeof service.run>[0]): Promise<string> => {
    const r = await service.run(req, () => undefined);
    if (r.ok) throw new Error('expected a refusal');
    return r.error;
  };
  expect(await run({ strategy: 'nope', symbols: ['INFY'], params: {} })).toMatch(/nope/);
  expect(await run({ strategy: 'sma-cross', symbols: ['INFY'], params: { fast: 'x' } })).toMatch(/fast/);
  expect(await run({ strategy: 'sma-cross', symbols: ['ZZZZ'], params: {} })).toBe('There is no price history for ZZZZ; check the symbol.');
  for (const e of [await run({ strategy: 'nope', symbols: ['INFY'], params: {} })]) expect(e).not.toMatch(/\n|at .*\.ts/);
});

test('one run checks the parameters once (service → runner), and an identical request keeps its cache key', async () => {
  const reg = registry();
  let validations = 0;
  let lookups = 0;
  const counting: StrategySource = {
    get: (name) => (lookups++, reg.get(name)),
    validate: (name, raw) => (validations++, reg.validate(name, raw)),
  };
  const repo = new CountingRepository();
  const service = backtestService({ runner: new BacktestRunner({ repository: repo }), strategies: counting, data: historyData(history), clock: new SimulatedClock(NOW) });
  const req = { strategy: 'sma-cross', symbols: ['INFY'], from: '2023-01-01', to: '2024-12-31', params: { fast: '5', slow: '20' } };

  const first = await service.run(req, () => undefined);
  if (!first.ok) throw new Error(first.error);
  expect([validations, lookups]).toEqual([1, 1]);

  // The queue-time check is its own moment (the run may come in another process): it checks once too.
  expect((await service.check(req)).ok).toBe(true);
  expect([validations, lookups]).toEqual([2, 2]);

  // An identical request: checked once again, served from the store under the key it was saved with.
  const second = await service.run(req, () => undefined);
  expect(second.ok).toBe(true);
  expect([validations, lookups]).toEqual([3, 3]);
  expect(repo.saves).toBe(1);

  // That key is the one resultKey.ts gives for the request with its validated params on the bars it ran on.
  const spec = buildRequest({ strategy: 'sma-cross', symbols: ['INFY'], interval: 'day', from: '2023-01-01', to: '2024-12-31', params: { fast: 5, slow: 20 } });
  if (!spec.ok) throw new Error(spec.error);
  const params = reg.validate('sma-cross', { fast: 5, slow: 20 });
  if (!params.ok) throw new Error(params.error);
  const bars = dailyBars('INFY', istTime('2023-01-01'), istTime('2024-12-31') + 86_400_000);
  const key = resultKey({ ...spec.value, params: params.value }, dataFingerprint([bars]));
  expect((await repo.list(10)).map((s) => s.key)).toEqual([key]);
  expect(await repo.get(key)).toBeDefined();
});

test('the chart draws the benchmark as the run was prepared: cut once to the run’s own days, not the whole index', async () => {
  const bars = dailyBars('INFY', istTime('2023-01-01'), istTime('2024-12-31') + 86_400_000);
  // An index from 2015 to 2026, one bar a day (years before and after the run).
  const index = new BarSeries('NIFTY50', 'day', 5000);
  for (let t = istTime('2015-01-01'); t < istTime('2026-12-01'); t += 86_400_000) index.push(t, 100, 100, 100, 100, 0);
  const data: BacktestDataPort = async (req) => ok({ series: new Map(req.symbols.map((s) => [s, dailyBars(s, istTime(req.from), istTime(req.to) + 86_400_000)])), synthetic: true, benchmark: { name: 'IDX', series: index } });
  const service = backtestService({ runner: new BacktestRunner({ repository: new MemoryResultRepository() }), strategies: registry(), data, clock: new SimulatedClock(NOW) });
  const run = await service.run({ strategy: 'sma-cross', symbols: ['INFY'], from: '2023-01-01', to: '2024-12-31', params: { fast: '5', slow: '20' } }, () => undefined);
  if (!run.ok) throw new Error(run.error);

  // The same request run directly; the index's days from the first bar's to the last bar's, cut here by hand.
  const req = buildRequest({ strategy: 'sma-cross', symbols: ['INFY'], interval: 'day', from: '2023-01-01', to: '2024-12-31', params: { fast: '5', slow: '20' } });
  if (!req.ok) throw new Error(req.error);
  const direct = runBacktest(req.value, { series: new Map([['INFY', bars]]), synthetic: true, benchmark: { name: 'IDX', series: index } }, { strategies: registry() });
  if (!direct.ok) throw new Error(direct.error);
  const day = (t: number): string => new Date(t + 19_800_000).toISOString().slice(0, 10);
  let a = 0;
  while (day(index.time[a]!) < day(bars.time[0]!)) a++;
  let z = a;
  while (z < index.length && day(index.time[z]!) <= day(bars.time[bars.length - 1]!)) z++;
  expect(Buffer.from(run.value.chartPng).equals(chartPng(direct.value, index.slice(a, z)))).toBe(true);
  expect(Buffer.from(run.value.chartPng).equals(chartPng(direct.value, index))).toBe(false);
});
