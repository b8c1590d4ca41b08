import { z } from 'zod';
import { defineCommand } from './lib/command';
import { fromResult, notAvailable, num, pct, rupees } from './lib/format';

export const riskCommand = defineCommand({
  name: 'risk',
  summary: 'VaR and CVaR, beta, exposure and limit usage',
  usage: '/risk',
  example: '/risk',
  role: 'viewer',
  args: z.object({}),
  async run(_args, services) {
    if (!services.risk) return notAvailable('risk');
    return fromResult(await services.risk.report(), (r) => ({
      kind: 'many',
      replies: [
        {
          kind: 'table',
          title: `Risk on ${rupees(r.equity)} equity: gross ${rupees(r.grossExposure)}, net ${rupees(r.netExposure)}, beta ${num(r.beta)}`,
          columns: ['VaR', 'conf', 'days', 'VaR ₹', 'CVaR ₹'],
          rows: r.var.map((v) => [v.method, pct(v.confidence, 0), String(v.horizonDays), rupees(v.valueAtRisk), rupees(v.expectedShortfall)]),
        },
        {
          kind: 'table',
          title: 'Limits',
          columns: ['limit', 'used', 'max', 'use'],
          rows: r.limits.map((l) => {
            const f = (v: number) => (l.unit === '₹' ? rupees(v) : l.unit === '%' ? `${num(v)}%` : String(v));
            return [l.name, f(l.used), f(l.limit), l.limit > 0 ? pct(l.used / l.limit, 0) : '–'];
          }),
        },
      ],
    }));
  },
});
