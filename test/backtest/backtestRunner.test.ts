/**
 * The results cache: an identical request on identical bars returns the stored result without running
 * the kernel (the strategy's onBar is counted); a change of params, costs or bars runs again; the
 * stored series is compacted to ≤ 2,000 points keeping the first/last point and the deepest trough;
 * list is most recent first and show finds a result by key or key prefix.
 */
import { z } from 'zod';
import { BacktestRunner } from '../../src/backtest/backtestRunner';
import type { BacktestData } from '../../src/backtest/prepare';
import type { BacktestProgressFn, BacktestSpec } from '../../src/backtest/types';
import { compactIndices, MAX_SERIES_POINTS, MemoryResultRepository, type BacktestResultRepository } from '../../src/backtest/resultRepository';
import { defineStrategy } from '../../src/core/strategy';
import { StrategyRegistry } from '../../src/engine/strategyRegistry';
import { request, runThrough, seeded } from './support/fixtures';

let onBarCalls = 0;
const counting = defineStrategy({
  name: 'counting',
  summary: 'test: long at bar `at`, flat at bar `at + hold`, counting every onBar call',
  params: z.object({ at: z.number().int().min(0).default(5), hold: z.number().int().min(1).default(10) }),
  universe: 'single',
  interval: 'day',
  warmup: () => 1,
  init: () => ({}),
  onBar(ctx) {
    onBarCalls++;
    const i = ctx.bars.i;
    if (i === ctx.params.at) return [ctx.signal('long', 'enter')];
    if (i === ctx.params.at + ctx.params.hold) return [ctx.signal('flat', 'leave')];
    return undefined;
  },
});

function registry(): StrategyRegistry {
  const r = new StrategyRegistry();
  r.register(counting);
  return r;
}

const data = { series: seeded(['AAA'], 300, 'day', 7), synthetic: true };

/** Prepared and run as the service does (the registry holds the counting strategy). */
const run = (runner: BacktestRunner, spec: BacktestSpec, d: BacktestData, onProgress?: BacktestProgressFn) => runThrough(runner, spec, d, registry(), onProgress);

describe('BacktestRunner cache', () => {
  test('a second identical request is served from the store without a kernel run', async () => {
    let t = 1_000;
    const repo = new MemoryResultRepository();
    const runner = new BacktestRunner({ repository: repo, now: () => t++ });
    const req = request({ strategy: 'counting', symbols: ['AAA'], interval: 'day', params: { at: '5' } });
    onBarCalls = 0;
    const first = await run(runner, req, data);
    if (!first.ok) throw new Error(first.error);
    expect(first.value.cached).toBe(false);
    expect(onBarCalls).toBe(300); // every bar (warm-up of one bar)
    expect(first.value.result.metrics.trades).toBe(1);

    const progress: number[] = [];
    const second = await run(runner, req, data, (f) => progress.push(f));
    if (!second.ok) throw new Error(second.error);
    expect(onBarCalls).toBe(300);
    expect(second.value.cached).toBe(true);
    expect(progress).toEqual([1]);
    expect(second.value.result.key).toBe(first.value.result.key);
    expect(second.value.result.metrics).toEqual(first.value.result.metrics);
    expect(second.value.result.trades).toEqual(first.value.result.trades);

    // The same params written differently validate to the same values: same key, no run.
    const same = await run(runner, request({ strategy: 'counting', symbols: ['AAA'], interval: 'day', params: { at: 5, hold: 10 } }), data);
    expect(same.ok && same.value.cached).toBe(true);
    expect(onBarCalls).toBe(300);
  });

  test('other params, costs or bars run again', async () => {
    const runner = new BacktestRunner({ repository: new MemoryResultRepository() });
    const base = request({ strategy: 'counting', symbols: ['AAA'], interval: 'day' });
    onBarCalls = 0;
    await run(runner, base, data);
    const a = await run(runner, { ...base, params: { at: 6 } }, data);
    const b = await run(runner, { ...base, costs: 'bps:5' }, data);
    const c = await run(runner, base, { series: seeded(['AAA'], 300, 'day', 8), synthetic: true });
    expect([a, b, c].map((r) => r.ok && r.value.cached)).toEqual([false, false, false]);
    expect(onBarCalls).toBe(4 * 300);
  });

  test('a store that fails is skipped: the run happens and the error is reported', async () => {
    const errors: unknown[] = [];
    const broken: BacktestResultRepository = {
      get: () => Promise.reject(new Error('down')),
      save: () => Promise.reject(new Error('down')),
      list: () => Promise.reject(new Error('down')),
    };
    const runner = new BacktestRunner({ repository: broken, onStoreError: (e) => errors.push(e) });
    const r = await run(runner, request({ strategy: 'counting', symbols: ['AAA'], interval: 'day' }), data);
    expect(r.ok && r.value.cached).toBe(false);
    expect(errors).toHaveLength(2);
    const listed = await runner.list();
    expect(listed).toEqual({ ok: false, error: expect.stringMatching(/could not be read; check the database connection/) });
  });

  test('unknown strategy and missing bars are one-sentence errors', async () => {
    const runner = new BacktestRunner({ repository: new MemoryResultRepository() });
    const r1 = await run(runner, request({ strategy: 'nope', symbols: ['AAA'] }), data);
    expect(r1.ok).toBe(false);
    const r2 = await run(runner, request({ strategy: 'counting', symbols: ['ZZZ'], interval: 'day' }), data);
    expect(r2).toEqual({ ok: false, error: 'There are no bars for ZZZ; load its data first.' });
  });

  test('list is most recent first; show finds by key and by prefix', async () => {
    let t = 0;
    const runner = new BacktestRunner({ repository: new MemoryResultRepository(), now: () => (t += 1000) });
    const keys: string[] = [];
    for (const at of [3, 4, 5]) {
      const r = await run(runner, request({ strategy: 'counting', symbols: ['AAA'], interval: 'day', params: { at } }), data);
      if (!r.ok) throw new Error(r.error);
      keys.push(r.value.result.key);
    }
    const listed = await runner.list(2);
    expect(listed.ok && listed.value.map((s) => [s.key, s.createdAt])).toEqual([
      [keys[2], 3000],
      [keys[1], 2000],
    ]);
    const shown = await runner.show(keys[0]!.slice(0, 10));
    expect(shown.ok && shown.value.key).toBe(keys[0]);
    expect((await runner.show('zz')).ok).toBe(false);
    expect(await runner.show('0123456789abcdef')).toEqual({ ok: false, error: 'There is no stored backtest with key 0123456789abcdef; list them to see the keys.' });
  });
});

