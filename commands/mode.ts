import { z } from 'zod';
import { choice } from './lib/args';
import { defineCommand } from './lib/command';
import { fromResult, notAvailable } from './lib/format';

export const modeCommand = defineCommand({
  name: 'mode',
  summary: 'Show the mode, or switch between paper and live (live needs a confirmation)',
  usage: '/mode [paper|live]',
  example: '/mode paper',
  role: 'admin',
  positional: ['mode'],
  args: z.object({ mode: choice(['paper', 'live'], 'expected paper or live').optional() }),
  confirm: (args) => (args.mode === 'live' ? 'Switch to LIVE trading? Real orders will go to Zerodha with real money.' : undefined),
  async run(args, services, user) {
    if (!services.mode) return notAvailable('mode');
    if (!args.mode) return { kind: 'text', text: `The bot runs in ${services.mode.current()} mode; switch with /mode paper or /mode live.` };
    return fromResult(await services.mode.set(args.mode, user), (r) => ({ kind: 'text', text: `Mode: ${r.mode}. ${r.note}` }));
  },
});
