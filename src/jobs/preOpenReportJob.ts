/**
 * Pre-open readiness report at 09:00 IST on trading days: broker session, margin available, strategies, data
 * freshness and every health check, in one message; a warning when anything is not ready.
 */
import { z } from 'zod';
import { formatInr } from '../core/money';
import { ok } from '../core/result';
import type { NotifyPort } from '../notify/notifier';
import type { PortfolioService } from '../services/api/portfolio';
import type { StatusService } from '../services/api/status';
import type { HealthPort } from './healthCheckJob';
import { defineJob, done, type Job } from './job';

export interface PreOpenReportJobOptions {
  readonly status: Pick<StatusService, 'status'>;
  readonly portfolio?: Pick<PortfolioService, 'summary'>;
  readonly health?: HealthPort;
  readonly notify: NotifyPort;
  /** Data older than this at 09:00 is "stale" (default 4 days: covers a long weekend). */
  readonly staleAfterMs?: number;
}

export function preOpenReportJob(o: PreOpenReportJobOptions): Job {
  const staleAfter = o.staleAfterMs ?? 4 * 86_400_000;
  return defineJob({
    name: 'pre-open-report',
    summary: 'Pre-open readiness report at 09:00 IST',
    schedule: { kind: 'daily', at: '09:00' },
    data: z.object({}),
    tradingDaysOnly: true,
    async run({ now }) {
      const st = await o.status.status();
      const problems: string[] = [];
      const fields: Array<{ name: string; value: string; inline?: boolean }> = [{ name: 'Mode', value: `${st.mode}, ${st.tradingState}`, inline: true }];
      if (st.brokerSession) {
        const s = st.brokerSession;
        const valid = s.loggedIn && (s.expiresAt === undefined || s.expiresAt > now);
        fields.push({ name: 'Kite session', value: valid ? 'logged in' : 'not logged in — /login', inline: true });
        if (!valid) problems.push('Kite is not logged in');
      }
      if (o.portfolio) {
        const sum = await o.portfolio.summary();
        if (sum.ok) fields.push({ name: 'Margin available', value: formatInr(sum.value.available), inline: true });
        else {
          fields.push({ name: 'Margin available', value: 'unavailable', inline: true });
          problems.push(`margins: ${sum.error}`);
        }
      }
      fields.push({ name: 'Strategies', value: `${st.instances.running} running, ${st.instances.paused} paused`, inline: true });
      fields.push({ name: 'Pending approvals', value: String(st.pendingApprovals), inline: true });
      if (st.dataAsOf === undefined) fields.push({ name: 'Data', value: 'no bars or ticks yet', inline: true });
      else {
        const stale = now - st.dataAsOf > staleAfter;
        fields.push({ name: 'Data', value: `${stale ? 'stale, ' : ''}last ${new Date(st.dataAsOf).toISOString()}`, inline: true });
        if (stale) problems.push('market data is stale');
      }
      if (o.health) {
        const report = await o.health.run();
        for (const [name, c] of Object.entries(report.checks)) {
          fields.push({ name: `Check ${name}`, value: c.status === 'up' ? 'up' : `down${c.detail ? ` (${c.detail})` : ''}`, inline: true });
          if (c.status === 'down') problems.push(`${name} is down`);
        }
      }
      o.notify.notify({
        kind: 'system',
        severity: problems.length > 0 ? 'warning' : 'info',
        title: problems.length > 0 ? `Not ready for the open: ${problems.length} problem${problems.length > 1 ? 's' : ''}` : 'Ready for the open',
        text: problems.length > 0 ? problems.join('; ') : undefined,
        fields,
      });
      return ok(done(problems.length > 0 ? problems.join('; ') : 'ready'));
    },
  });
}
