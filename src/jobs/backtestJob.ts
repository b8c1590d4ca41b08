/**
 * Backtests from chat as queued jobs: any process sharing the database (a `--worker` too) takes the run, reports
 * progress on the job lock, and sends the result card (src/services/backtestCard.ts: figures, chart, Run in paper)
 * back to whoever asked (`to`). A refusal (an
 * unknown strategy, no data) is told to the person and not retried; a crash is retried like any job.
 */
import { z } from 'zod';
import { ok } from '../core/result';
import type { NotifyPort } from '../notify/notifier';
import { cardNotification } from '../notify/cardNotification';
import type { BacktestService } from '../services/api/backtest';
import { backtestCard } from '../services/backtestCard';
import { defineJob, done, type Job } from './job';
import { backtestRequestSchema } from '../services/api/researchRequest';
import { requesterAddress, tensOfPercent } from './researchJobs';

export const BACKTEST_JOB = 'backtest';

export const backtestJobDataSchema = z.object({
  request: backtestRequestSchema,
  to: requesterAddress,
});
export type BacktestJobData = z.input<typeof backtestJobDataSchema>;

const pct = (f: number): string => (Number.isFinite(f) ? `${(f * 100).toFixed(2)} %` : 'n/a');

export function backtestJob(o: { readonly backtest: Pick<BacktestService, 'run'>; readonly notify: NotifyPort }): Job {
  return defineJob({
    name: BACKTEST_JOB,
    summary: 'A backtest asked for from chat, run by any worker',
    schedule: { kind: 'on-demand' },
    data: backtestJobDataSchema,
    retries: 1,
    concurrency: 1,
    lockLifetimeMs: 5 * 60_000,
    async run({ data, progress }) {
      const to = data.to !== undefined ? { to: data.to } : {};
      const r = await o.backtest.run(data.request, tensOfPercent(progress));
      if (!r.ok) {
        o.notify.notify({ kind: 'system', severity: 'warning', title: `Backtest of ${data.request.strategy} not run`, text: r.error, ...to });
        return ok(done(`refused: ${r.error}`));
      }
      const s = r.value;
      // The result card chat shows for a backtest run in its process, told to whoever asked (its Run in paper button too).
      // Its notes (bars shorter than asked) were said when it was queued: said once.
      const { notes: _said, ...result } = s;
      const card = cardNotification(backtestCard(result, data.request.params));
      if (card) o.notify.notify({ kind: 'summary', severity: 'info', ...card, ...to });
      return ok(done(`return ${pct(s.totalReturn)}, ${s.trades} trades`));
    },
  });
}
