import { z } from 'zod';
import { id } from './lib/args';
import { defineCommand } from './lib/command';
import { fromResult, notAvailable } from './lib/format';

export const rebalanceSubmitCommand = defineCommand({
  name: 'rebalance_submit',
  summary: 'Send a previewed rebalance as orders (they pass risk checks and approvals)',
  usage: '/rebalance_submit <preview id>',
  example: '/rebalance_submit rb-1a2b3c',
  role: 'trader',
  positional: ['id'],
  args: z.object({ id }),
  async run(args, services, user) {
    if (!services.rebalance) return notAvailable('rebalance');
    return fromResult(await services.rebalance.submit(args.id, user), (r) => ({ kind: 'text', text: `Sent ${r.orders} orders; follow them with /orders.` }));
  },
});
