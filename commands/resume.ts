import { z } from 'zod';
import { id } from './lib/args';
import { defineCommand } from './lib/command';
import { fromResult, notAvailable } from './lib/format';

export const resumeCommand = defineCommand({
  name: 'resume',
  summary: 'Resume a paused strategy instance',
  usage: '/resume <id>',
  example: '/resume sma-cross-1a2b3c4d',
  role: 'trader',
  positional: ['id'],
  args: z.object({ id }),
  async run(args, services) {
    if (!services.instances) return notAvailable('instances');
    return fromResult(await services.instances.resume(args.id), (i) => ({ kind: 'text', text: `Resumed ${i.id}; it trades again from the next bar.` }));
  },
});
