import { z } from 'zod';
import { defineCommand } from './lib/command';
import { fromResult, notAvailable, withRefresh } from './lib/format';
import { positionsTable } from './lib/positionsTable';

export const positionsCommand = defineCommand({
  name: 'positions',
  summary: 'Open positions with average price, last price and P&L',
  usage: '/positions',
  example: '/positions',
  role: 'viewer',
  args: z.object({}),
  async run(_args, services) {
    if (!services.portfolio) return notAvailable('portfolio');
    return withRefresh(fromResult(await services.portfolio.positions(), (list) => positionsTable('Positions', list, 'No open positions.')), '/positions');
  },
});
