/**
 * Risk scan: every N minutes during market hours, reads the risk report and raises an alert for each limit that
 * is near (≥ `nearFraction` of it) or breached. Repeats are held back by the risk deduper (an escalation always
 * goes out), so a limit sitting at 90 % does not page anyone every five minutes.
 */
import { z } from 'zod';
import { formatInr } from '../core/money';
import { ok } from '../core/result';
import type { NotifyPort } from '../notify/notifier';
import { dedupeAlerts, EMPTY_DEDUPE_STATE, type DedupeState } from '../risk/alertDeduper';
import type { RiskAlert } from '../risk/riskAlerts';
import type { LimitUse, RiskReport, RiskService } from '../services/api/risk';
import { defineJob, done, type Job } from './job';

export interface RiskScanJobOptions {
  readonly risk: Pick<RiskService, 'report'>;
  readonly notify: NotifyPort;
  readonly everyMinutes: number;
  /** Share of a limit that counts as near (default 0.8). */
  readonly nearFraction?: number;
  /** How long the same alert stays quiet (default 60 min). */
  readonly cooldownMs?: number;
}

const shown = (value: number, unit: LimitUse['unit']): string =>
  unit === '₹' ? formatInr(value) : unit === '%' ? `${value.toFixed(2)} %` : `${value} orders`;

/** Near and breached limits of a report as risk alerts. */
export function limitAlerts(report: RiskReport, now: number, nearFraction: number): RiskAlert[] {
  const alerts: RiskAlert[] = [];
  for (const l of report.limits) {
    if (!(l.limit > 0)) continue;
    const share = l.used / l.limit;
    if (share < nearFraction) continue;
    const breached = share >= 1;
    alerts.push({
      kind: breached ? 'limit-breach' : 'limit-near',
      severity: breached ? 'critical' : 'warning',
      key: `limit:${l.name}`,
      message: breached
        ? `${l.name} is at ${shown(l.used, l.unit)}, over its limit of ${shown(l.limit, l.unit)}; reduce exposure or /halt.`
        : `${l.name} is at ${shown(l.used, l.unit)}, ${Math.round(share * 100)} % of its limit of ${shown(l.limit, l.unit)}.`,
      time: now,
      value: l.used,
      threshold: l.limit,
    });
  }
  return alerts;
}

export function riskScanJob(o: RiskScanJobOptions): Job {
  let state: DedupeState = EMPTY_DEDUPE_STATE;
  const near = o.nearFraction ?? 0.8;
  const cooldown = o.cooldownMs ?? 60 * 60_000;
  return defineJob({
    name: 'risk-scan',
    summary: `Risk scan every ${o.everyMinutes} min in market hours`,
    schedule: { kind: 'interval', ms: o.everyMinutes * 60_000 },
    data: z.object({}),
    marketHoursOnly: true,
    retries: 1,
    async run({ now }) {
      const report = await o.risk.report();
      if (!report.ok) return report;
      const result = dedupeAlerts(state, limitAlerts(report.value, now, near), now, cooldown);
      state = result.state;
      for (const a of result.emit) {
        o.notify.notify({
          kind: 'risk',
          severity: a.severity,
          title: a.kind === 'limit-breach' ? 'Risk limit breached' : 'Risk limit near',
          text: a.message,
          fields: [
            { name: 'Equity', value: formatInr(report.value.equity), inline: true },
            { name: 'Gross exposure', value: formatInr(report.value.grossExposure), inline: true },
          ],
        });
      }
      return ok(done(result.emit.length === 0 ? 'no new alerts' : `${result.emit.length} alerts sent`));
    },
  });
}
