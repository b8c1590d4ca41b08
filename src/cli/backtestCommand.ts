/**
 * `autoppm backtest`: loads bars (a CSV directory or the seeded synthetic market), runs the strategy,
 * prints the one result card of chat and jobs (src/services/backtestCard.ts, as text; its chart is equity.png in
 * --out) followed by the figures only the command line shows (detailedFigures), or, with --json, the whole result
 * as JSON on stdout; and writes the chart, trades CSV, the printed text and JSON to --out. Progress goes to stderr
 * on long runs.
 */
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { loadBacktestData } from '../backtest/dataSource';
import { checkSpec, prepareChecked } from '../backtest/prepare';
import { buildRequest } from '../backtest/request';
import { detailedFigures, resultToJson, writeReports } from '../backtest/reports';
import { runPrepared } from '../backtest/runBacktest';
import type { Interval } from '../core/interval';
import { err, ok, type Result } from '../core/result';
import { riskLimitsFromPercent, type RiskLimits } from '../risk/riskLimits';
import { discoverStrategies } from '../strategyLoader/discoverStrategies';
import type { KiteBarsSource } from '../backtest/kiteData';
import { secretValues } from '../config';
import { createLogger } from '../log/logger';
import { SecretScrubber } from '../log/secretScrubber';
import { EXIT_CONFIG, EXIT_FAILURE, EXIT_OK, type CliContext, type GlobalOptions } from './context';
import { openKiteBarsSource } from './kiteBarsSource';
import { loadCliConfig } from './loadCliConfig';
import { replyText } from './replyText';
import { backtestCard } from '../services/backtestCard';
import { backtestSummary } from '../services/backtestSummary';

export const STRATEGIES_DIR = join(__dirname, '..', '..', 'strategies');

interface BacktestOptions {
  strategy: string;
  symbols: string;
  from?: string;
  to?: string;
  interval: string;
  data: string;
  params: string[];
  costs: string;
  sizing: string;
  cash: string;
  product: string;
  short?: boolean;
  slippage: string;
  participation: string;
  takeProfitFirst?: boolean;
  benchmark?: string;
  seed: string;
  out?: string;
  json?: boolean;
  risk: string;
}

/** `k=v` pairs → a record (values stay strings; the strategy's schema converts and checks them). */
export function parseParams(pairs: readonly string[]): Record<string, string> | string {
  const out: Record<string, string> = {};
  for (const p of pairs) {
    for (const item of p.split(/\s+/).filter(Boolean)) {
      const eq = item.indexOf('=');
      if (eq <= 0) return `Parameter "${item}" is not name=value; write e.g. --params fast=10 slow=30.`;
      out[item.slice(0, eq)] = item.slice(eq + 1);
    }
  }
  return out;
}

/** A progress bar on stderr, redrawn at most every whole percent. */
export function progressBar(ctx: CliContext): (fraction: number, note: string) => void {
  let shown = -1;
  return (fraction, note) => {
    const p = Math.floor(Math.max(0, Math.min(1, fraction)) * 100);
    if (p === shown) return;
    shown = p;
    const filled = Math.round(p / 5);
    ctx.stderr(`[${'#'.repeat(filled)}${'.'.repeat(20 - filled)}] ${String(p).padStart(3)}% ${note}`);
  };
}

export function registerBacktestCommand(program: Command, ctx: CliContext): void {
  program
    .command('backtest')
    .description('backtest a strategy on CSV or synthetic bars; prints the metrics and writes chart, trades CSV and JSON')
    .requiredOption('--strategy <name>', 'strategy name (see strategies/)')
    .requiredOption('--symbols <list>', 'comma-separated NSE symbols, e.g. RELIANCE,TCS')
    .option('--from <date>', 'first IST date, YYYY-MM-DD')
    .option('--to <date>', 'last IST date, YYYY-MM-DD')
    .option('--interval <interval>', 'bar interval: 1m 3m 5m 10m 15m 30m 60m day', 'day')
    .option('--data <source>', 'a directory of <SYMBOL>.csv files, "synthetic", or "kite" (Kite historical data through the MongoDB candle cache; needs a stored Kite session)', 'synthetic')
    .option('--params <k=v...>', 'strategy parameters', [])
    .option('--costs <model>', 'zerodha | none | bps:<n>', 'zerodha')
    .option('--sizing <rule>', 'all | pct:<n> | kelly | risk:<n> | fixed:<shares>', 'all')
    .option('--cash <rupees>', 'starting cash', '1000000')
    .option('--product <product>', 'CNC (delivery) or MIS (intraday, squared off at 15:20)', 'CNC')
    .option('--short', 'allow short positions (MIS only)')
    .option('--slippage <bps>', 'slippage of market and stop fills, basis points', '0')
    .option('--participation <fraction>', 'largest share of a bar\'s volume one order may take (0 = no cap)', '0')
    .option('--take-profit-first', 'when a bar touches both the stop and the take-profit, assume the take-profit first')
    .option('--benchmark <csv>', 'benchmark CSV (default: NIFTY50.csv next to the data, or a synthetic index)')
    .option('--seed <n>', 'seed of the synthetic market', '42')
    .option('--risk <limits>', 'pre-trade limits: none (only the holdings and cash rules) or config (the bot\'s RISK_* limits from the environment / .env); refused orders are counted in the report', 'none')
    .option('--out <dir>', 'write metrics.txt (the printed card and figures), trades.csv, result.json and equity.png here')
    .option('--json', 'print the whole result as JSON on stdout')
    .action(async (_o: BacktestOptions, command: Command) => {
      process.exitCode = await runBacktestCommand(command.optsWithGlobals<BacktestOptions & GlobalOptions>(), ctx);
    });
}

