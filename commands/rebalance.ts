import { z } from 'zod';
import { plural } from '../src/core/plural';
import { defineCommand } from './lib/command';
import { fromResult, istTime, notAvailable, pct, price, rupees } from './lib/format';
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
      const notes = p.notes.length > 0 ? ` Left out: ${p.notes.join('; ')}.` : '';
      if (p.trades.length === 0) {
        // Nothing to send: either the book is at its targets, or the risk checks refused every trade (halted, limits).
        const refused = p.notes.some((n) => n.includes('cut by the risk checks'));
        return { kind: 'text', text: refused ? `Nothing can be sent: the risk checks refused every trade the ${p.method} targets need; nothing was placed.${notes}` : `The portfolio is already at its ${p.method} targets; no trades needed.${notes}` };
      }
      // The skip hint names lines the preview has (and never all of them).
      const skip = p.trades.length >= 3 ? ` (skip lines with /rebalance_submit ${p.id} skip=2,3)` : p.trades.length === 2 ? ` (skip a line with /rebalance_submit ${p.id} skip=2)` : '';
      return {
        kind: 'many',
        replies: [
          {
            kind: 'table',
            title: `Rebalance to ${p.method}`,
            columns: ['#', 'trade', 'price', 'value', 'charges', 'weight/target'],
            rows: p.trades.map((t, i) => [String(i + 1), `${t.side} ${t.quantity} ${t.symbol}`, price(t.price), rupees(t.value), rupees(t.estimatedCharges), `${pct(t.weightAfter, 1)}/${pct(t.targetWeight, 1)}`]),
            footer: `Turnover ${rupees(p.turnover)}, charges ≈ ${rupees(p.estimatedCharges)}, cash after ${rupees(p.cashAfter)}; approve by ${istTime(p.expiresAt).slice(11)} IST${skip}.${notes}`,
          },
          { kind: 'buttons', text: p.trades.length === 1 ? 'Send this order?' : `Send these ${p.trades.length} orders?`, rows: [[{ label: `Send ${plural(p.trades.length, 'order')}`, action: `/rebalance_submit ${p.id}` }]] },
        ],
      };
    });
  },
});
