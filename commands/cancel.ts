import { z } from 'zod';
import { plural } from '../src/core/plural';
import { id } from './lib/args';
import { defineCommand } from './lib/command';
import { fromResult, notAvailable } from './lib/format';

export const cancelCommand = defineCommand({
  name: 'cancel',
  summary: 'Cancel an order (working at the broker, or waiting for approval), or all of them after a confirmation; the engine’s own exits stay',
  usage: '/cancel <order id|all>',
  example: '/cancel all',
  role: 'trader',
  positional: ['id'],
  args: z.object({ id }),
  confirm: (args, services) => {
    if (args.id.toLowerCase() !== 'all' || !services.manual) return undefined;
    const n = services.manual.cancellable();
    return n === 0 ? undefined : `Cancel ${plural(n, 'open order')} (working at the broker or waiting for approval)? The engine’s own exits stay.`;
  },
  async run(args, services, user) {
    if (!services.manual) return notAvailable('manual');
    return fromResult(await services.manual.cancel(args.id, user), (r) => {
      const lines = [
        ...(r.cancelled.length > 0 ? [`Cancelling ${plural(r.cancelled.length, 'order')} at the broker: ${r.cancelled.join(', ')} (the broker's answer follows in /orders).`] : []),
        ...(r.rejected.length > 0 ? [`Rejected ${plural(r.rejected.length, 'approval')}, nothing placed: ${r.rejected.join(', ')}.`] : []),
        ...(r.kept.length > 0 ? [`Kept ${plural(r.kept.length, 'exit order')} of the engine that close risk: ${r.kept.join(', ')}.`] : []),
        ...r.failed.map((f) => `Not cancelled: ${f.id}: ${f.message}`),
      ];
      return { kind: 'text', text: lines.length > 0 ? lines.join('\n') : 'There was nothing to cancel: no order is working or waiting for approval.' };
    });
  },
});
