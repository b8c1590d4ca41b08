import { z } from 'zod';
import { defineCommand } from './lib/command';
import { fromResult, notAvailable, rupees, withRefresh } from './lib/format';

export const portfolioCommand = defineCommand({
  name: 'portfolio',
  aliases: ['pf'],
  summary: 'Cash, margin, exposure and unrealised P&L',
  usage: '/portfolio',
  example: '/portfolio',
  role: 'viewer',
  args: z.object({}),
  async run(_args, services) {
    if (!services.portfolio) return notAvailable('portfolio');
    const r = await services.portfolio.summary();
    return withRefresh(fromResult(r, (s) => ({
      kind: 'table',
      title: 'Portfolio',
      columns: ['', ''],
      rows: [
        ['Available cash', rupees(s.available)],
        ['Margin used', rupees(s.marginUsed)],
        ['Gross exposure', rupees(s.grossExposure)],
        ['Net exposure', rupees(s.netExposure)],
        ['Unrealised P&L', rupees(s.unrealised)],
        ['Positions', String(s.positions)],
        ['Holdings', String(s.holdings)],
      ],
      footer: 'Details: /positions, /holdings, /pnl',
    })), '/portfolio');
  },
});
