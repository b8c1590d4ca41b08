/**
 * runBacktest: the kernel with preloaded history on the trading stack every mode shares (backtestStack.ts: order
 * pipeline, risk engine, simulated broker, position book; its clock is the bars' own times) and the sizing the
 * request names; then the trade list, the equity/drawdown series, the refusals and the metrics.
 *
 * Instances: a 'multi' strategy (or any strategy on one symbol) runs as ONE instance over every
 * symbol with shared cash; a 'single' strategy on N symbols runs as N instances with cash / N each.
 * Signals decided on a bar's close are sized and filled at the next bar's open (the kernel's
 * 'next-open' rule); equity is marked at each close; a position open at the end is marked at the
 * last close and listed as an open trade.
 */
import { cashBufferBps } from '../risk/cashBuffer';
import { NseCalendar } from '../calendar/nseCalendar';
import { istMidnight, istTime } from '../calendar/ist';
import type { BarSeries } from '../core/barSeries';
import { parseCostModel } from '../core/costs/costModelSpec';
import { strategyInstanceId } from '../core/ids';
import { err, ok, type Result } from '../core/result';
import type { Strategy } from '../core/strategy';
import { ZERO_CHARGES } from '../core/costs/types';
import type { StrategyRegistry } from '../engine/strategyRegistry';
import { computeMetrics, drawdownSeries } from '../analytics';
import { backtestStack } from './backtestStack';
import { EquityRecorder } from './equityRecorder';
import { FillTotals } from './fillTotals';
import { dataFingerprint, ENGINE_VERSION, resultKey } from './resultKey';
import { exitReasonOf, TradeBook } from './tradeBook';
import type { BacktestProgressFn, BacktestSpec, BacktestResult, FillRecord } from './types';

export interface BacktestData {
  /** Bars per symbol (at least every requested symbol). */
  readonly series: ReadonlyMap<string, BarSeries>;
  readonly synthetic: boolean;
  /** Buy-and-hold benchmark (e.g. NIFTY 50 closes). */
  readonly benchmark?: { readonly name: string; readonly series: BarSeries };
}

export interface RunOptions {
  readonly strategies: Pick<StrategyRegistry, 'get' | 'validate'>;
  readonly onProgress?: BacktestProgressFn;
  readonly calendar?: NseCalendar;
  /** Told of every execution as it happens (the trade list merges a position's fills). */
  readonly onFill?: (fill: FillRecord) => void;
}

const DAY_MS = 86_400_000;
const MAX_WARNINGS = 20;
let sharedCalendar: NseCalendar | undefined;

