import { z } from 'zod';
import { defineCommand } from './lib/command';
import { notAvailable } from './lib/format';
import { tradingStateReply, tradingStateText } from './lib/tradingState';

export const haltCommand = defineCommand({
  name: 'halt',
  summary: 'Kill switch: no new orders, pending approvals cancelled; working orders stay (add "cancel" to cancel them too)',
  usage: '/halt [cancel]',
  example: '/halt',
  role: 'admin',
  positional: ['what'],
  args: z.object({ what: z.literal('cancel', { message: 'say /halt, or /halt cancel to also cancel working orders' }).optional() }),
  confirm: (args, services) => {
    const working = services.trading?.workingOrders() ?? 0;
    return args.what === 'cancel'
      ? `Halt all trading and cancel ${working} working order${working === 1 ? '' : 's'} at the broker?`
      : 'Halt all trading? No new orders will go out and pending approvals are cancelled; working orders stay until you cancel them.';
  },
  async run(args, services, user) {
    if (!services.trading) return notAvailable('trading');
    const c = await services.trading.halt(user);
    if (args.what !== 'cancel') return tradingStateReply(c);
    const r = await services.trading.cancelWorking(user);
    const text = [
      tradingStateText({ ...c, workingOrders: 0 }),
      r.cancelled.length > 0 ? `Cancelling ${r.cancelled.length} working order${r.cancelled.length === 1 ? '' : 's'}: ${r.cancelled.join(', ')}.` : 'No order was working at the broker.',
      ...(r.kept.length > 0 ? [`Kept ${r.kept.length} exit order${r.kept.length === 1 ? '' : 's'} that close risk (square-off, stop-loss, take-profit): ${r.kept.join(', ')}.`] : []),
      ...r.failed.map((f) => `Order ${f.id} could not be cancelled: ${f.message}`),
    ];
    return { kind: 'text', text: text.join('\n') };
  },
});
