/**
 * The metrics card of a run: one pure function from an equity curve, the trade list and an optional
 * benchmark to plain numbers. Conventions are documented in ./conventions.ts.
 */
import type { ChargesBreakdown } from '../core/costs/types';
import { sumCharges } from '../core/costs/types';
import type { BenchmarkStats } from './benchmark';
import { benchmarkStats } from './benchmark';
import type { MetricsOptions } from './conventions';
import { DEFAULT_METRICS_OPTIONS, dailyRiskFree, safeRatio } from './conventions';
import type { MaxDrawdown } from './drawdown';
import { scanCurve } from './drawdown';
import type { DailyReturns, DailySeries, EquityCurve } from './returns';
import { calendarYears, dailyLast, dailyReturns, simpleReturns } from './returns';
import { downsideDeviation, mean, sampleStd } from './stats';
import type { ClosedTrade } from './tradeStats';
import { exposureFromFlags, exposureFromTrades, openPositions, tradeStats } from './tradeStats';

/** A fill's traded value and charges (for turnover and costs by kind). */
export interface FillValue {
  /** |quantity × price| in ₹. */
  readonly value: number;
  readonly charges: ChargesBreakdown;
}

export interface MetricsInput {
  readonly curve: EquityCurve;
  readonly trades: readonly ClosedTrade[];
  /** Equity before the first point (starting cash). Default: the first curve point. */
  readonly initialEquity?: number;
  /** Every fill; when given it is the source of turnover and costs (else the round trips are). */
  readonly fills?: readonly FillValue[];
  /**
   * The curve's last value per IST day when the caller kept it while building the curve (it must equal
   * `dailyLast(curve)`); saves a pass over a long intraday curve.
   */
  readonly daily?: DailySeries;
  /** Non-zero where a position is held, one per curve point; else exposure comes from the trades. */
  readonly inMarket?: ArrayLike<number>;
  /** Benchmark prices (e.g. NIFTY 50 closes) for buy-and-hold comparison. */
  readonly benchmark?: { readonly time: ArrayLike<number>; readonly close: ArrayLike<number> };
  readonly options?: Partial<MetricsOptions>;
}

export interface BenchmarkMetrics extends BenchmarkStats {
  /** Buy-and-hold return of the benchmark from its first to its last close (the caller cuts it to the run's span). */
  readonly totalReturn: number;
}

export interface Metrics {
  readonly startTime: number;
  readonly endTime: number;
  readonly years: number;
  readonly tradingDays: number;
  readonly initialEquity: number;
  readonly finalEquity: number;
  readonly totalReturn: number;
  readonly cagr: number;
  readonly annualVolatility: number;
  readonly sharpe: number;
  readonly sortino: number;
  /** Max drawdown depth, positive fraction. */
  readonly maxDrawdown: number;
  readonly drawdown: MaxDrawdown;
  readonly calmar: number;
  /** Number of CLOSED round trips; win rate, profit factor, expectancy and average win/loss are over these. */
  readonly trades: number;
  /** Positions still open at the end (marked at the last close; not in the trade statistics). */
  readonly openPositions: number;
  /** Their P&L marked at the last close, net of the costs paid so far, ₹. */
  readonly openPnl: number;
  readonly winRate: number;
  readonly profitFactor: number;
  readonly expectancy: number;
  readonly avgWin: number;
  readonly avgLoss: number;
  readonly exposure: number;
  readonly turnover: number;
  readonly annualTurnover: number;
  readonly costs: ChargesBreakdown;
  readonly riskFreeRate: number;
  readonly benchmark: BenchmarkMetrics | null;
}

