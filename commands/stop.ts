import { z } from 'zod';
import { id } from './lib/args';
import { defineCommand } from './lib/command';
import { fromResult, notAvailable } from './lib/format';

export const stopCommand = defineCommand({
  name: 'stop',
  summary: 'Stop a strategy instance (or all of them, after a confirmation)',
  usage: '/stop <id|all>',
  example: '/stop sma-cross-1a2b3c4d',
  role: 'trader',
  positional: ['id'],
  args: z.object({ id }),
  confirm: (args, services) => {
    if (args.id.toLowerCase() !== 'all') return undefined;
    const n = services.instances?.list().filter((i) => i.status === 'running' || i.status === 'paused').length ?? 0;
    return `Stop all ${n} running and paused instances? Their open positions stay as they are.`;
  },
  async run(args, services) {
    if (!services.instances) return notAvailable('instances');
    if (args.id.toLowerCase() === 'all') {
      return fromResult(await services.instances.stopAll(), (list) => ({
        kind: 'text',
        text: list.length === 0 ? 'No instance was running or paused; nothing was stopped.' : `Stopped ${list.length}: ${list.map((i) => i.id).join(', ')}.`,
      }));
    }
    return fromResult(await services.instances.stop(args.id), (i) => ({ kind: 'text', text: `Stopped ${i.id} (${i.strategy} on ${i.symbols.join(', ')}).` }));
  },
});
