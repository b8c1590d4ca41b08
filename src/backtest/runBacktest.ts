/**
 * runPrepared: a prepared backtest (prepare.ts: checked once, cut to its bars, keyed) on the kernel with preloaded
 * history on the trading stack every mode shares (backtestStack.ts: order pipeline, risk engine, simulated broker,
 * position book; its clock is the bars' own times) and the sizing the request names; then the trade list, the
 * equity/drawdown series, the refusals and the metrics. runBacktest = prepareBacktest + runPrepared.
 *
 * Instances: a 'multi' strategy (or any strategy on one symbol) runs as ONE instance over every
 * symbol with shared cash; a 'single' strategy on N symbols runs as N instances with cash / N each.
 * Signals decided on a bar's close are sized and filled at the next bar's open (the kernel's
 * 'next-open' rule); equity is marked at each close; a position open at the end is marked at the
 * last close and listed as an open trade.
 */
import { cashBufferBps } from '../risk/cashBuffer';
import { NseCalendar } from '../calendar/nseCalendar';
import type { BarSeries } from '../core/barSeries';
import { strategyInstanceId } from '../core/ids';
import { ok, type Result } from '../core/result';
import type { CostModel } from '../core/costs/types';
import { computeMetrics, drawdownSeries } from '../analytics';
import { backtestStack } from './backtestStack';
import { closeTimes } from './closeTimes';
import { EquityRecorder } from './equityRecorder';
import { FillRecorder } from './fillRecorder';
import { FillTotals } from './fillTotals';
import { keepUntilNextRun } from './lastRunKept';
import { prepareBacktest, type BacktestData, type PreparedBacktest, type StrategySource } from './prepare';
import { ENGINE_VERSION } from './resultKey';
import { TradeBook } from './tradeBook';
import type { BacktestProgressFn, BacktestSpec, BacktestResult, FillRecord } from './types';

export type { BacktestData } from './prepare';

/** How a prepared backtest runs (what it is was settled by `prepareBacktest`). */
export interface RunPreparedOptions {
  readonly onProgress?: BacktestProgressFn;
  readonly calendar?: NseCalendar;
  /** Told of every execution as it happens (the trade list merges a position's fills). */
  readonly onFill?: (fill: FillRecord) => void;
}

export interface RunOptions extends RunPreparedOptions {
  readonly strategies: StrategySource;
}

const MAX_WARNINGS = 20;
let sharedCalendar: NseCalendar | undefined;

/** A request and its bars, checked (prepare.ts) and run: for callers holding only a spec (CLI, sweeps, tests). */
export function runBacktest(request: BacktestSpec, data: BacktestData, options: RunOptions): Result<BacktestResult, string> {
  const prepared = prepareBacktest(request, data, options.strategies);
  return prepared.ok ? runPrepared(prepared.value, options) : prepared;
}

