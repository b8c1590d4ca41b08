import { z } from 'zod';
import { choice } from './lib/args';
import { defineCommand } from './lib/command';
import { istTime, notAvailable, price, withRefresh } from './lib/format';

const MAX_ROWS = 30;

export const ordersCommand = defineCommand({
  name: 'orders',
  summary: 'Open orders (default) or every order of today',
  usage: '/orders [open|today]',
  example: '/orders today',
  role: 'viewer',
  positional: ['which'],
  args: z.object({ which: choice(['open', 'today'], 'expected open or today').default('open') }),
  async run(args, services) {
    if (!services.orders) return notAvailable('orders');
    const list = await services.orders.list(args.which);
    const again = `/orders ${args.which}`;
    if (list.length === 0) return withRefresh({ kind: 'text', text: args.which === 'open' ? 'No open orders.' : 'No orders today.' }, again);
    const shown = list.slice(0, MAX_ROWS);
    return withRefresh({
      kind: 'table',
      title: args.which === 'open' ? 'Open orders' : 'Orders today',
      columns: ['id', 'order', 'status', 'time'],
      rows: shown.map((o) => [
        o.id,
        // Market orders carry no suffix, so the symbol fits a phone's table; a limit or stop shows its price.
        `${o.side} ${o.filledQuantity > 0 ? `${o.filledQuantity}/` : ''}${o.quantity} ${o.symbol}${o.orderType === 'MARKET' ? '' : ` @${price(o.price ?? o.trigger)}`}`,
        o.status,
        istTime(o.updatedAt).slice(11),
      ]),
      footer: `${list.length > MAX_ROWS ? `First ${MAX_ROWS} of ${list.length}. ` : ''}Details: /order <id>`,
    }, again);
  },
});
