/**
 * End-of-day summary at 15:40 IST on trading days: the day's P&L, the trades, risk (VaR and limit use) and an
 * equity chart, as one summary notification (Telegram and Discord through the sinks' routes).
 */
import { z } from 'zod';
import { formatInr } from '../core/money';
import { ok } from '../core/result';
import type { NotifyPort } from '../notify/notifier';
import type { OrdersService } from '../services/api/orders';
import type { PnlService } from '../services/api/pnl';
import type { RiskService } from '../services/api/risk';
import { defineJob, done, type Job } from './job';

export interface EndOfDaySummaryJobOptions {
  readonly pnl: Pick<PnlService, 'pnl'>;
  readonly orders: Pick<OrdersService, 'list'>;
  readonly risk?: Pick<RiskService, 'report'>;
  /** The equity chart as PNG, when one can be drawn. */
  readonly chart?: () => Promise<Uint8Array | undefined>;
  readonly notify: NotifyPort;
  /** Default 15:40. */
  readonly at?: string;
}

export function endOfDaySummaryJob(o: EndOfDaySummaryJobOptions): Job {
  return defineJob({
    name: 'end-of-day-summary',
    summary: 'End-of-day summary at 15:40 IST (P&L, trades, risk, chart)',
    schedule: { kind: 'daily', at: o.at ?? '15:40' },
    data: z.object({}),
    tradingDaysOnly: true,
    async run() {
      const pnl = await o.pnl.pnl('day');
      if (!pnl.ok) return pnl;
      const p = pnl.value;
      const orders = await o.orders.list('today');
      const traded = orders.filter((x) => x.filledQuantity > 0);
      const turnover = traded.reduce((sum, x) => sum + x.filledQuantity * (x.averagePrice ?? 0), 0);
      const fields = [
        { name: 'Net P&L', value: formatInr(p.net), inline: true },
        { name: 'Realised', value: formatInr(p.realised), inline: true },
        { name: 'Unrealised', value: formatInr(p.unrealised), inline: true },
        { name: 'Charges', value: formatInr(p.charges), inline: true },
        { name: 'Trades', value: `${traded.length} filled of ${orders.length} orders, turnover ${formatInr(turnover)}`, inline: false },
      ];
      if (o.risk) {
        const r = await o.risk.report();
        if (r.ok) {
          const v = r.value.var[0];
          if (v) fields.push({ name: `VaR ${Math.round(v.confidence * 100)} % ${v.horizonDays}d`, value: formatInr(v.valueAtRisk), inline: true });
          fields.push({ name: 'Gross exposure', value: formatInr(r.value.grossExposure), inline: true });
        } else fields.push({ name: 'Risk', value: `unavailable: ${r.error}`, inline: false });
      }
      const best = [...p.bySymbol].sort((a, b) => b.net - a.net).slice(0, 5);
      for (const s of best) fields.push({ name: s.key, value: formatInr(s.net), inline: true });
      const image = o.chart ? await o.chart().catch(() => undefined) : undefined;
      o.notify.notify({
        kind: 'summary',
        severity: p.net < 0 ? 'warning' : 'info',
        title: `Day summary ${p.to}: ${formatInr(p.net)}`,
        fields,
        ...(image ? { image } : {}),
      });
      return ok(done(`net ${formatInr(p.net)}, ${traded.length} trades`));
    },
  });
}
