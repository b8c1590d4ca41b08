import { z } from 'zod';
import { plural } from '../src/core/plural';
import { wholeNumber } from './lib/args';
import { defineCommand } from './lib/command';
import { holding, istTime, notAvailable, price, rupees } from './lib/format';

export const tradesCommand = defineCommand({
  name: 'trades',
  summary: 'The last closed trades: entry, exit, P&L, charges, holding time',
  usage: '/trades [n]',
  example: '/trades 5',
  role: 'viewer',
  positional: ['n'],
  args: z.object({ n: wholeNumber(1, 50).default(10) }),
  async run(args, services) {
    if (!services.history) return notAvailable('history');
    const all = await services.history.trades();
    if (all.length === 0) return { kind: 'text', text: 'No closed trades yet: a trade closes when its position is back to zero.' };
    const shown = all.slice(0, args.n);
    return {
      kind: 'text',
      text: [
        shown.length < all.length ? `Last ${shown.length} of ${plural(all.length, 'closed trade')} (newest first)` : `${plural(all.length, 'closed trade')} (newest first)`,
        ...shown.map((t) =>
          [
            `${t.symbol} ${t.side} ${t.quantity} · ${t.account}`,
            `  ${price(t.entryPrice)} → ${price(t.exitPrice)} · P&L ${rupees(t.pnl)} · charges ${rupees(t.charges)}`,
            `  ${istTime(t.entryTime)} → ${istTime(t.exitTime)} IST · held ${holding(t.exitTime - t.entryTime)} · ${t.exitReason}`,
          ].join('\n'),
        ),
      ].join('\n'),
    };
  },
});
