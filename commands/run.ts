import { z } from 'zod';
import { capital, extras, name, sizing, symbols } from './lib/args';
import { defineCommand } from './lib/command';
import { fromResult, pct, rupees, notAvailable } from './lib/format';

export const runCommand = defineCommand({
  name: 'run',
  summary: 'Start a strategy instance (paper or live, as the bot runs)',
  usage: '/run <strategy> <symbols> [param=value…] [capital=share|%|₹] [sizing=pct:N|kelly|risk:N|fixed:N]',
  example: '/run sma-cross RELIANCE fast=10 slow=30 capital=10% sizing=pct:50',
  role: 'trader',
  positional: ['strategy', 'symbols'],
  extra: 'params',
  args: z.object({ strategy: name, symbols, capital: capital.optional(), sizing: sizing.optional(), params: extras }),
  async run(args, services) {
    if (!services.instances) return notAvailable('instances');
    const r = await services.instances.start({ strategy: args.strategy, symbols: args.symbols, params: args.params, ...(args.capital ? { capital: args.capital } : {}), ...(args.sizing ? { sizing: args.sizing } : {}) });
    return fromResult(r, (i) => ({
      kind: 'buttons',
      text: `Started ${i.id}: ${i.strategy} on ${i.symbols.join(', ')} with ${rupees(i.capital)} (${pct(i.capitalShare, 1)} of capital); sizing: ${i.sizing}.`,
      rows: [[{ label: 'Pause', action: `/pause ${i.id}` }, { label: 'Stop', action: `/stop ${i.id}` }, { label: 'Instances', action: '/instances' }]],
    }));
  },
});
