import { z } from 'zod';
import { id } from './lib/args';
import { defineCommand } from './lib/command';
import { fromResult, notAvailable } from './lib/format';

export const rejectCommand = defineCommand({
  name: 'reject',
  summary: 'Reject a pending order (nothing is placed)',
  usage: '/reject <id>',
  example: '/reject ap-1a2b3c',
  role: 'trader',
  positional: ['id'],
  args: z.object({ id }),
  async run(args, services, user) {
    if (!services.approvals) return notAvailable('approvals');
    return fromResult(await services.approvals.decide({ id: args.id, choice: { kind: 'reject' } }, user), (o) => ({ kind: 'text', text: `Order ${o.id} rejected by ${o.by}; nothing was placed.` }));
  },
});
