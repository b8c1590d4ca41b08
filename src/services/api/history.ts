/**
 * Trade history and statistics of the bot's own book: closed round trips rebuilt from the journalled fills (every
 * account: each strategy instance and the portfolio), with the backtests' round-trip and trade statistics code.
 */

/** One closed round trip of one account. */
export interface TradeRecord {
  /** The account: a strategy instance id, or `portfolio` (manual orders, rebalances). */
  readonly account: string;
  readonly symbol: string;
  readonly side: 'long' | 'short';
  readonly quantity: number;
  readonly entryTime: number;
  /** Volume-weighted entry price. */
  readonly entryPrice: number;
  readonly exitTime: number;
  readonly exitPrice: number;
  /** Net of charges, ₹ (to the paisa). */
  readonly pnl: number;
  /** Charges of every leg, ₹ (to the paisa). */
  readonly charges: number;
  /** signal, stop-loss, take-profit, mis-square-off, manual or rebalance. */
  readonly exitReason: string;
}

export type HistoryPeriod = 'day' | 'week' | 'month';

/** Trades closed in one period (a day, the week from Monday, the month; IST). */
export interface PeriodRow {
  /** The period's first IST date `YYYY-MM-DD` (a month: `YYYY-MM`). */
  readonly period: string;
  readonly pnl: number;
  readonly trades: number;
  readonly charges: number;
}

/** Closed trades of one symbol or one account. */
export interface PerformanceLine {
  readonly key: string;
  readonly trades: number;
  readonly wins: number;
  readonly pnl: number;
  readonly charges: number;
}

export interface PerformanceReport {
  readonly bySymbol: readonly PerformanceLine[];
  /** By account: each strategy instance, and `portfolio`. */
  readonly byStrategy: readonly PerformanceLine[];
}

export interface TradeStatistics {
  readonly trades: number;
  readonly wins: number;
  readonly losses: number;
  /** wins / trades (NaN without trades). */
  readonly winRate: number;
  /** Mean winning P&L (NaN without wins); mean losing P&L, negative (NaN without losses). */
  readonly avgWin: number;
  readonly avgLoss: number;
  readonly best?: TradeRecord;
  readonly worst?: TradeRecord;
  readonly netPnl: number;
  readonly charges: number;
  readonly profitFactor: number;
  /** Mean time from entry to exit, ms (NaN without trades). */
  readonly avgHoldingMs: number;
  /** Trades by exit reason, most frequent first. */
  readonly exitReasons: readonly { readonly reason: string; readonly trades: number }[];
}

export interface HistoryService {
  /** Closed round trips, newest exit first. */
  trades(): Promise<readonly TradeRecord[]>;
  performance(): Promise<PerformanceReport>;
  /** The last `n` periods up to today (empty ones included), newest first. */
  periods(period: HistoryPeriod, n: number): Promise<readonly PeriodRow[]>;
  stats(): Promise<TradeStatistics>;
}
