import { z } from 'zod';
import { plural } from '../src/core/plural';
import { defineCommand } from './lib/command';
import { fromResult, notAvailable } from './lib/format';
import { orderLine } from './lib/manualOrder';

const target = z.string({ error: 'expected a symbol, an instance id or all' }).pipe(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9&_:-]{0,63}$/, 'expected a symbol, an instance id or all'));

export const exitCommand = defineCommand({
  name: 'exit',
  summary: 'Close positions at the market: one symbol (in every account), one strategy instance’s, or all of them (after a confirmation)',
  usage: '/exit <symbol|instance|all>',
  example: '/exit INFY',
  role: 'trader',
  positional: ['target'],
  args: z.object({ target }),
  confirm: async (args, services) => {
    if (args.target.toLowerCase() !== 'all' || !services.manual) return undefined;
    const plan = await services.manual.exitPlan('all');
    if (!plan.ok || plan.value.positions.length === 0) return undefined;
    const list = plan.value.positions.map((p) => `${p.quantity > 0 ? 'SELL' : 'BUY'} ${Math.abs(p.quantity)} ${p.symbol} ${p.product} (${p.account})`);
    return `Close ${plural(list.length, 'position')} at the market? ${list.join('; ')}.`;
  },
  async run(args, services, user) {
    if (!services.manual) return notAvailable('manual');
    return fromResult(await services.manual.exit(args.target, user), (r) => {
      const lines = r.orders.map((o) => `${o.id}: ${orderLine(o)} for ${o.account}${o.note ? ` (the risk checks ${o.note})` : ''}`);
      const head = r.orders.length === 0 ? 'Nothing was sent.' : r.approvalId !== undefined ? `${plural(r.orders.length, 'exit order')} wait${r.orders.length === 1 ? 's' : ''} for approval ${r.approvalId} (one card):` : `Sent ${plural(r.orders.length, 'exit order')}:`;
      const refused = r.refused.map((x) => `Not closed: ${x.what}: ${x.message}`);
      return { kind: 'text', text: [head, ...lines, ...refused, ...(r.orders.length > 0 ? ['Follow them with /orders.'] : [])].join('\n') };
    });
  },
});
