import { z } from 'zod';
import { id } from './lib/args';
import { defineCommand } from './lib/command';
import { fromResult, istTime, notAvailable, price } from './lib/format';

export const orderCommand = defineCommand({
  name: 'order',
  summary: 'One order: status, fills, who asked for it and why',
  usage: '/order <id>',
  example: '/order ap-1a2b3c',
  role: 'viewer',
  positional: ['id'],
  args: z.object({ id }),
  async run(args, services) {
    if (!services.orders) return notAvailable('orders');
    return fromResult(await services.orders.get(args.id), (o) => {
      const rows: [string, string][] = [
        ['Order', `${o.side} ${o.quantity} ${o.symbol} ${o.orderType} ${o.product}`],
        ['Status', o.status],
        ['Filled', `${o.filledQuantity}${o.averagePrice !== undefined ? ` @ ${price(o.averagePrice)}` : ''}`],
      ];
      if (o.price !== undefined) rows.push(['Limit', price(o.price)]);
      if (o.trigger !== undefined) rows.push(['Trigger', price(o.trigger)]);
      rows.push(['Source', o.source], ['Reason', o.reason], ['Updated', `${istTime(o.updatedAt)} IST`]);
      if (o.brokerOrderId) rows.push(['Broker id', o.brokerOrderId]);
      if (o.message) rows.push(['Message', o.message]);
      return { kind: 'table', title: `Order ${o.id}`, columns: ['', ''], rows };
    });
  },
});