export function runBacktest(request: BacktestSpec, data: BacktestData, options: RunOptions): Result<BacktestResult, string> {
  const found = options.strategies.get(request.strategy);
  if (!found.ok) return found;
  const strategy = found.value;
  const params = options.strategies.validate(request.strategy, request.params);
  if (!params.ok) return params;
  const costs = parseCostModel(request.costs);
  if (!costs.ok) return costs;
  const problem = checkRequest(request);
  if (problem) return err(problem);
  const sliced = sliceAll(request, data.series);
  if (!sliced.ok) return sliced;
  const series = sliced.value;
  const benchmark = data.benchmark ? inSpan(data.benchmark.series, series) : undefined;
  const fingerprint = dataFingerprint(series, benchmark);
  const req: BacktestSpec = { ...request, params: params.value };

  const warnings = new Set<string>();
  const warn = (m: string): void => {
    if (warnings.size < MAX_WARNINGS) warnings.add(m.endsWith('.') ? m : `${m}.`);
  };
  const trades = new TradeBook();
  const fills = new FillTotals();
  const calendar = options.calendar ?? (sharedCalendar ??= new NseCalendar());
  const stack = backtestStack({ request, costs: costs.value, calendar, cashBufferBps: bufferFor(request, series), warn });
  const { kernel, events } = stack;
  const refusals = new Map<string, number>();
  events.on('order-filled', (e) => {
    const fill = e.fill;
    const charges = fill.breakdown ?? ZERO_CHARGES;
    fills.add(fill.quantity, fill.price, charges);
    const source = e.order?.intent.source;
    const exit = source?.kind === 'risk' ? exitReasonOf(source.rule) : undefined;
    const record: FillRecord = { symbol: fill.symbol, side: fill.side, quantity: fill.quantity, price: fill.price, time: fill.time, charges, reason: exit ?? e.order?.intent.reason ?? '', exit };
    trades.handleFill(record);
    options.onFill?.(record);
  });
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
  const recorder = new EquityRecorder(steps, options.onProgress ? (x) => options.onProgress!(x, 'simulating') : undefined);
  for (let k = 0; k < groups.length; k++) {
    const added = kernel.addInstance({
      id: strategyInstanceId(`bt${k}`),
      strategy: strategy as Strategy,
      params: params.value,
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
  options.onProgress?.(1, 'computing metrics');

  const bySymbol = new Map(series.map((s) => [s.symbol, s]));
  trades.finish((symbol) => {
    const s = bySymbol.get(symbol)!;
    return { time: s.time[s.length - 1]!, close: s.close[s.length - 1]! };
  });
  // The recorder's arrays belong to this run: views, not copies.
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
    ...(benchmark ? { benchmark: { time: benchmark.time.subarray(0, benchmark.length), close: benchmark.close.subarray(0, benchmark.length) } } : {}),
    options: { riskFreeRate: request.riskFreeRate },
  });
  return ok({
    key: resultKey(req, fingerprint),
    engineVersion: ENGINE_VERSION,
    request: req,
    dataFingerprint: fingerprint,
    synthetic: data.synthetic,
    bars: series.reduce((a, s) => a + s.length, 0),
    metrics,
    trades: trades.trades,
    fills: fills.count,
    refusals: Object.fromEntries([...refusals].sort(([a], [b]) => (a < b ? -1 : 1))),
    series: seriesOf(time, equity),
    benchmark: benchmark && data.benchmark ? data.benchmark.name : null,
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

/** The request key without running (for a cache lookup before the run). */
export function requestKey(request: BacktestSpec, data: BacktestData, strategies: Pick<StrategyRegistry, 'validate'>): Result<string, string> {
  const params = strategies.validate(request.strategy, request.params);
  if (!params.ok) return params;
  const sliced = sliceAll(request, data.series);
  if (!sliced.ok) return sliced;
  const benchmark = data.benchmark ? inSpan(data.benchmark.series, sliced.value) : undefined;
  return ok(resultKey({ ...request, params: params.value }, dataFingerprint(sliced.value, benchmark)));
}

function checkRequest(r: BacktestSpec): string | undefined {
  if (r.symbols.length === 0) return 'A backtest needs at least one symbol; give --symbols.';
  if (!(r.cash > 0) || !Number.isFinite(r.cash)) return `The starting cash must be a positive amount of rupees, got ${r.cash}.`;
  if (r.allowShort && r.product !== 'MIS') return 'Shorting is allowed only for MIS (intraday) positions; use the MIS product or stay long-only.';
  if (r.from && r.to && r.from > r.to) return `The start date ${r.from} is after the end date ${r.to}; swap them.`;
  const f = r.fills;
  if (!(f.slippageBps >= 0) || !(f.participation >= 0 && f.participation <= 1) || !(f.tickSize >= 0)) {
    return 'Fill settings are invalid: slippage must be ≥ 0 bps, participation between 0 and 1 and the tick size ≥ 0.';
  }
  return undefined;
}

function inRange(s: BarSeries, r: BacktestSpec): BarSeries {
  const a = r.from ? s.lowerBound(istTime(r.from)) : 0;
  const b = r.to ? s.lowerBound(istTime(r.to) + DAY_MS) : s.length;
  // The whole series stays the same object (its fingerprint is cached).
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

/**
 * The benchmark over the backtest's own span: the IST days from the first bar of any series to the
 * last (not the whole index file, which may start years earlier: issue #15, item 5).
 */
function inSpan(b: BarSeries, series: readonly BarSeries[]): BarSeries {
  let first = Infinity;
  let last = -Infinity;
  for (const s of series) {
    first = Math.min(first, s.time[0]!);
    last = Math.max(last, s.time[s.length - 1]!);
  }
  const a = b.lowerBound(istMidnight(first));
  const z = b.lowerBound(istMidnight(last) + DAY_MS);
  return a === 0 && z === b.length ? b : b.slice(a, z);
}

function sliceAll(r: BacktestSpec, all: ReadonlyMap<string, BarSeries>): Result<BarSeries[], string> {
  const out: BarSeries[] = [];
  for (const symbol of r.symbols) {
    const s = all.get(symbol);
    if (!s) return err(`There are no bars for ${symbol}; load its data first.`);
    if (s.interval !== r.interval) return err(`The bars of ${symbol} are ${s.interval}, not ${r.interval}; pick --interval ${s.interval} or other data.`);
    const v = inRange(s, r);
    if (v.length === 0) return err(`There are no ${symbol} bars between ${r.from ?? 'the start'} and ${r.to ?? 'the end'}; widen the dates.`);
    out.push(v);
  }
  return ok(out);
}

/** Distinct bar times across the series (the kernel's steps). */
function countSteps(series: readonly BarSeries[]): number {
  const times = new Set<number>();
  for (const s of series) for (let i = 0; i < s.length; i++) times.add(s.time[i]!);
  return times.size;
}

/** The cash buffer of risk/cashBuffer.ts for this request, the tick term at the lowest low in the data. */
function bufferFor(r: BacktestSpec, series: readonly BarSeries[]): number {
  let low = Infinity;
  if (r.fills.tickSize > 0 && r.fills.slippageBps > 0) for (const s of series) for (let i = 0; i < s.length; i++) if (s.low[i]! < low) low = s.low[i]!;
  return cashBufferBps({ costs: r.costs, slippageBps: r.fills.slippageBps, tickSize: r.fills.tickSize, ...(low < Infinity ? { lowestPrice: low } : {}) });
}
