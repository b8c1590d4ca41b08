/** Performance snapshot every 5 minutes: the day's P&L and the exposure, handed to a recorder (the metrics). */
import { z } from 'zod';
import { formatInr } from '../core/money';
import { ok } from '../core/result';
import type { PnlService } from '../services/api/pnl';
import type { PortfolioService } from '../services/api/portfolio';
import { defineJob, done, type Job } from './job';

export interface PerformanceSnapshot {
  readonly time: number;
  /** Rupees: the day's realised, unrealised, charges and net P&L. */
  readonly realised: number;
  readonly unrealised: number;
  readonly charges: number;
  readonly net: number;
  readonly grossExposure: number;
  readonly netExposure: number;
  readonly available: number;
  readonly positions: number;
}

export interface PerformanceRecorder {
  recordPerformance(s: PerformanceSnapshot): void;
}

export interface PerformanceSnapshotJobOptions {
  readonly pnl: Pick<PnlService, 'pnl'>;
  readonly portfolio: Pick<PortfolioService, 'summary'>;
  readonly recorder: PerformanceRecorder;
  /** Default 5 min. */
  readonly everyMs?: number;
}

export function performanceSnapshotJob(o: PerformanceSnapshotJobOptions): Job {
  return defineJob({
    name: 'performance-snapshot',
    summary: 'Performance snapshot (P&L, exposure) every 5 min',
    schedule: { kind: 'interval', ms: o.everyMs ?? 5 * 60_000 },
    data: z.object({}),
    retries: 0,
    async run({ now }) {
      const [pnl, summary] = await Promise.all([o.pnl.pnl('day'), o.portfolio.summary()]);
      if (!pnl.ok) return pnl;
      if (!summary.ok) return summary;
      const s: PerformanceSnapshot = {
        time: now,
        realised: pnl.value.realised,
        unrealised: pnl.value.unrealised,
        charges: pnl.value.charges,
        net: pnl.value.net,
        grossExposure: summary.value.grossExposure,
        netExposure: summary.value.netExposure,
        available: summary.value.available,
        positions: summary.value.positions,
      };
      o.recorder.recordPerformance(s);
      return ok(done(`net ${formatInr(s.net)}, gross exposure ${formatInr(s.grossExposure)}`));
    },
  });
}
