/**
 * The one road a backtest request takes before it runs: every fact about it is checked here exactly once per run,
 * and what comes out is a typed value the rest of the run takes as it is (no one downstream checks again).
 *
 * - `checkSpec` — what needs no bars: the strategy is known, its parameters validate (into their typed value),
 *   the cost model parses, the request's own rules hold (cash, shorting, dates, fill settings).
 * - `prepareChecked` — with the bars: every symbol has bars of the interval in the range (sliced), the benchmark is
 *   cut to the run's span (the one cut: the metrics and the chart, reports.ts, both take it), the data fingerprint
 *   and the result key (the cache's key) are computed.
 * - `prepareBacktest` — both, for callers that hold a spec and its bars (the CLI, tests).
 * - `checkShared` / `prepareSweep` / `prepareCombination` — a sweep's shared part once (all of the above but the
 *   parameters: every combination has the same strategy, cost model, rules and bars; `checkShared` before the bars
 *   are loaded, `prepareSweep` with them), then each combination's parameters alone (the request's own parameters
 *   are never checked by themselves: a combination may override what makes them invalid).
 *
 * Boundary rule: parse at each boundary, check once per run. A request crossing a boundary is parsed there (REST
 * bodies and queued job data by zod, services/api/researchRequest.ts; a person's input by `buildRequest`); the
 * queue-time check (BacktestService.check) is its own moment — the run may come in another process on another day —
 * so a run checks again, once, here. Within a run, a PreparedBacktest is the proof that it was checked.
 */
import { istMidnight, istTime } from '../calendar/ist';
import type { BarSeries } from '../core/barSeries';
import { parseCostModel } from '../core/costs/costModelSpec';
import type { CostModel } from '../core/costs/types';
import { err, ok, type Result } from '../core/result';
import type { Params, Strategy } from '../core/strategy';
import type { StrategyRegistry } from '../engine/strategyRegistry';
import { dataFingerprint, resultKey } from './resultKey';
import type { BacktestSpec } from './types';

export interface BacktestData {
  /** Bars per symbol (at least every requested symbol). */
  readonly series: ReadonlyMap<string, BarSeries>;
  readonly synthetic: boolean;
  /** Buy-and-hold benchmark (e.g. NIFTY 50 closes). */
  readonly benchmark?: { readonly name: string; readonly series: BarSeries };
}

/** Where the strategies and their parameter validation come from (the registry). */
export type StrategySource = Pick<StrategyRegistry, 'get' | 'validate'>;

/** A request whose data-free facts are checked, except its parameters: what a sweep's combinations share. */
export interface CheckedShared {
  /** The request; its parameters as asked until they are validated (CheckedSpec). */
  readonly spec: BacktestSpec;
  readonly strategy: Strategy;
  /** The parsed cost model (stateless: each run keeps its own charge book, backtestStack.ts). */
  readonly costs: CostModel;
}

/** A request whose data-free facts are checked. */
export interface CheckedSpec extends CheckedShared {
  /** `spec` has its parameters as validated (defaults filled, strings converted): what the result records. */
  readonly params: Params;
}

/** The bars of a request, cut. */
interface CutBars {
  /** The requested symbols' bars within from → to, in the request's order. */
  readonly series: readonly BarSeries[];
  /** The benchmark cut to the run's own span. */
  readonly benchmark?: { readonly name: string; readonly series: BarSeries };
  readonly synthetic: boolean;
  readonly fingerprint: string;
}

/** A request checked and cut to its bars: what `runPrepared` runs and the results cache keys on. */
export interface PreparedBacktest extends CheckedSpec, CutBars {
  /** The result key (resultKey.ts): identical requests on identical bars share it. */
  readonly key: string;
}

/** What every combination of a sweep shares: its request checked but for the parameters, and cut to its bars. */
export interface PreparedSweep extends CheckedShared, CutBars {}

const DAY_MS = 86_400_000;

/** In this order: the strategy is known, its parameters validate, the cost model parses, the request's rules hold. */
export function checkSpec(request: BacktestSpec, strategies: StrategySource): Result<CheckedSpec, string> {
  const found = strategies.get(request.strategy);
  if (!found.ok) return found;
  const params = strategies.validate(request.strategy, request.params);
  if (!params.ok) return params;
  const costs = costsAndRules(request);
  return costs.ok ? ok({ spec: { ...request, params: params.value }, strategy: found.value, params: params.value, costs: costs.value }) : costs;
}

export function prepareChecked(checked: CheckedSpec, data: BacktestData): Result<PreparedBacktest, string> {
  const bars = cutBars(checked.spec, data);
  return bars.ok ? ok({ ...checked, ...bars.value, key: resultKey(checked.spec, bars.value.fingerprint) }) : bars;
}

export function prepareBacktest(request: BacktestSpec, data: BacktestData, strategies: StrategySource): Result<PreparedBacktest, string> {
  const checked = checkSpec(request, strategies);
  return checked.ok ? prepareChecked(checked.value, data) : checked;
}

/** A sweep's shared part with its bars, once per sweep: what `prepareChecked` cuts, for every combination. */
export function prepareSweep(checked: CheckedShared, data: BacktestData): Result<PreparedSweep, string> {
  const bars = cutBars(checked.spec, data);
  return bars.ok ? ok({ ...checked, ...bars.value }) : bars;
}

/** One combination of a prepared sweep: its parameters (the request's, overridden by the combination's) checked. */
export function prepareCombination(sweep: PreparedSweep, combination: Readonly<Params>, strategies: StrategySource): Result<PreparedBacktest, string> {
  const params = strategies.validate(sweep.spec.strategy, { ...sweep.spec.params, ...combination });
  if (!params.ok) return params;
  const spec = { ...sweep.spec, params: params.value };
  return ok({ ...sweep, spec, params: params.value, key: resultKey(spec, sweep.fingerprint) });
}

/**
 * A combination's refusal when its sweep's shared part was refused (`shared`): what `prepareBacktest` would say of
 * the combination alone, where the parameters come before the cost model, the rules and the bars.
 */
export function combinationRefusal(request: BacktestSpec, combination: Readonly<Params>, shared: string, strategies: StrategySource): string {
  const params = strategies.validate(request.strategy, { ...request.params, ...combination });
  return params.ok ? shared : params.error;
}

/** The strategy is known, the cost model parses, the request's own rules hold (checkSpec without the parameters). */
export function checkShared(request: BacktestSpec, strategies: StrategySource): Result<CheckedShared, string> {
  const found = strategies.get(request.strategy);
  if (!found.ok) return found;
  const costs = costsAndRules(request);
  return costs.ok ? ok({ spec: request, strategy: found.value, costs: costs.value }) : costs;
}

/** The cost model parses and the request's own rules hold. */
function costsAndRules(request: BacktestSpec): Result<CostModel, string> {
  const costs = parseCostModel(request.costs);
  if (!costs.ok) return costs;
  const problem = checkRequest(request);
  return problem ? err(problem) : costs;
}

/** Every symbol's bars in the range, the benchmark over the run's span, the data fingerprint. */
function cutBars(r: BacktestSpec, data: BacktestData): Result<CutBars, string> {
  const sliced = sliceAll(r, data.series);
  if (!sliced.ok) return sliced;
  const series = sliced.value;
  const benchmark = data.benchmark ? { name: data.benchmark.name, series: inSpan(data.benchmark.series, series) } : undefined;
  return ok({ series, ...(benchmark ? { benchmark } : {}), synthetic: data.synthetic, fingerprint: dataFingerprint(series, benchmark?.series) });
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
