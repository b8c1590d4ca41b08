/**
 * What a backtest is asked to do and what it gives back. A request is plain data (hashable: the
 * result cache keys on it); the bars come separately (see runBacktest).
 */
import type { ChargesBreakdown } from '../core/costs/types';
import type { Interval } from '../core/interval';
import type { Product, Side } from '../core/order';
import type { Metrics } from '../analytics/metrics';
import type { SizingSpec } from '../engine/sizingRules';
import type { RiskLimits } from '../risk/riskLimits';

export type { SizingSpec } from '../engine/sizingRules';

/** Which attached exit fills when one bar touches both the stop-loss and the take-profit. */
export type BothTouched = 'stop-first' | 'take-profit-first';

export interface FillSettings {
  /** Slippage of market and stop fills, basis points of the price (default 0). */
  readonly slippageBps: number;
  /** Tick size slipped prices are rounded to (0.05 for NSE equities); 0 = no rounding. */
  readonly tickSize: number;
  /** Largest share of a bar's volume one order may take (0.1 = 10 %); 0 = no cap (whole fills). */
  readonly participation: number;
  readonly bothTouched: BothTouched;
}

/**
 * Everything one run of the backtest engine needs, defaults filled in (request.ts `buildRequest` makes it from a
 * person's request: the services' BacktestRequest, the CLI's flags).
 */
export interface BacktestSpec {
  readonly strategy: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly symbols: readonly string[];
  readonly interval: Interval;
  /** IST dates YYYY-MM-DD, inclusive; absent = all the data. */
  readonly from?: string;
  readonly to?: string;
  readonly cash: number;
  /** Cost model spec: zerodha | none | bps:N. */
  readonly costs: string;
  readonly sizing: SizingSpec;
  readonly product: Product;
  /** Shorting (MIS only). Long-only by default. */
  readonly allowShort: boolean;
  readonly fills: FillSettings;
  /** Annual risk-free rate for Sharpe/Sortino/alpha (default 0). */
  readonly riskFreeRate: number;
  /**
   * The pre-trade limits the risk engine applies (`--risk config`: the bot's configured limits). Absent: only
   * the broker's rules every mode shares — cash, holdings, no MIS entry after the square-off.
   */
  readonly riskLimits?: RiskLimits;
}

/** Why a round trip closed: a strategy's signal, an attached exit, the square-off, the end of a run — or, in the bot, a person's order (`manual`) or a rebalance. */
export type ExitReason = 'signal' | 'stop-loss' | 'take-profit' | 'mis-square-off' | 'open-at-end' | 'manual' | 'rebalance';

/**
 * One round trip: from flat to a position and back to flat — or, with `open: true`, a position still open
 * at the end, marked at the last close. Only closed round trips count as trades in the metrics.
 */
export interface Trade {
  readonly symbol: string;
  readonly side: 'long' | 'short';
  readonly quantity: number;
  readonly entryTime: number;
  /** Volume-weighted entry price. */
  readonly entryPrice: number;
  readonly exitTime: number;
  readonly exitPrice: number;
  /** Net of costs, ₹. */
  readonly pnl: number;
  /** Costs of every leg, ₹. */
  readonly costs: number;
  readonly charges: ChargesBreakdown;
  readonly entryReason: string;
  readonly exitReason: ExitReason;
  /** True when the position was still open at the end (exit = last close, no exit costs). */
  readonly open: boolean;
}

/** One execution as the backtest logs it. */
export interface FillRecord {
  readonly symbol: string;
  readonly side: Side;
  readonly quantity: number;
  readonly price: number;
  readonly time: number;
  readonly charges: ChargesBreakdown;
  readonly reason: string;
  readonly exit: ExitReason | undefined;
}

export interface BacktestSeries {
  /** Close time of each step (epoch ms). */
  readonly time: Float64Array;
  readonly equity: Float64Array;
  /** E / running peak − 1 (≤ 0). */
  readonly drawdown: Float64Array;
}

export interface BacktestResult {
  /** Hash of (strategy, params, data fingerprint, costs, sizing, engine version). */
  readonly key: string;
  readonly engineVersion: string;
  readonly request: BacktestSpec;
  /** Fingerprint of the bars used. */
  readonly dataFingerprint: string;
  readonly synthetic: boolean;
  readonly bars: number;
  readonly metrics: Metrics;
  /**
   * Closed round trips, then the positions still open at the end (`open: true`, marked at the last close).
   * `metrics.trades`, win rate and profit factor count the closed ones only; `metrics.openPositions` the rest.
   */
  readonly trades: readonly Trade[];
  readonly fills: number;
  readonly series: BacktestSeries;
  /** Benchmark name when one was used (e.g. NIFTY 50). */
  readonly benchmark: string | null;
  /** Orders the risk engine refused, by rule (`cash`, `holdings`, `mis-cutoff`, a limit's name …). */
  readonly refusals: Readonly<Record<string, number>>;
  /** Things a person should know (orders denied, exits rejected…), one sentence each. */
  readonly warnings: readonly string[];
}

export type BacktestProgressFn = (fraction: number, note: string) => void;
