/**
 * `autoppm sweep`: runs a parameter grid (`--grid fast=5..20:5 slow=20,30,50`) on worker threads
 * (every core by default) and prints the best `--top` combinations ranked by `--rank`; with
 * `--walk-forward in=756,out=252` it fits the grid on each in-sample window and reports the chosen
 * parameters' metrics on the out-of-sample window that follows. `--json` prints it all as JSON.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { metricsToJson } from '../analytics';
import type { Metrics } from '../analytics/metrics';
import { loadBacktestData } from '../backtest/dataSource';
import { combinations, parseGrid } from '../backtest/grid';
import { checkShared } from '../backtest/prepare';
import { buildRequest } from '../backtest/request';
import { parseRankMetric, rank, rowToJson, type SweepRow } from '../backtest/sweep';
import { runSweep } from '../backtest/sweepPool';
import { walkForward } from '../backtest/walkForward';
import type { Interval } from '../core/interval';
import { err, ok, type Result } from '../core/result';
import { discoverStrategies } from '../strategyLoader/discoverStrategies';
import { parseParams, progressBar, STRATEGIES_DIR } from './backtestCommand';
import { EXIT_CONFIG, EXIT_FAILURE, EXIT_OK, type CliContext } from './context';

interface SweepOptions {
  strategy: string;
  symbols: string;
  from?: string;
  to?: string;
  interval: string;
  data: string;
  grid: string[];
  params: string[];
  walkForward?: string;
  rank: string;
  workers?: string;
  top: string;
  costs: string;
  cash: string;
  seed: string;
  json?: boolean;
}

/** `in=756,out=252` → bar counts. */
export function parseWalkForward(spec: string): Result<{ inSampleBars: number; outOfSampleBars: number }, string> {
  const m = /^\s*in\s*=\s*(\d+)\s*,\s*out\s*=\s*(\d+)\s*$/.exec(spec);
  if (!m || Number(m[1]) < 20 || Number(m[2]) < 1) return err(`Walk-forward "${spec}" is not in=<bars ≥ 20>,out=<bars ≥ 1>; write e.g. --walk-forward in=756,out=252.`);
  return ok({ inSampleBars: Number(m[1]), outOfSampleBars: Number(m[2]) });
}

const fmt = (x: number | undefined, d = 3): string => (x === undefined ? '-' : Number.isFinite(x) ? x.toFixed(d) : String(x));
const paramsText = (p: Readonly<Record<string, unknown>>): string =>
  Object.entries(p)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');

function table(rows: readonly SweepRow[], by: string): string {
  const head = ['#', 'params', by, 'return', 'sharpe', 'max dd', 'trades'];
  const body = rows.map((r, i) => {
    const m = r.metrics;
    return [String(i + 1), paramsText(r.params), fmt(m?.[by as keyof NonNullable<SweepRow['metrics']>]), fmt(m?.totalReturn), fmt(m?.sharpe), fmt(m?.maxDrawdown), m ? String(m.trades) : '-'];
  });
  const w = head.map((h, c) => Math.max(h.length, ...body.map((row) => row[c]!.length)));
  return [head, ...body].map((row) => row.map((cell, c) => cell.padEnd(w[c]!)).join('  ').trimEnd()).join('\n');
}

export function registerSweepCommand(program: Command, ctx: CliContext): void {
  program
    .command('sweep')
    .description('run a parameter grid (optionally walk-forward) on worker threads and rank the combinations')
    .requiredOption('--strategy <name>', 'strategy name (see strategies/)')
    .requiredOption('--symbols <list>', 'comma-separated NSE symbols')
    .requiredOption('--grid <name=values...>', 'parameter grid: fast=5..20:5 (range:step) slow=20,30,50 (list)')
    .option('--from <date>', 'first IST date, YYYY-MM-DD')
    .option('--to <date>', 'last IST date, YYYY-MM-DD')
    .option('--interval <interval>', 'bar interval', 'day')
    .option('--data <source>', 'a directory of <SYMBOL>.csv files, or "synthetic"', 'synthetic')
    .option('--params <k=v...>', 'fixed strategy parameters', [])
    .option('--walk-forward <in=N,out=M>', 'walk-forward: in-sample and out-of-sample bars per window')
    .option('--rank <metric>', 'sharpe | sortino | cagr | totalReturn | calmar | profitFactor | winRate | finalEquity | maxDrawdown', 'sharpe')
    .option('--workers <n>', 'worker threads (default: every core)')
    .option('--top <n>', 'how many combinations to show', '10')
    .option('--costs <model>', 'zerodha | none | bps:<n>', 'zerodha')
    .option('--cash <rupees>', 'starting cash', '1000000')
    .option('--seed <n>', 'seed of the synthetic market', '42')
    .option('--json', 'print the result as JSON on stdout')
    .action(async (o: SweepOptions) => {
      process.exitCode = await runSweepCommand(o, ctx);
    });
}

