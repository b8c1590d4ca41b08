import { z } from 'zod';
import { defineCommand } from './lib/command';
import { fromResult, istTime, notAvailable, price, rupees } from './lib/format';
import { optimiseMethod } from './optimize';

export const rebalanceCommand = defineCommand({
  name: 'rebalance',
  summary: 'Preview the trades that move the portfolio to target weights, then send them as one batch',
  usage: '/rebalance [method]',
  example: '/rebalance minimum-variance',
  role: 'trader',
  positional: ['method'],
  args: z.object({ method: optimiseMethod.default('equal-weight') }),
  async run(args, services) {
    if (!services.rebalance) return notAvailable('rebalance');
    return fromResult(await services.rebalance.preview(args.method), (p) => {
      if (p.trades.length === 0) return { kind: 'text', text: `The portfolio is already at its ${p.method} targets; no trades needed.` };
      return {
        kind: 'many',
        replies: [
          {
            kind: 'table',
            title: `Rebalance to ${p.method}`,
            columns: ['trade', 'price', 'value'],
            rows: p.trades.map((t) => [`${t.side} ${t.quantity} ${t.symbol}`, price(t.price), rupees(t.value)]),
            footer: `Turnover ${rupees(p.turnover)}, charges ≈ ${rupees(p.estimatedCharges)}; preview valid until ${istTime(p.expiresAt).slice(11)} IST.`,
          },
          { kind: 'buttons', text: `Send these ${p.trades.length} orders?`, rows: [[{ label: `Send ${p.trades.length} orders`, action: `/rebalance_submit ${p.id}` }]] },
        ],
      };
    });
  },
});
