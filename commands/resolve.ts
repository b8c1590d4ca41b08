import { z } from 'zod';
import { UNKNOWN_ORDER_ACTIONS } from '../src/services/api/orders';
import { id } from './lib/args';
import { defineCommand } from './lib/command';
import { fromResult, notAvailable } from './lib/format';

export const resolveCommand = defineCommand({
  name: 'resolve',
  summary: 'An order in UNKNOWN (its placement got no answer): check the broker again, or give it up',
  usage: '/resolve <id> check|giveup',
  example: '/resolve ab3de5fg check',
  role: 'admin',
  positional: ['id', 'action'],
  args: z.object({ id, action: z.enum(UNKNOWN_ORDER_ACTIONS, { error: 'say check (look it up at the broker again) or giveup (end it if the broker still does not show it)' }) }),
  confirm: (args) =>
    args.action === 'giveup'
      ? `Give up order ${args.id}? It is looked up once more; if the broker still does not show it, it ends CANCELLED and new orders for its symbol are accepted again. If the broker shows it later, cancel it there.`
      : undefined,
  async run(args, services, user) {
    if (!services.orders?.resolve) return notAvailable('orders');
    return fromResult(await services.orders.resolve(args.id, args.action, user), ({ order: o, found }) => {
      const state = `${o.side} ${o.quantity} ${o.symbol}`;
      if (found) return { kind: 'text', text: `Order ${o.id} (${state}) is at the broker: ${o.status}${o.filledQuantity > 0 ? `, ${o.filledQuantity} filled` : ''}. New ${o.symbol} orders are accepted again.` };
      if (o.status === 'CANCELLED') return { kind: 'text', text: `Order ${o.id} (${state}) given up: the broker does not show it, so it is CANCELLED and new ${o.symbol} orders are accepted again.` };
      return { kind: 'text', text: `Order ${o.id} (${state}) is still UNKNOWN: the broker's order book does not show it. Check again later, or /resolve ${o.id} giveup.` };
    });
  },
});
