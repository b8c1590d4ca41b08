import { z } from 'zod';
import { defineCommand } from './lib/command';

export const startCommand = defineCommand({
  name: 'start',
  summary: 'Welcome and the first commands to try',
  usage: '/start',
  example: '/start',
  role: 'viewer',
  args: z.object({}),
  async run(_args, services, user) {
    const mode = services.mode?.current();
    return {
      kind: 'text',
      text: [
        `Welcome to AutoPPM${user.name ? `, ${user.name}` : ''} (${user.role}${mode ? `, ${mode} mode` : ''}).`,
        'Try /status for the state of the bot, /strategies for what can trade,',
        '/backtest sma-cross RELIANCE from=2024-01-01 to test an idea, and /help for every command.',
      ].join('\n'),
    };
  },
});
