import { z } from 'zod';
import { defineCommand } from './lib/command';
import { istTime, notAvailable, price, rupees } from './lib/format';

export const pendingCommand = defineCommand({
  name: 'pending',
  summary: 'Orders waiting for approval, with Approve and Reject buttons',
  usage: '/pending',
  example: '/pending',
  role: 'viewer',
  args: z.object({}),
  async run(_args, services) {
    if (!services.approvals) return notAvailable('approvals');
    const list = await services.approvals.pending();
    if (list.length === 0) return { kind: 'text', text: 'Nothing is waiting for approval.' };
    return {
      kind: 'many',
      replies: list.map((a) => ({
        kind: 'buttons' as const,
        text: [
          `${a.side} ${a.quantity} ${a.symbol} ${a.orderType}${a.price !== undefined ? ` @ ${price(a.price)}` : ''}${a.value !== undefined ? ` (≈ ${rupees(a.value)})` : ''}`,
          `${a.source}: ${a.reason}${a.stop !== undefined ? `; stop ${price(a.stop)}` : ''}`,
          `id ${a.id}, asked ${istTime(a.createdAt)} IST`,
        ].join('\n'),
        rows: [
          [
            { label: 'Approve', action: `/approve ${a.id}` },
            { label: 'Reject', action: `/reject ${a.id}` },
          ],
          [
            { label: '½×', action: `/approve ${a.id} scale=0.5` },
            { label: '2×', action: `/approve ${a.id} scale=2` },
          ],
        ],
      })),
    };
  },
});
