import { z } from 'zod';
import { defineCommand } from './lib/command';
import { notAvailable } from './lib/format';
import { tradingStateReply } from './lib/tradingState';

export const resumeTradingCommand = defineCommand({
  name: 'resume_trading',
  summary: 'Kill switch off: trading back to normal',
  usage: '/resume_trading',
  example: '/resume_trading',
  role: 'admin',
  args: z.object({}),
  confirm: () => 'Resume normal trading? Strategies may place new orders again.',
  async run(_args, services, user) {
    if (!services.trading) return notAvailable('trading');
    return tradingStateReply(await services.trading.resume(user));
  },
});
