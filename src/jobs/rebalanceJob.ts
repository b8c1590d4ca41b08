/**
 * Scheduled rebalance: on its day (every trading day, the first trading day of the week, or of the month) at a set
 * IST time, previews the trades to the target weights, then either proposes them as one batch for approval (a
 * notification with a "send" button) or submits them straight away, per the configured policy.
 */
import { z } from 'zod';
import { dayIndexToDate, istDate, istDayIndex, parseIstDate } from '../calendar/ist';
import { formatInr } from '../core/money';
import { plural } from '../core/plural';
import { ok } from '../core/result';
import type { NotifyPort } from '../notify/notifier';
import type { OptimiseMethod } from '../services/api/optimise';
import type { RebalanceService } from '../services/api/rebalance';
import type { User } from '../services/user';
import { defineJob, done, skipped, type Job } from './job';

export const REBALANCE_FREQUENCIES = ['daily', 'weekly', 'monthly'] as const;
export type RebalanceFrequency = (typeof REBALANCE_FREQUENCIES)[number];

export interface RebalanceJobOptions {
  readonly rebalance: Pick<RebalanceService, 'preview' | 'submit'>;
  readonly notify: NotifyPort;
  readonly calendar: { previousTradingDay(t: number): string };
  readonly frequency: RebalanceFrequency;
  /** IST time of day, HH:MM. */
  readonly at: string;
  readonly method: OptimiseMethod;
  /** propose: a batch waiting for a tap; execute: orders go out (through risk and the approval policy). */
  readonly policy: 'propose' | 'execute';
  /** Who submits when the policy is execute. */
  readonly user: User;
}

/** Monday-based week number of an IST day index (day 0, 1970-01-01, was a Thursday). */
const weekOf = (day: number): number => Math.floor((day + 3) / 7);

/** Whether `now` is the first trading day of its week or month (the day is a trading day: the scheduler checked). */
export function isRebalanceDay(frequency: RebalanceFrequency, now: number, previousTradingDay: string): boolean {
  if (frequency === 'daily') return true;
  const prev = parseIstDate(previousTradingDay);
  const today = istDayIndex(now);
  if (frequency === 'weekly') return weekOf(prev) !== weekOf(today);
  return dayIndexToDate(prev).slice(0, 7) !== istDate(now).slice(0, 7);
}

export function rebalanceJob(o: RebalanceJobOptions): Job {
  return defineJob({
    name: 'rebalance',
    summary: `Rebalance to ${o.method} targets (${o.frequency} at ${o.at} IST; ${o.policy === 'propose' ? 'proposed for approval' : 'executed'})`,
    schedule: { kind: 'daily', at: o.at },
    data: z.object({ force: z.boolean().default(false) }),
    tradingDaysOnly: true,
    async run({ data, now }) {
      if (!data.force && !isRebalanceDay(o.frequency, now, o.calendar.previousTradingDay(now))) {
        return ok(skipped(`not a ${o.frequency} rebalance day`));
      }
      const preview = await o.rebalance.preview(o.method);
      if (!preview.ok) return preview;
      const p = preview.value;
      if (p.trades.length === 0) {
        // Nothing left to trade: either the book is at its targets, or the risk checks cut every trade (say which).
        const cut = p.notes.filter((n) => n.includes('cut by the risk checks'));
        return ok(done(cut.length > 0 ? `nothing placed: ${cut.join('; ')}` : `already at the ${p.method} targets`));
      }
      const fields = [
        ...p.trades.slice(0, 20).map((t) => ({ name: `${t.side} ${t.quantity} ${t.symbol}`, value: `${formatInr(t.value)} at ${t.price.toFixed(2)}`, inline: true })),
        { name: 'Turnover', value: formatInr(p.turnover), inline: true },
        { name: 'Charges (est.)', value: formatInr(p.estimatedCharges), inline: true },
      ];
      if (o.policy === 'propose') {
        o.notify.notify({
          kind: 'approval',
          severity: 'info',
          title: `Rebalance to ${p.method}: ${plural(p.trades.length, 'trade')} to approve`,
          text: [p.trades.length > 20 ? `The first 20 of ${p.trades.length} trades are shown.` : '', ...p.notes].filter((l) => l !== '').join('\n') || undefined,
          fields,
          actions: [{ label: `Send ${p.trades.length} orders`, command: `/rebalance_submit ${p.id}` }],
        });
        return ok(done(`proposed ${plural(p.trades.length, 'trade')} (preview ${p.id})`));
      }
      const sent = await o.rebalance.submit(p.id, o.user);
      if (!sent.ok) return sent;
      o.notify.notify({ kind: 'system', severity: 'info', title: `Rebalance to ${p.method}: ${sent.value.orders} orders sent`, text: sent.value.message, fields });
      return ok(done(`submitted ${sent.value.orders} orders`));
    },
  });
}
