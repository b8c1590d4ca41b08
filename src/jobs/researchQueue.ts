/**
 * The research port (src/services/api/research.ts) over the job scheduler: backtests and sweeps from chat are
 * queued as the `backtest` / `sweep` jobs, which any process sharing MongoDB (a `--worker` too) takes; the
 * result is notified to the requester. Services are built before the scheduler, so the queue is bound late and
 * refuses politely until then. Also the sweep job's runner over src/backtest and the app's bar history.
 */
import { parseRankMetric } from '../backtest/sweep';
import { sweepRunner } from '../backtest/sweepRunner';
import type { Clock } from '../core/clock';
import type { UserId } from '../core/ids';
import { err, ok, type Result } from '../core/result';
import type { StrategyRegistry } from '../engine/strategyRegistry';
import { BACKTEST_JOB } from './backtestJob';
import type { JobState } from './jobState';
import { SWEEP_JOB, type SweepRunner } from './sweepJob';
import type { BacktestRequest, BacktestService } from '../services/api/backtest';
import { gridSize, MAX_SWEEP_COMBINATIONS, type QueuedJob, type ResearchJobStatus, type ResearchService, type SweepRequest } from '../services/api/research';
import type { BarHistory } from '../services/engine/barHistory';
import { defaultRange, historyData } from '../services/engine/backtestService';
import type { Refusal } from '../services/user';

/** What the queue needs of the JobScheduler. */
export interface ResearchScheduler {
  names(): string[];
  enqueue(name: string, data: unknown): Promise<Result<string, string>>;
  status(jobId: string): Promise<JobState>;
}

const REFUSED = /^refused: /;
const RESEARCH_JOBS = new Set<string>([BACKTEST_JOB, SWEEP_JOB]);

export class ResearchQueue implements ResearchService {
  private scheduler: ResearchScheduler | undefined;
  private backtests: Pick<BacktestService, 'check'> | undefined;

  /**
   * The backtest service's check (strategy, parameters, symbols, dates, the range of the bars), run before a
   * backtest is queued: a request that cannot run is refused at once, not by a job seconds later.
   */
  checkBacktestsWith(backtests: Pick<BacktestService, 'check'>): void {
    this.backtests = backtests;
  }

  /** Called once the job scheduler exists (src/app/engineStack.ts). */
  bind(scheduler: ResearchScheduler): void {
    this.scheduler = scheduler;
  }

  async enqueueBacktest(req: BacktestRequest, requester?: UserId): Promise<Result<QueuedJob, Refusal>> {
    const checked = await this.backtests?.check(req);
    if (checked && !checked.ok) return checked;
    const notes = checked?.value.notes ?? [];
    const request = {
      strategy: req.strategy,
      symbols: [...req.symbols],
      params: Object.fromEntries(Object.entries(req.params).map(([k, v]) => [k, typeof v === 'string' ? v : [...v]])),
      ...(req.from ? { from: req.from } : {}),
      ...(req.to ? { to: req.to } : {}),
      ...(req.interval ? { interval: req.interval } : {}),
    };
    const queued = await this.enqueue(BACKTEST_JOB, 'backtests', { request, ...(requester !== undefined ? { to: String(requester) } : {}) });
    return queued.ok && notes.length > 0 ? ok({ ...queued.value, notes }) : queued;
  }

  async enqueueSweep(req: SweepRequest, requester: UserId): Promise<Result<QueuedJob, Refusal>> {
    const names = Object.keys(req.grid);
    if (names.length === 0 || names.some((n) => (req.grid[n]?.length ?? 0) === 0)) return err('Name at least one parameter with values to sweep, e.g. fast=5,10,20.');
    const size = gridSize(req.grid);
    if (size > MAX_SWEEP_COMBINATIONS) return err(`That grid makes ${size} combinations, more than the ${MAX_SWEEP_COMBINATIONS} a sweep may try; give fewer values.`);
    const rankBy = req.rankBy ?? 'sharpe';
    const metric = parseRankMetric(rankBy);
    if (!metric.ok) return metric;
    // The same checks as a backtest's before anything is queued (strategy, parameters, symbols with "did you mean",
    // dates, bars), on the grid's first combination.
    const first = Object.fromEntries(names.map((n) => [n, req.grid[n]![0]!]));
    const checked = await this.backtests?.check({ strategy: req.strategy, symbols: req.symbols, params: first, ...(req.from ? { from: req.from } : {}), ...(req.to ? { to: req.to } : {}), ...(req.interval ? { interval: req.interval } : {}) });
    if (checked && !checked.ok) return checked;
    const request = {
      strategy: req.strategy,
      symbols: [...req.symbols],
      grid: Object.fromEntries(Object.entries(req.grid).map(([k, v]) => [k, [...v]])),
      rankBy,
      top: req.top ?? 5,
      ...(req.from ? { from: req.from } : {}),
      ...(req.to ? { to: req.to } : {}),
      ...(req.interval ? { interval: req.interval } : {}),
    };
    return this.enqueue(SWEEP_JOB, 'sweeps', { request, to: String(requester) });
  }

  async jobStatus(jobId: string): Promise<ResearchJobStatus> {
    const s = await this.scheduler?.status(jobId);
    if (!s || s.state === 'unknown' || !RESEARCH_JOBS.has(s.name)) return { state: 'unknown' };
    switch (s.state) {
      case 'queued':
        return { state: 'queued' };
      case 'running':
        return s.progress !== undefined ? { state: 'running', percent: s.progress } : { state: 'running' };
      case 'done':
        return REFUSED.test(s.note) ? { state: 'failed', reason: s.note.replace(REFUSED, ''), notified: true } : { state: 'done', outcome: s.note };
      case 'failed':
        return { state: 'failed', reason: s.reason };
    }
  }

  private async enqueue(name: string, what: string, data: unknown): Promise<Result<QueuedJob, Refusal>> {
    const scheduler = this.scheduler;
    if (!scheduler) return err(`Queued ${what} are not available until the job queue has started; try again in a moment.`);
    if (!scheduler.names().includes(name)) return err(`This bot does not run ${what} as jobs; ask an admin to enable them.`);
    const id = await scheduler.enqueue(name, data);
    return id.ok ? ok({ jobId: id.value }) : err(id.error);
  }
}

export interface ResearchSweepsOptions {
  readonly strategies: Pick<StrategyRegistry, 'get' | 'validate'>;
  readonly strategiesDir: string;
  /** The same bars the backtest service uses. */
  readonly history: BarHistory;
  readonly clock: Clock;
  /** Worker threads per sweep (default: every core). */
  readonly workers?: number;
}

/** The sweep job's runner: src/backtest/sweepRunner over the app's bar history, with the backtest service's default dates. */
export function researchSweeps(o: ResearchSweepsOptions): SweepRunner {
  const bars = historyData(o.history);
  return sweepRunner({
    strategies: o.strategies,
    strategiesDir: o.strategiesDir,
    ...(o.workers !== undefined ? { workers: o.workers } : {}),
    data: (spec) => bars({ symbols: spec.symbols, interval: spec.interval, ...defaultRange(spec, o.clock.now()) }),
  });
}
