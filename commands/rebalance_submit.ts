import { z } from 'zod';

/** `skip=2` or `skip=2,3`: preview line numbers to leave out. */
const lineNumbers = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (typeof v === 'string' ? [v] : v))
  .refine((a) => a.length <= 100 && a.every((x) => /^\d{1,3}$/.test(x.trim())), 'expected line numbers such as 2,3')
  .transform((a) => a.map(Number));
import { id } from './lib/args';
import { defineCommand } from './lib/command';
import { fromResult, notAvailable } from './lib/format';

export const rebalanceSubmitCommand = defineCommand({
  name: 'rebalance_submit',
  summary: 'Send a previewed rebalance as orders (they pass risk checks and approvals)',
  usage: '/rebalance_submit <preview id> [skip=<line numbers>]',
  example: '/rebalance_submit ap1a2b3c skip=2,3',
  role: 'trader',
  positional: ['id'],
  args: z.object({ id, skip: lineNumbers.optional() }),
  async run(args, services, user) {
    if (!services.rebalance) return notAvailable('rebalance');
    return fromResult(await services.rebalance.submit(args.id, user, args.skip ?? []), (r) => ({ kind: 'text', text: `Sent ${r.orders} orders; follow them with /orders.${r.message ? ` ${r.message}` : ''}` }));
  },
});