/** The Kite bars source for `--data kite` (config from the environment / .env), closed after the run. */
async function withKiteSource<T>(ctx: CliContext, o: GlobalOptions, use: (source: KiteBarsSource) => Promise<T>): Promise<T | string> {
  const config = loadCliConfig(ctx, o);
  if (!config.ok) return config.error;
  const scrubber = new SecretScrubber(secretValues(config.value));
  const logger = createLogger({ level: 'warn', format: 'json', scrubber, destination: process.stderr });
  const opened = await openKiteBarsSource(config.value, logger);
  if (!opened.ok) return scrubber.scrub(opened.error);
  try {
    return await use(opened.value.source);
  } finally {
    await opened.value.close();
  }
}

/** `--risk`: none, or the bot's configured limits (the same ones paper and live trade under). */
function riskLimitsOption(o: BacktestOptions & GlobalOptions, ctx: CliContext): Result<RiskLimits | undefined, string> {
  if (o.risk === 'none') return ok(undefined);
  if (o.risk !== 'config') return err(`--risk must be none or config, not "${o.risk}".`);
  const config = loadCliConfig(ctx, o);
  if (!config.ok) return config;
  return riskLimitsFromPercent(config.value.risk);
}

async function runBacktestCommand(o: BacktestOptions & GlobalOptions, ctx: CliContext): Promise<number> {
  const params = parseParams(o.params);
  if (typeof params === 'string') return fail(ctx, params, EXIT_CONFIG);
  const riskLimits = riskLimitsOption(o, ctx);
  if (!riskLimits.ok) return fail(ctx, riskLimits.error, EXIT_CONFIG);
  const symbols = o.symbols.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
  const req = buildRequest({
    strategy: o.strategy,
    symbols,
    interval: o.interval as Interval,
    ...(o.from ? { from: o.from } : {}),
    ...(o.to ? { to: o.to } : {}),
    params,
    cash: o.cash,
    costs: o.costs,
    sizing: o.sizing,
    product: o.product.toUpperCase() as 'CNC' | 'MIS',
    allowShort: o.short === true,
    slippageBps: o.slippage,
    participation: o.participation,
    bothTouched: o.takeProfitFirst ? 'take-profit-first' : 'stop-first',
    ...(riskLimits.value ? { riskLimits: riskLimits.value } : {}),
  });
  if (!req.ok) return fail(ctx, req.error, EXIT_CONFIG);
  const reg = discoverStrategies(STRATEGIES_DIR);
  if (!reg.ok) return fail(ctx, reg.error, EXIT_FAILURE);
  // Checked once, before any bar is loaded (prepare.ts); the bars are checked when they come.
  const checked = checkSpec(req.value, reg.value);
  if (!checked.ok) return fail(ctx, checked.error, EXIT_CONFIG);
  const source = o.data === 'synthetic' || o.data === 'kite' ? o.data : resolve(ctx.cwd, o.data);
  const spec = {
    source,
    symbols,
    interval: req.value.interval,
    ...(o.from ? { from: o.from } : {}),
    ...(o.to ? { to: o.to } : {}),
    ...(o.benchmark ? { benchmark: resolve(ctx.cwd, o.benchmark) } : {}),
    seed: Number(o.seed),
  };
  const data = source === 'kite' ? await withKiteSource(ctx, o, (kite) => loadBacktestData({ ...spec, kite })) : await loadBacktestData(spec);
  if (typeof data === 'string') return fail(ctx, data, EXIT_CONFIG);
  if (!data.ok) return fail(ctx, data.error, EXIT_CONFIG);
  const bars = [...data.value.series.values()].reduce((a, s) => a + s.length, 0);
  const prepared = prepareChecked(checked.value, data.value);
  if (!prepared.ok) return fail(ctx, prepared.error, EXIT_CONFIG);
  const r = runPrepared(prepared.value, bars > 200_000 ? { onProgress: progressBar(ctx) } : {});
  if (!r.ok) return fail(ctx, r.error, EXIT_CONFIG);
  if (o.json) ctx.stdout(JSON.stringify(resultToJson(r.value)));
  if (o.json && !o.out) return EXIT_OK;
  const out = o.out ? resolve(ctx.cwd, o.out) : undefined;
  const summary = backtestSummary(r.value, prepared.value.benchmark ? { benchmark: prepared.value.benchmark.series } : {});
  const chartAt = out ? `saved to ${join(out, 'equity.png')}` : 'not saved (--out <dir> writes it as equity.png)';
  const text = `${await replyText(backtestCard(summary, params), chartAt)}\n\n${detailedFigures(r.value)}`;
  if (!o.json) ctx.stdout(text);
  if (out) {
    const paths = await writeReports(r.value, out, { text, chart: summary.chartPng });
    ctx.stderr(`Wrote ${paths.join(', ')}`);
  }
  return EXIT_OK;
}

function fail(ctx: CliContext, message: string, code: number): number {
  ctx.stderr(message);
  return code;
}
