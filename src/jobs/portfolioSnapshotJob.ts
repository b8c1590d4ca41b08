/**
 * Daily portfolio snapshot at 15:35 IST on trading days (after the close): positions, weights, cash, equity and
 * sector exposure are persisted for history queries and time-weighted performance (issue 8); every rebalance
 * preview saves its own snapshot too.
 */
import { z } from 'zod';
import { formatInr } from '../core/money';
import { ok } from '../core/result';
import type { RebalanceService } from '../services/api/rebalance';
import { defineJob, done, type Job } from './job';

export interface PortfolioSnapshotJobOptions {
  readonly portfolio: Pick<RebalanceService, 'snapshot'>;
  /** Default 15:35. */
  readonly at?: string;
}

export function portfolioSnapshotJob(o: PortfolioSnapshotJobOptions): Job {
  return defineJob({
    name: 'portfolio-snapshot',
    summary: 'Daily portfolio snapshot at 15:35 IST (positions, weights, cash, equity, sectors)',
    schedule: { kind: 'daily', at: o.at ?? '15:35' },
    data: z.object({}),
    tradingDaysOnly: true,
    async run() {
      const saved = await o.portfolio.snapshot('daily');
      if (!saved.ok) return saved;
      return ok(done(`equity ${formatInr(saved.value.equity)}, ${saved.value.positions} positions`));
    },
  });
}
