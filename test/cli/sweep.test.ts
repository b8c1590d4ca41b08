/**
 * `autoppm sweep`: grid parsing, ranking, the walk-forward fit (in-sample best by the rank metric,
 * out-of-sample metrics of that choice equal to a direct run), the CLI end to end on 2 workers, and the
 * sweep job's SweepRunner port over the same code.
 */
import { join } from 'node:path';
import { combinations, parseGrid } from '../../src/backtest/grid';
import { checkShared, type CheckedShared } from '../../src/backtest/prepare';
import { runBacktest } from '../../src/backtest/runBacktest';
import type { BacktestSpec } from '../../src/backtest/types';
import { rank, type SweepRow } from '../../src/backtest/sweep';
import { runSweep } from '../../src/backtest/sweepPool';
import { sweepRunner } from '../../src/backtest/sweepRunner';
import { walkForward } from '../../src/backtest/walkForward';
import { parseWalkForward } from '../../src/cli/sweepCommand';
import { ok } from '../../src/core/result';
import type { SweepRunner } from '../../src/jobs/sweepJob';
import { request, seeded, strategies } from '../backtest/support/fixtures';
import { CLI_TEST_TIMEOUT_MS, runCli } from './runCli';

const STRATEGIES_DIR = join(__dirname, '..', '..', 'strategies');

/** A sweep's request with what its combinations share checked (prepare.ts), as the CLI and the sweep job do. */
function checked(spec: BacktestSpec): CheckedShared {
  const c = checkShared(spec, strategies());
  if (!c.ok) throw new Error(c.error);
  return c.value;
}

describe('grid parsing', () => {
  test('ranges with steps, lists and single values; last parameter varies fastest', () => {
    const g = parseGrid(['fast=5..20:5', 'slow=20,30,50', 'mode=close']);
    expect(g).toEqual(ok([
      ['fast', [5, 10, 15, 20]],
      ['slow', [20, 30, 50]],
      ['mode', ['close']],
    ]));
    const c = combinations(g.ok ? g.value : []);
    expect(c).toHaveLength(12);
    expect(c.slice(0, 4)).toEqual([
      { fast: 5, slow: 20, mode: 'close' },
      { fast: 5, slow: 30, mode: 'close' },
      { fast: 5, slow: 50, mode: 'close' },
      { fast: 10, slow: 20, mode: 'close' },
    ]);
    expect(parseGrid(['x=0.1..0.3:0.1'])).toEqual(ok([['x', [0.1, 0.2, 0.3]]]));
  });

  test('bad grids are one-sentence errors', () => {
    expect(parseGrid(['fast'])).toEqual({ ok: false, error: expect.stringMatching(/not name=values/) });
    expect(parseGrid(['fast=20..5:5'])).toEqual({ ok: false, error: expect.stringMatching(/must go up with a positive step/) });
    expect(parseGrid(['fast=1', 'fast=2'])).toEqual({ ok: false, error: expect.stringMatching(/given twice/) });
    expect(parseGrid([])).toEqual({ ok: false, error: expect.stringMatching(/needs a grid/) });
    expect(parseWalkForward('in=756,out=252')).toEqual(ok({ inSampleBars: 756, outOfSampleBars: 252 }));
    expect(parseWalkForward('756/252').ok).toBe(false);
  });
});

describe('ranking', () => {
  const row = (p: number, sharpe: number, maxDrawdown: number): SweepRow => ({
    params: { p },
    metrics: { finalEquity: 0, totalReturn: 0, cagr: 0, sharpe, sortino: 0, maxDrawdown, calmar: 0, winRate: 0, profitFactor: 0, trades: 1 },
  });
  const rows = [row(1, 0.5, 0.3), row(2, NaN, 0.1), row(3, 1.2, 0.4), { params: { p: 4 }, metrics: null, error: 'rejected' }, row(5, 0.5, 0.2)];
  test('best first, NaN and skipped last, ties in grid order; drawdown lower is better', () => {
    expect(rank(rows, 'sharpe').map((r) => r.params.p)).toEqual([3, 1, 5, 2, 4]);
    expect(rank(rows, 'maxDrawdown').map((r) => r.params.p)).toEqual([2, 5, 1, 3, 4]);
  });
});

