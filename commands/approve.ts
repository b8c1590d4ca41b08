import { z } from 'zod';
import type { Reply } from '../src/core/reply';
import { placedOrRefused, type ApprovalChange } from '../src/services/api/approvals';
import { choice, id } from './lib/args';
import { defineCommand } from './lib/command';
import { notAvailable, rupees } from './lib/format';

/** Approving everything pending above this total value needs a confirmation. */
export const BATCH_CONFIRM_VALUE = 100_000;

const scale = choice(['0.5', '2', 'half', 'double'], 'expected 0.5 or 2').transform((s) => (s === '0.5' || s === 'half' ? 0.5 : 2) as 0.5 | 2);
const limit = z
  .string({ error: 'expected one price' })
  .transform((s) => Number(s))
  .pipe(z.number({ error: 'expected a price' }).positive('expected a price above 0'));

export const approveCommand = defineCommand({
  name: 'approve',
  summary: 'Approve a pending order (or all), optionally scaled ½×/2× or as a limit order',
  usage: '/approve <id|all> [scale=0.5|2] [limit=price]',
  example: '/approve ap-1a2b3c scale=0.5',
  role: 'trader',
  positional: ['id'],
  args: z.object({ id, scale: scale.optional(), limit: limit.optional() }).refine((a) => !(a.scale && a.limit), { message: 'give scale or limit, not both', path: ['scale'] }),
  confirm: async (args, services) => {
    if (args.id.toLowerCase() !== 'all' || !services.approvals) return undefined;
    const list = await services.approvals.pending();
    let total = 0;
    for (const a of list) total += a.value ?? Infinity;
    return total >= BATCH_CONFIRM_VALUE ? `Approve all ${list.length} pending orders worth ${Number.isFinite(total) ? rupees(total) : 'an unknown amount (market orders)'}?` : undefined;
  },
  async run(args, services, user) {
    const approvals = services.approvals;
    if (!approvals) return notAvailable('approvals');
    const change: ApprovalChange | undefined = args.scale ? { kind: 'scale', factor: args.scale } : args.limit ? { kind: 'limit', price: args.limit } : undefined;
    if (args.id.toLowerCase() === 'all') {
      if (change) return { kind: 'error', message: 'scale and limit apply to one order; approve all without them, or approve one id.' };
      const list = await approvals.pending();
      if (list.length === 0) return { kind: 'text', text: 'Nothing is waiting for approval.' };
      const lines: string[] = [];
      for (const a of list) {
        const r = placedOrRefused(await approvals.decide({ id: a.id, choice: { kind: 'approve' } }, user));
        lines.push(r.ok ? `${a.id}: ${r.value.status.toLowerCase()}` : `${a.id}: not approved — ${r.error}`);
      }
      return { kind: 'text', text: lines.join('\n') };
    }
    const r = placedOrRefused(await approvals.decide({ id: args.id, choice: change ? { kind: 'change', change, then: 'approve' } : { kind: 'approve' } }, user));
    const reply: Reply = r.ok ? { kind: 'text', text: `Order ${r.value.id} ${r.value.status.toLowerCase()} by ${r.value.by}${r.value.message ? `: ${r.value.message}` : '.'}` } : { kind: 'error', message: r.error };
    return reply;
  },
});
