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
}

/** Progress of a running backtest: fraction done in [0, 1] and a short note. */
export type BacktestProgress = (fraction: number, note: string) => void;

export interface BacktestService {
  run(req: BacktestRequest, onProgress: BacktestProgress): Promise<Result<BacktestSummary, Refusal>>;
}
