import { z } from 'zod';
import { defineCommand } from './lib/command';
import { notAvailable } from './lib/format';

export const haltCommand = defineCommand({
  name: 'halt',
  summary: 'Kill switch: stop all new orders (working orders stay; cancel them with your broker if needed)',
  usage: '/halt',
  example: '/halt',
  role: 'admin',
  args: z.object({}),
  confirm: () => 'Halt all trading? No new orders will go out until /resume_trading.',
  async run(_args, services, user) {
    if (!services.trading) return notAvailable('trading');
    const c = services.trading.halt(user);
    return {
      kind: 'text',
      text: c.previous === c.state ? `Trading was already ${c.state}; nothing changed.` : `Trading is now ${c.state} (was ${c.previous}), set by ${c.by}.`,
    };
  },
});