/** Runs a prepared backtest: nothing about the request is checked again. */
export function runPrepared(prepared: PreparedBacktest, options: RunPreparedOptions): Result<BacktestResult, string> {
  const { spec: request, strategy, params, costs, series, benchmark } = prepared;
  const warnings = new Set<string>();
  const warn = (m: string): void => {
    if (warnings.size < MAX_WARNINGS) warnings.add(m.endsWith('.') ? m : `${m}.`);
  };
  const trades = new TradeBook();
  const fills = new FillTotals();
  const calendar = options.calendar ?? (sharedCalendar ??= new NseCalendar());
  const stack = backtestStack({ request, costs, calendar, cashBufferBps: bufferFor(request, costs, series), warn });
  const { kernel, events } = stack;
  const refusals = new Map<string, number>();
  const fillRecorder = new FillRecorder(fills, trades, options.onFill);
  events.on('order-filled', (e) => fillRecorder.handle(e));
  events.on('risk-denied', (e) => {
    const rule = e.rule ?? 'risk';
    refusals.set(rule, (refusals.get(rule) ?? 0) + 1);
    warn(`An order for ${e.intent.symbol} was refused (${rule}): ${e.reason}`);
  });
  events.on('order-rejected', (e) => warn(e.message));
  events.on('alert', (e) => {
    if (e.level !== 'info') warn(e.message);
  });
  for (const s of series) kernel.preload(s);

  const groups = strategy.universe === 'multi' || series.length === 1 ? [series.map((s) => s.symbol)] : series.map((s) => [s.symbol]);
  const capital = request.cash / groups.length;
  const steps = series.length === 1 ? series[0]!.length : countSteps(series);
  // One series: a step per bar, at its close (the series' close times, shared by every run on it).
  const recorder = new EquityRecorder(steps, options.onProgress ? (x) => options.onProgress!(x, 'simulating') : undefined, series.length === 1 ? closeTimes(series[0]!) : undefined);
  for (let k = 0; k < groups.length; k++) {
    const added = kernel.addInstance({
      id: strategyInstanceId(`bt${k}`),
      strategy,
      params,
      symbols: groups[k]!,
      capital,
      allowShort: request.allowShort,
      product: request.product,
    });
    if (!added.ok) return added;
  }
  recorder.watch(kernel.allInstances().map((rt) => rt.ledger));
  kernel.stepObserver = recorder;
  kernel.run();
  kernel.release();
  // The compiled hot path depends on these objects' hidden classes: they stay alive until the next run (lastRunKept.ts).
  keepUntilNextRun([stack, trades, fills, recorder, fillRecorder]);
  options.onProgress?.(1, 'computing metrics');

  const bySymbol = new Map(series.map((s) => [s.symbol, s]));
  trades.finish((symbol) => {
    const s = bySymbol.get(symbol)!;
    return { time: s.time[s.length - 1]!, close: s.close[s.length - 1]! };
  });
  // Views, not copies: the recorder's arrays belong to this run (the times of a one-series run are the series' close times).
  const time = recorder.time.subarray(0, recorder.n);
  const equity = recorder.equity.subarray(0, recorder.n);
  const inMarket = recorder.inMarket.subarray(0, recorder.n);
  const metrics = computeMetrics({
    curve: { time, equity },
    trades: trades.trades,
    initialEquity: request.cash,
    fills: fills.asFillValues(),
    inMarket,
    daily: recorder.daily(),
    ...(benchmark ? { benchmark: { time: benchmark.series.time.subarray(0, benchmark.series.length), close: benchmark.series.close.subarray(0, benchmark.series.length) } } : {}),
    options: { riskFreeRate: request.riskFreeRate },
  });
  return ok({
    key: prepared.key,
    engineVersion: ENGINE_VERSION,
    request,
    dataFingerprint: prepared.fingerprint,
    synthetic: prepared.synthetic,
    bars: series.reduce((a, s) => a + s.length, 0),
    metrics,
    trades: trades.trades,
    fills: fills.count,
    refusals: Object.fromEntries([...refusals].sort(([a], [b]) => (a < b ? -1 : 1))),
    series: seriesOf(time, equity),
    benchmark: benchmark ? benchmark.name : null,
    warnings: [...warnings],
  });
}

/** The run's series; the drawdown series (a full-length pass and array) is computed on first read. */
function seriesOf(time: Float64Array, equity: Float64Array): BacktestResult['series'] {
  let drawdown: Float64Array | undefined;
  return {
    time,
    equity,
    get drawdown(): Float64Array {
      return (drawdown ??= drawdownSeries(equity));
    },
  };
}

/** Distinct bar times across the series (the kernel's steps). */
function countSteps(series: readonly BarSeries[]): number {
  const times = new Set<number>();
  for (const s of series) for (let i = 0; i < s.length; i++) times.add(s.time[i]!);
  return times.size;
}

/** The cash buffer of risk/cashBuffer.ts for this request and its parsed cost model, the tick term at the lowest low in the data. */
function bufferFor(r: BacktestSpec, costs: CostModel, series: readonly BarSeries[]): number {
  let low = Infinity;
  if (r.fills.tickSize > 0 && r.fills.slippageBps > 0) for (const s of series) for (let i = 0; i < s.length; i++) if (s.low[i]! < low) low = s.low[i]!;
  return cashBufferBps({ costs, slippageBps: r.fills.slippageBps, tickSize: r.fills.tickSize, ...(low < Infinity ? { lowestPrice: low } : {}) });
}