describe('compact series', () => {
  test('long curves keep ≤ 2,000 points incl. first, last, the highest peak and the deepest trough', async () => {
    const n = 50_000;
    const equity = new Float64Array(n);
    for (let i = 0; i < n; i++) equity[i] = 1000 + 100 * Math.sin(i / 997) + (i === 31_337 ? -400 : 0) + (i === 12_345 ? 300 : 0);
    const dd = new Float64Array(n);
    let peak = -Infinity;
    for (let i = 0; i < n; i++) {
      peak = Math.max(peak, equity[i]!);
      dd[i] = equity[i]! / peak - 1;
    }
    const idx = compactIndices(equity, dd);
    expect(idx.length).toBeLessThanOrEqual(MAX_SERIES_POINTS);
    expect(idx[0]).toBe(0);
    expect(idx[idx.length - 1]).toBe(n - 1);
    expect(idx).toContain(31_337);
    expect(idx).toContain(12_345);
    for (let k = 1; k < idx.length; k++) expect(idx[k]!).toBeGreaterThan(idx[k - 1]!);
    expect(compactIndices(equity.subarray(0, 10), dd.subarray(0, 10))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  test('the stored result of a long run has the compact series and the exact metrics', async () => {
    const repo = new MemoryResultRepository();
    const runner = new BacktestRunner({ repository: repo });
    const long = { series: seeded(['AAA'], 5_000, 'day', 11), synthetic: true };
    const r = await run(runner, request({ strategy: 'counting', symbols: ['AAA'], interval: 'day', params: { at: 100, hold: 3000 } }), long);
    if (!r.ok) throw new Error(r.error);
    const stored = await repo.get(r.value.result.key);
    expect(stored!.series.equity.length).toBeLessThanOrEqual(MAX_SERIES_POINTS);
    expect(stored!.series.equity[stored!.series.equity.length - 1]).toBe(r.value.result.metrics.finalEquity);
    expect(Math.min(...stored!.series.drawdown)).toBeCloseTo(-r.value.result.metrics.maxDrawdown, 12);
    expect(stored!.metrics).toEqual(r.value.result.metrics);
  });
});
