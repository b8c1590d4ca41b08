import { z } from 'zod';
import type { UserRole } from '../src/services/user';
import { defineCommand } from './lib/command';

/** The first commands to try, for what the person may do (a viewer is never offered a trader's command). */
const FIRST_STEPS: Record<UserRole, readonly string[]> = {
  viewer: ['Try /status for the state of the bot, /portfolio and /positions for what is held,', '/trades for closed trades, and /help for every command you may use.'],
  trader: ['Try /status for the state of the bot, /strategies for what can trade,', '/backtest sma-cross RELIANCE from=2024-01-01 to test an idea, /buy INFY 1 for a manual order,', 'and /help for every command.'],
  admin: ['Try /status for the state of the bot, /strategies for what can trade,', '/backtest sma-cross RELIANCE from=2024-01-01 to test an idea, /health for the checks,', 'and /help for every command.'],
};

export const startCommand = defineCommand({
  name: 'start',
  summary: 'Welcome and the first commands to try',
  usage: '/start',
  example: '/start',
  role: 'viewer',
  args: z.object({}),
  async run(_args, services, user) {
    const mode = services.mode?.current();
    const keyboard = services.settings?.keyboard();
    return {
      kind: 'text',
      text: [`Welcome to AutoPPM${user.name ? `, ${user.name}` : ''} (${user.role}${mode ? `, ${mode} mode` : ''}).`, ...FIRST_STEPS[user.role]].join('\n'),
      ...(keyboard && keyboard.length > 0 ? { keyboard } : {}),
    };
  },
});
