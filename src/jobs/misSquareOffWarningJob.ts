/**
 * MIS square-off warning at 15:10 IST on trading days: intraday (MIS) positions still open are listed, since the
 * broker squares them off from 15:20 (with a charge) if nobody closes them first.
 */
import { z } from 'zod';
import { formatInr } from '../core/money';
import { ok } from '../core/result';
import type { NotifyPort } from '../notify/notifier';
import type { PortfolioService } from '../services/api/portfolio';
import { defineJob, done, type Job } from './job';

export interface MisSquareOffWarningJobOptions {
  readonly portfolio: Pick<PortfolioService, 'positions'>;
  readonly notify: NotifyPort;
  /** Default 15:10. */
  readonly at?: string;
}

export function misSquareOffWarningJob(o: MisSquareOffWarningJobOptions): Job {
  return defineJob({
    name: 'mis-square-off-warning',
    summary: 'Warning at 15:10 IST about open intraday (MIS) positions',
    schedule: { kind: 'daily', at: o.at ?? '15:10' },
    data: z.object({}),
    tradingDaysOnly: true,
    async run() {
      const positions = await o.portfolio.positions();
      if (!positions.ok) return positions;
      const open = positions.value.filter((p) => p.product === 'MIS' && p.quantity !== 0);
      if (open.length === 0) return ok(done('no open MIS positions'));
      o.notify.notify({
        kind: 'risk',
        severity: 'warning',
        title: `${open.length} intraday position${open.length > 1 ? 's' : ''} still open`,
        text: 'Close them before the broker squares them off at 15:20 IST (with a square-off charge).',
        fields: open.slice(0, 20).map((p) => ({ name: p.symbol, value: `${p.quantity > 0 ? 'long' : 'short'} ${Math.abs(p.quantity)}, P&L ${formatInr(p.pnl)}`, inline: true })),
      });
      return ok(done(`${open.length} open MIS positions reported`));
    },
  });
}