export async function runSweepCommand(o: SweepOptions, ctx: CliContext): Promise<number> {
  const fail = (message: string, code = EXIT_CONFIG): number => {
    ctx.stderr(message);
    return code;
  };
  const grid = parseGrid(o.grid.flatMap((g) => g.split(/\s+/).filter(Boolean)));
  if (!grid.ok) return fail(grid.error);
  const by = parseRankMetric(o.rank);
  if (!by.ok) return fail(by.error);
  const top = Number(o.top);
  if (!Number.isInteger(top) || top < 1) return fail(`--top must be a whole number ≥ 1, got ${o.top}.`);
  const workers = o.workers === undefined ? undefined : Number(o.workers);
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1)) return fail(`--workers must be a whole number ≥ 1, got ${o.workers}.`);
  const wf = o.walkForward ? parseWalkForward(o.walkForward) : undefined;
  if (wf && !wf.ok) return fail(wf.error);
  const params = parseParams(o.params);
  if (typeof params === 'string') return fail(params);
  const symbols = o.symbols.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
  const req = buildRequest({ strategy: o.strategy, symbols, interval: o.interval as Interval, ...(o.from ? { from: o.from } : {}), ...(o.to ? { to: o.to } : {}), params, costs: o.costs, cash: o.cash });
  if (!req.ok) return fail(req.error);
  const reg = discoverStrategies(STRATEGIES_DIR);
  if (!reg.ok) return fail(reg.error, EXIT_FAILURE);
  // What every combination shares, checked once before the bars are loaded (prepare.ts).
  const checked = checkShared(req.value, reg.value);
  if (!checked.ok) return fail(checked.error);
  const source = o.data === 'synthetic' || o.data === 'kite' ? o.data : resolve(ctx.cwd, o.data);
  const data = await loadBacktestData({ source, symbols, interval: req.value.interval, ...(o.from ? { from: o.from } : {}), ...(o.to ? { to: o.to } : {}), seed: Number(o.seed) });
  if (!data.ok) return fail(data.error);
  const combos = combinations(grid.value);
  const bar = progressBar(ctx);
  const pool = { strategiesDir: STRATEGIES_DIR, strategies: reg.value, ...(workers ? { workers } : {}), ...(o.json ? {} : { onProgress: (d: number, t: number) => bar(d / t, `${d}/${t} combinations`) }) };

  if (wf?.ok) {
    const windows = await walkForward(req.value, combos, data.value, { ...pool, ...wf.value, rankBy: by.value });
    if (!windows.ok) return fail(windows.error);
    if (o.json) {
      ctx.stdout(JSON.stringify({ rankBy: by.value, combinations: combos.length, windows: windows.value.map((w) => ({ ...w, best: rowToJson(w.best), outOfSampleMetrics: w.outOfSampleMetrics ? metricsToJson(w.outOfSampleMetrics as Metrics) : null })) }));
    } else {
      ctx.stdout(`Walk-forward ${o.strategy} on ${symbols.join(', ')}: ${windows.value.length} windows, ${combos.length} combinations fitted by ${by.value}`);
      for (const w of windows.value) {
        const m = w.outOfSampleMetrics;
        ctx.stdout(`in ${w.inSample.from} → ${w.inSample.to}: ${paramsText(w.best.params)} (${by.value} ${fmt(w.best.metrics?.[by.value])}) | out ${w.outOfSample.from} → ${w.outOfSample.to}: return ${fmt(m?.totalReturn)}, sharpe ${fmt(m?.sharpe)}, trades ${m?.trades ?? '-'}`);
      }
    }
    return EXIT_OK;
  }

  const rows = await runSweep(checked.value, combos, data.value, pool);
  const ranked = rank(rows, by.value);
  const skipped = ranked.filter((r) => r.metrics === null);
  const ran = ranked.filter((r) => r.metrics !== null);
  if (ran.length === 0) return fail(`No parameter combination could run: ${skipped[0]?.error ?? 'the grid is empty'}`);
  if (o.json) {
    ctx.stdout(JSON.stringify({ rankBy: by.value, combinations: combos.length, skipped: skipped.length, rows: ran.slice(0, top).map(rowToJson) }));
  } else {
    ctx.stdout(`Sweep ${o.strategy} on ${symbols.join(', ')}${data.value.synthetic ? ' (SYNTHETIC DATA)' : ''}: best ${Math.min(top, ran.length)} of ${combos.length} by ${by.value}${skipped.length ? `, ${skipped.length} skipped (rejected by the strategy)` : ''}`);
    ctx.stdout(table(ran.slice(0, top), by.value));
  }
  return EXIT_OK;
}
