import { z } from 'zod';
import type { PerformanceLine } from '../src/services/api/history';
import { defineCommand } from './lib/command';
import { notAvailable, pct, rupees } from './lib/format';

const line = (l: PerformanceLine): string => `${l.key}: ${rupees(l.pnl)} · ${l.trades} trade${l.trades === 1 ? '' : 's'}, ${pct(l.wins / l.trades, 0)} won · charges ${rupees(l.charges)}`;

export const performanceCommand = defineCommand({
  name: 'performance',
  summary: 'Closed trades’ net P&L per symbol and per strategy instance',
  usage: '/performance',
  example: '/performance',
  role: 'viewer',
  args: z.object({}),
  async run(_args, services) {
    if (!services.history) return notAvailable('history');
    const r = await services.history.performance();
    if (r.bySymbol.length === 0) return { kind: 'text', text: 'No closed trades yet: a trade closes when its position is back to zero.' };
    return {
      kind: 'text',
      text: ['Performance of closed trades (net of charges)', '', 'By symbol:', ...r.bySymbol.map(line), '', 'By strategy instance (portfolio = manual orders and rebalances):', ...r.byStrategy.map(line)].join('\n'),
    };
  },
});
