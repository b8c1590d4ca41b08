import type { Interval } from '../../core/interval';
import type { Result } from '../../core/result';
import type { Refusal } from '../user';

export interface BacktestRequest {
  readonly strategy: string;
  readonly symbols: readonly string[];
  /** IST dates `YYYY-MM-DD`; defaults are the service's. */
  readonly from?: string;
  readonly to?: string;
  readonly interval?: Interval;
  readonly params: Readonly<Record<string, string | readonly string[]>>;
}

export interface BacktestSummary {
  readonly strategy: string;
  readonly symbols: readonly string[];
  readonly from: string;
  readonly to: string;
  readonly interval: Interval;
  readonly startingEquity: number;
  readonly finalEquity: number;
  /** Fractions (0.12 = 12 %). */
  readonly totalReturn: number;
  readonly cagr: number;
  readonly maxDrawdown: number;
  readonly sharpe: number;
  readonly trades: number;
  readonly winRate: number;
  readonly charges: number;
  /** True when the bars were generated, not market data. */
  readonly synthetic: boolean;
  /** Equity and drawdown chart. */
  readonly chartPng: Uint8Array;
  /** What differs from what was asked (BacktestCheck.notes). */
  readonly notes?: readonly string[];
}

/** Progress of a running backtest: fraction done in [0, 1] and a short note. */
export type BacktestProgress = (fraction: number, note: string) => void;

/** A request checked before it runs or is queued: what will run, and what differs from what was asked. */
export interface BacktestCheck {
  readonly from: string;
  readonly to: string;
  /** One sentence each, e.g. the data of a symbol starting after the asked `from`; empty when it runs as asked. */
  readonly notes: readonly string[];
}

export interface BacktestService {
  /**
   * Everything that can be known before a run — the strategy, its parameters, the symbols (against the market's
   * universe), the dates, and the range the bars have — so a front end refuses at once instead of queueing a job
   * that fails later. `run` checks the same way.
   */
  check(req: BacktestRequest): Promise<Result<BacktestCheck, Refusal>>;
  run(req: BacktestRequest, onProgress: BacktestProgress): Promise<Result<BacktestSummary, Refusal>>;
}
