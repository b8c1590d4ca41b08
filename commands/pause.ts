import { z } from 'zod';
import { id } from './lib/args';
import { defineCommand } from './lib/command';
import { fromResult, notAvailable } from './lib/format';

export const pauseCommand = defineCommand({
  name: 'pause',
  summary: 'Pause a strategy instance (it keeps its positions, makes no new decisions)',
  usage: '/pause <id>',
  example: '/pause sma-cross-1a2b3c4d',
  role: 'trader',
  positional: ['id'],
  args: z.object({ id }),
  async run(args, services) {
    if (!services.instances) return notAvailable('instances');
    return fromResult(await services.instances.pause(args.id), (i) => ({
      kind: 'buttons',
      text: `Paused ${i.id}.`,
      rows: [[{ label: 'Resume', action: `/resume ${i.id}` }]],
    }));
  },
});
