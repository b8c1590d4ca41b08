/**
 * Queued research work: backtests and parameter sweeps asked for from chat run as jobs any worker process
 * takes (src/jobs backtest / sweep), not in the process that answered the chat. The result goes back to the
 * requester as a notification; `jobStatus` lets the front end show progress meanwhile. `services.backtest` stays
 * the inline runner (the backtest job itself calls it).
 */
import type { UserId } from '../../core/ids';
import type { Interval } from '../../core/interval';
import type { Result } from '../../core/result';
import type { Refusal } from '../user';
import type { BacktestRequest } from './backtest';

/** Most parameter combinations one sweep may try. */
export const MAX_SWEEP_COMBINATIONS = 2000;

export interface SweepRequest {
  readonly strategy: string;
  readonly symbols: readonly string[];
  /** IST dates `YYYY-MM-DD`; defaults are the service's. */
  readonly from?: string;
  readonly to?: string;
  readonly interval?: Interval;
  /** Parameter name → the values to try, as typed. */
  readonly grid: Readonly<Record<string, readonly string[]>>;
  /** Metric to rank by (default sharpe). */
  readonly rankBy?: string;
  /** How many of the best to report (default 5). */
  readonly top?: number;
}

export interface QueuedJob {
  readonly jobId: string;
  /** What will differ from what was asked (e.g. the bars of a symbol start later), said before the run. */
  readonly notes?: readonly string[];
}

export type ResearchJobStatus =
  | { readonly state: 'queued' }
  /** `percent` once the worker has reported progress. */
  | { readonly state: 'running'; readonly percent?: number }
  /** One line: the outcome the job recorded (e.g. "return 12.30 %, 8 trades"). */
  | { readonly state: 'done'; readonly outcome: string }
  /**
   * Not run (refused, e.g. an unknown strategy) or failed after its retries: one sentence. `notified`: the job has
   * told the requester itself (a refusal), so a front end following the job must not tell them again.
   */
  | { readonly state: 'failed'; readonly reason: string; readonly notified?: boolean }
  | { readonly state: 'unknown' };

/** The number of combinations a grid makes (the product of each parameter's value count). */
export const gridSize = (grid: Readonly<Record<string, readonly string[]>>): number =>
  Object.values(grid).reduce((n, values) => n * values.length, 1);

export interface ResearchService {
  /** Queues a backtest; the result card is notified to `requester` (everyone when absent) when a worker has run it. */
  enqueueBacktest(req: BacktestRequest, requester?: UserId): Promise<Result<QueuedJob, Refusal>>;
  /** Queues a sweep (at most MAX_SWEEP_COMBINATIONS combinations); the ranked table is notified to `requester`. */
  enqueueSweep(req: SweepRequest, requester: UserId): Promise<Result<QueuedJob, Refusal>>;
  jobStatus(jobId: string): Promise<ResearchJobStatus>;
}
