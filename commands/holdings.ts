import { z } from 'zod';
import { defineCommand } from './lib/command';
import { fromResult, notAvailable, withRefresh } from './lib/format';
import { positionsTable } from './lib/positionsTable';

export const holdingsCommand = defineCommand({
  name: 'holdings',
  summary: 'Delivery (CNC) holdings with P&L',
  usage: '/holdings',
  example: '/holdings',
  role: 'viewer',
  args: z.object({}),
  async run(_args, services) {
    if (!services.portfolio) return notAvailable('portfolio');
    return withRefresh(fromResult(await services.portfolio.holdings(), (list) => positionsTable('Holdings', list, 'No delivery holdings.')), '/holdings');
  },
});