export function computeMetrics(input: MetricsInput): Metrics {
  const opts: MetricsOptions = { ...DEFAULT_METRICS_OPTIONS, ...input.options };
  const { curve } = input;
  // The one pass over the curve: its times checked, its drawdown, its sum (the mean) and the points in the market.
  const scan = scanCurve(curve.time, curve.equity, input.inMarket, true);
  const n = curve.equity.length;
  if (n === 0) throw new RangeError('metrics need an equity curve with at least one point');
  const initial = input.initialEquity ?? curve.equity[0]!;
  const final = curve.equity[n - 1]!;
  const startTime = curve.time[0]!;
  const endTime = curve.time[n - 1]!;
  const years = calendarYears(startTime, endTime);
  const ppy = opts.periodsPerYear;
  const rf = dailyRiskFree(opts.riskFreeRate, ppy);

  const daily: DailyReturns = input.daily ? { day: input.daily.day, ret: simpleReturns(input.daily.value, initial) } : dailyReturns(curve, initial);
  const excess = new Float64Array(daily.ret.length);
  for (let i = 0; i < excess.length; i++) excess[i] = daily.ret[i]! - rf;
  const sqrtP = Math.sqrt(ppy);
  const meanExcess = mean(excess);

  const totalReturn = final / initial - 1;
  const cagr = years > 0 ? (final / initial) ** (1 / years) - 1 : NaN;
  const dd = scan.drawdown;
  const ts = tradeStats(input.trades);
  const open = openPositions(input.trades);

  let traded = 0;
  let costs: ChargesBreakdown;
  if (input.fills) {
    for (const f of input.fills) traded += Math.abs(f.value);
    costs = sumCharges(input.fills.map((f) => f.charges));
  } else {
    // A position open at the end has no exit leg (it is marked, not sold).
    for (const t of input.trades) traded += Math.abs(t.quantity) * (Math.abs(t.entryPrice) + (t.open === true ? 0 : Math.abs(t.exitPrice)));
    costs = sumCharges(input.trades.flatMap((t) => (t.charges ? [t.charges] : [])));
  }
  const turnover = traded / (scan.sum / n);

  return {
    startTime,
    endTime,
    years,
    tradingDays: daily.ret.length,
    initialEquity: initial,
    finalEquity: final,
    totalReturn,
    cagr,
    annualVolatility: sampleStd(daily.ret) * sqrtP,
    sharpe: safeRatio(meanExcess, sampleStd(excess)) * sqrtP,
    sortino: safeRatio(meanExcess, downsideDeviation(daily.ret, rf)) * sqrtP,
    maxDrawdown: dd.depth,
    drawdown: dd,
    calmar: safeRatio(cagr, dd.depth),
    trades: ts.trades,
    openPositions: open.count,
    openPnl: open.markedPnl,
    winRate: ts.winRate,
    profitFactor: ts.profitFactor,
    expectancy: ts.expectancy,
    avgWin: ts.avgWin,
    avgLoss: ts.avgLoss,
    exposure: input.inMarket ? (input.inMarket.length === n ? scan.flagged / n : exposureFromFlags(input.inMarket)) : exposureFromTrades(curve.time, input.trades),
    turnover,
    annualTurnover: years > 0 ? turnover / years : NaN,
    costs,
    riskFreeRate: opts.riskFreeRate,
    benchmark: input.benchmark ? benchmarkMetrics(daily, input.benchmark, rf, ppy) : null,
  };
}

function benchmarkMetrics(strategy: DailyReturns, b: NonNullable<MetricsInput['benchmark']>, rf: number, ppy: number): BenchmarkMetrics {
  const last = dailyLast({ time: b.time, equity: b.close });
  // A benchmark day has a return only when the previous close exists: drop the first day.
  const all = simpleReturns(last.value, NaN);
  const br: DailyReturns = { day: last.day.subarray(1), ret: all.subarray(1) };
  const stats = benchmarkStats(strategy, br, rf, ppy);
  const m = b.close.length;
  return { ...stats, totalReturn: m > 0 ? b.close[m - 1]! / b.close[0]! - 1 : NaN };
}

/** JSON-safe copy: ±Infinity → "Infinity" / "-Infinity", NaN → null (everything else unchanged). */
export function metricsToJson(m: Metrics): unknown {
  return JSON.parse(JSON.stringify(m, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? (Number.isNaN(v) ? null : v > 0 ? 'Infinity' : '-Infinity') : v)));
}
