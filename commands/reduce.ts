import { z } from 'zod';
import { defineCommand } from './lib/command';
import { notAvailable } from './lib/format';

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
    const c = services.trading.reduce(user);
    return {
      kind: 'text',
      text: c.previous === c.state ? `Trading was already ${c.state}; nothing changed.` : `Trading is now ${c.state} (was ${c.previous}), set by ${c.by}.`,
    };
  },
});
