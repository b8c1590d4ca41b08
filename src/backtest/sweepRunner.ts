/**
 * Sweeps asked for from chat (the sweep job's `SweepRunner` port, src/jobs/sweepJob.ts, implemented
 * here structurally so backtest does not import jobs): the typed values of each parameter become a
 * grid, what the combinations share is checked once (prepare.ts `checkShared`) before the bars come through a data
 * port, the combinations run on worker threads (sweepPool.ts) and
 * the best `top` by the rank metric come back with their score and trade count.
 */
import type { Interval } from '../core/interval';
import { err, ok, type Result } from '../core/result';
import { combinations, parseGrid } from './grid';
import { checkShared, type StrategySource } from './prepare';
import { buildRequest } from './request';
import type { BacktestData } from './runBacktest';
import { parseRankMetric, rank } from './sweep';
import { runSweep } from './sweepPool';

export interface SweepDataSpec {
  readonly symbols: readonly string[];
  readonly interval: Interval;
  readonly from?: string;
  readonly to?: string;
}

export interface SweepRunnerOptions {
  readonly strategies: StrategySource;
  /** Where worker threads discover the strategies. */
  readonly strategiesDir: string;
  readonly data: (spec: SweepDataSpec) => Promise<Result<BacktestData, string>>;
  /** Default: every core. */
  readonly workers?: number;
  readonly costs?: string;
  readonly cash?: number;
}

export interface SweepRunRequest {
  readonly strategy: string;
  readonly symbols: readonly string[];
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly interval?: Interval | undefined;
  readonly grid: Readonly<Record<string, readonly string[]>>;
  readonly rankBy: string;
  readonly top: number;
}

export interface SweepRunOutcome {
  readonly rows: readonly { readonly params: Readonly<Record<string, string | number>>; readonly score: number | null; readonly trades: number }[];
  readonly combinations: number;
  readonly skipped: number;
}

export function sweepRunner(o: SweepRunnerOptions): { run(req: SweepRunRequest, onProgress: (fraction: number) => void): Promise<Result<SweepRunOutcome, string>> } {
  return {
    async run(req, onProgress) {
      const by = parseRankMetric(req.rankBy);
      if (!by.ok) return by;
      const request = buildRequest({
        strategy: req.strategy,
        symbols: [...req.symbols],
        interval: req.interval ?? 'day',
        ...(req.from ? { from: req.from } : {}),
        ...(req.to ? { to: req.to } : {}),
        ...(o.costs ? { costs: o.costs } : {}),
        ...(o.cash ? { cash: o.cash } : {}),
      });
      if (!request.ok) return request;
      // What every combination shares, checked once before the bars are loaded (prepare.ts).
      const checked = checkShared(request.value, o.strategies);
      if (!checked.ok) return checked;
      const grid = parseGrid(Object.entries(req.grid).map(([name, values]) => `${name}=${values.join(',')}`));
      if (!grid.ok) return grid;
      const data = await o.data({ symbols: request.value.symbols, interval: request.value.interval, ...(req.from ? { from: req.from } : {}), ...(req.to ? { to: req.to } : {}) });
      if (!data.ok) return data;
      const combos = combinations(grid.value);
      const rows = await runSweep(checked.value, combos, data.value, {
        strategiesDir: o.strategiesDir,
        strategies: o.strategies,
        ...(o.workers ? { workers: o.workers } : {}),
        onProgress: (done, total) => onProgress(done / total),
      });
      const ranked = rank(rows, by.value);
      const ran = ranked.filter((r) => r.metrics !== null);
      if (ran.length === 0) return err(`No parameter combination could run: ${ranked[0]?.error ?? 'the grid is empty'}`);
      return ok({
        rows: ran.slice(0, req.top).map((r) => {
          const v = r.metrics![by.value];
          return { params: r.params, score: Number.isNaN(v) ? null : v, trades: r.metrics!.trades };
        }),
        combinations: combos.length,
        skipped: rows.length - ran.length,
      });
    },
  };
}
