/**
 * MIS square-off in paper and live: every minute of a trading day the job checks the calendar; at and after the
 * session's square-off time (15:20 IST on a regular session, special sessions their own) it closes every open
 * intraday (MIS) position through the order pipeline (`trading.squareOff`: market orders, no approval, let through
 * even when trading is halted) and says what it did. A run with nothing open does nothing. (The 15:10 warning is
 * misSquareOffWarningJob.ts.) It places orders, so only the main process runs it, never a worker.
 */
import { z } from 'zod';
import type { NseCalendar } from '../calendar/nseCalendar';
import { ok } from '../core/result';
import type { NotifyPort } from '../notify/notifier';
import type { TradingService } from '../services/api/trading';
import { defineJob, done, skipped, type Job } from './job';

export interface MisSquareOffJobOptions {
  readonly trading: Pick<TradingService, 'squareOff'>;
  readonly calendar: Pick<NseCalendar, 'misSquareOffTime'>;
  readonly notify: NotifyPort;
  /** How often it checks (default every minute). */
  readonly everyMs?: number;
}

export function misSquareOffJob(o: MisSquareOffJobOptions): Job {
  return defineJob({
    name: 'mis-square-off',
    summary: 'Closes open intraday (MIS) positions at the session’s square-off time (15:20 IST on regular days)',
    schedule: { kind: 'interval', ms: o.everyMs ?? 60_000 },
    data: z.object({}),
    quiet: true,
    async run(ctx) {
      const at = o.calendar.misSquareOffTime(ctx.now);
      if (at === null || ctx.now < at) return ok(skipped(at === null ? 'not a trading day' : 'before the square-off time'));
      const r = await o.trading.squareOff();
      if (r.orders.length === 0 && r.refused.length === 0) return ok(done('no open MIS positions'));
      o.notify.notify({
        kind: 'risk',
        severity: r.refused.length > 0 ? 'critical' : 'info',
        title: `MIS square-off: ${r.orders.length} order${r.orders.length === 1 ? '' : 's'} sent`,
        text: [
          ...r.orders.map((x) => `${x.side} ${x.quantity} ${x.symbol} (order ${x.id})`),
          ...r.refused.map((x) => `${x.symbol}: not squared off (${x.message}); close it by hand`),
        ].join('\n'),
      });
      return ok(done(`${r.orders.length} square-off orders, ${r.refused.length} refused`));
    },
  });
}
