/**
 * Backtests from chat as queued jobs: any process sharing the database (a `--worker` too) takes the run, reports
 * progress on the job lock, and sends the summary with its chart back to whoever asked (`to`). A refusal (an
 * unknown strategy, no data) is told to the person and not retried; a crash is retried like any job.
 */
import { z } from 'zod';
import { formatInr } from '../core/money';
import { ok } from '../core/result';
import type { NotifyPort } from '../notify/notifier';
import type { BacktestService, BacktestSummary } from '../services/api/backtest';
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

export function backtestSummaryFields(s: BacktestSummary): Array<{ name: string; value: string; inline: boolean }> {
  return [
    { name: 'Return', value: pct(s.totalReturn), inline: true },
    { name: 'CAGR', value: pct(s.cagr), inline: true },
    { name: 'Max drawdown', value: pct(s.maxDrawdown), inline: true },
    { name: 'Sharpe', value: Number.isFinite(s.sharpe) ? s.sharpe.toFixed(2) : 'n/a', inline: true },
    { name: 'Trades', value: String(s.trades), inline: true },
    { name: 'Win rate', value: pct(s.winRate), inline: true },
    { name: 'Final equity', value: formatInr(s.finalEquity), inline: true },
    { name: 'Charges', value: formatInr(s.charges), inline: true },
  ];
}

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
      o.notify.notify({
        kind: 'summary',
        severity: 'info',
        title: `Backtest ${s.strategy} on ${s.symbols.join(', ')} (${s.from} → ${s.to}, ${s.interval})${s.synthetic ? ' — synthetic bars' : ''}`,
        fields: backtestSummaryFields(s),
        image: s.chartPng,
        ...to,
      });
      return ok(done(`return ${pct(s.totalReturn)}, ${s.trades} trades`));
    },
  });
}