describe('sweep and walk-forward (2 workers, small data)', () => {
  const data = { series: seeded(['AAA'], 700, 'day', 21), synthetic: true };
  const base = request({ strategy: 'sma-cross', symbols: ['AAA'], interval: 'day' });
  const grid = parseGrid(['fast=5,10', 'slow=20,40']);
  if (!grid.ok) throw new Error(grid.error);
  const combos = combinations(grid.value);

  test('worker rows equal in-thread rows; the walk-forward picks the in-sample best and reports it out of sample', async () => {
    const opts = { strategiesDir: STRATEGIES_DIR, strategies: strategies() };
    const threaded = await runSweep(checked(base), combos, data, { ...opts, workers: 2 });
    const inline = await runSweep(checked(base), combos, data, { ...opts, workers: 1 });
    expect(threaded).toEqual(inline);

    const wf = await walkForward(base, combos, data, { ...opts, workers: 2, inSampleBars: 300, outOfSampleBars: 150, rankBy: 'sharpe' });
    if (!wf.ok) throw new Error(wf.error);
    expect(wf.value).toHaveLength(2); // (700 − 300) / 150
    for (const w of wf.value) {
      const inSample = await runSweep(checked({ ...base, ...w.inSample }), combos, data, { ...opts, workers: 1 });
      expect(w.best.params).toEqual(rank(inSample, 'sharpe')[0]!.params);
      const direct = runBacktest({ ...base, ...w.outOfSample, params: w.best.params }, data, { strategies: strategies() });
      if (!direct.ok) throw new Error(direct.error);
      expect(w.outOfSampleMetrics?.finalEquity).toBe(direct.value.metrics.finalEquity);
      expect(w.outOfSample.from > w.inSample.to).toBe(true);
    }
    expect(wf.value[1]!.inSample.from > wf.value[0]!.inSample.from).toBe(true);
  });

  test("the sweep job's SweepRunner port: best rows by the rank metric, rejected combinations counted", async () => {
    const runner: SweepRunner = sweepRunner({ strategies: strategies(), strategiesDir: STRATEGIES_DIR, workers: 2, costs: 'none', data: async (spec) => ok({ series: new Map([...data.series].filter(([s]) => spec.symbols.includes(s))), synthetic: true }) });
    const fractions: number[] = [];
    const r = await runner.run({ strategy: 'sma-cross', symbols: ['AAA'], interval: 'day', grid: { fast: ['5', '10', '50'], slow: ['20', '40'] }, rankBy: 'sharpe', top: 2 }, (f) => fractions.push(f));
    if (!r.ok) throw new Error(r.error);
    expect(r.value.combinations).toBe(6);
    expect(r.value.skipped).toBe(2); // fast=50 ≥ slow
    expect(r.value.rows).toHaveLength(2);
    const inline = rank(await runSweep(checked(base), combos, data, { strategiesDir: STRATEGIES_DIR, strategies: strategies(), workers: 1 }), 'sharpe');
    expect(r.value.rows.map((x) => x.params)).toEqual(inline.slice(0, 2).map((x) => x.params));
    expect(r.value.rows[0]!.score).toBe(inline[0]!.metrics!.sharpe);
    expect(fractions[fractions.length - 1]).toBe(1);
    const bad = await runner.run({ strategy: 'sma-cross', symbols: ['AAA'], grid: { fast: ['5'] }, rankBy: 'luck', top: 1 }, () => undefined);
    expect(bad).toEqual({ ok: false, error: expect.stringMatching(/^Cannot rank by "luck"; use one of sharpe/) });
  });
});

describe('autoppm sweep', () => {
  jest.setTimeout(CLI_TEST_TIMEOUT_MS);
  test('--json ranks the grid on 2 workers; --walk-forward reports out-of-sample windows', async () => {
    const args = ['sweep', '--strategy', 'sma-cross', '--symbols', 'AAA', '--from', '2020-01-01', '--to', '2022-12-31', '--grid', 'fast=5..15:5', 'slow=30,50', '--workers', '2'];
    const r = await runCli([...args, '--json', '--top', '3', '--rank', 'totalReturn']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { rankBy: string; combinations: number; rows: { metrics: { totalReturn: number } }[] };
    expect(out.combinations).toBe(6);
    expect(out.rankBy).toBe('totalReturn');
    expect(out.rows).toHaveLength(3);
    const returns = out.rows.map((x) => x.metrics.totalReturn);
    expect([...returns].sort((a, b) => b - a)).toEqual(returns);

    const wf = await runCli([...args, '--walk-forward', 'in=300,out=150']);
    expect(wf.code).toBe(0);
    const lines = wf.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^Walk-forward sma-cross on AAA: \d+ windows, 6 combinations fitted by sharpe$/);
    expect(lines.slice(1).every((l) => /^in \d{4}-\d\d-\d\d → .*: fast=\d+ slow=\d+ .*\| out .*return -?\d/.test(l))).toBe(true);
  });

  test('errors: a bad grid and an unknown rank metric, one sentence, exit code 2', async () => {
    const r = await runCli(['sweep', '--strategy', 'sma-cross', '--symbols', 'AAA', '--grid', 'fast', '--workers', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('Grid entry "fast" is not name=values; use e.g. fast=5..20:5 or slow=20,30,50.');
    const m = await runCli(['sweep', '--strategy', 'sma-cross', '--symbols', 'AAA', '--grid', 'fast=5', '--rank', 'luck']);
    expect(m.code).toBe(2);
    expect(m.stderr.trim()).toMatch(/^Cannot rank by "luck"; use one of/);
  });
});
