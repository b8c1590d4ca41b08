import { z } from 'zod';
import { id, priceValue, wholeNumber } from './lib/args';
import { defineCommand } from './lib/command';
import { fromResult, notAvailable } from './lib/format';
import { orderLine } from './lib/manualOrder';

export const modifyCommand = defineCommand({
  name: 'modify',
  summary: 'Change a working order’s limit price or quantity (checked by the risk engine again, then at the broker)',
  usage: '/modify <order id> [price=…] [qty=…]',
  example: '/modify ab12cd34 price=1495.5',
  role: 'trader',
  positional: ['id'],
  args: z.object({ id, price: priceValue.optional(), qty: wholeNumber(1, 1_000_000).optional() }).refine((a) => a.price !== undefined || a.qty !== undefined, { message: 'give price=… or qty=… (or both)' }),
  async run(args, services, user) {
    if (!services.manual) return notAvailable('manual');
    const r = await services.manual.modify(args.id, { ...(args.price !== undefined ? { price: args.price } : {}), ...(args.qty !== undefined ? { quantity: args.qty } : {}) }, user);
    return fromResult(r, (o) => ({ kind: 'text', text: `Order ${o.id} is now ${orderLine(o)}${o.note ? ` (${o.note.replace(/\.$/, '')})` : ''}; follow it with /order ${o.id}.`, buttons: [[{ label: 'Status', action: `/order ${o.id}` }, { label: 'Cancel', action: `/cancel ${o.id}` }]] }));
  },
});
