import { z } from 'zod';
import { defineCommand } from './lib/command';
import { notAvailable } from './lib/format';
import { tradingStateReply } from './lib/tradingState';

export const reduceCommand = defineCommand({
  name: 'reduce',
  summary: 'Kill switch: only orders that shrink positions may go out',
  usage: '/reduce',
  example: '/reduce',
  role: 'admin',
  args: z.object({}),
  confirm: () => 'Switch to reducing? Only orders that shrink positions will go out.',
  async run(_args, services, user) {
    if (!services.trading) return notAvailable('trading');
    return tradingStateReply(await services.trading.reduce(user));
  },
});
