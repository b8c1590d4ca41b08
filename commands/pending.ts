import { z } from 'zod';
import type { ReplyButton } from '../src/core/reply';
import type { PendingApproval } from '../src/services/api/approvals';
import { defineCommand } from './lib/command';
import { istTime, notAvailable, price, rupees } from './lib/format';

/** Approvals listed with buttons in the one message (a row of 4 each; Telegram allows 100 buttons per message). */
const MAX_LISTED = 20;

const orderLine = (a: PendingApproval): string =>
  `${a.side} ${a.quantity} ${a.symbol} ${a.orderType}${a.price !== undefined ? ` @ ${price(a.price)}` : ''}${a.value !== undefined ? ` (≈ ${rupees(a.value)})` : ''}`;
const whyLine = (a: PendingApproval): string => `${a.source}: ${a.reason}${a.stop !== undefined ? `; stop ${price(a.stop)}` : ''}`;

/** One approval: a single order (decided by its id), or a batch (decided whole, by the approval's id). */
interface Entry {
  readonly id: string;
  readonly orders: PendingApproval[];
}

function entries(list: readonly PendingApproval[]): Entry[] {
  const out: Entry[] = [];
  const byApproval = new Map<string, Entry>();
  for (const p of list) {
    const key = p.batch && p.approvalId !== undefined ? p.approvalId : p.id;
    const e = byApproval.get(key);
    if (e) e.orders.push(p);
    else {
      const fresh: Entry = { id: key, orders: [p] };
      byApproval.set(key, fresh);
      out.push(fresh);
    }
  }
  return out;
}

export const pendingCommand = defineCommand({
  name: 'pending',
  summary: 'Every approval waiting for a decision, in one message with Approve, Reject, ½× and 2× buttons',
  usage: '/pending',
  example: '/pending',
  role: 'viewer',
  args: z.object({}),
  async run(_args, services) {
    if (!services.approvals) return notAvailable('approvals');
    const all = entries(await services.approvals.pending());
    if (all.length === 0) return { kind: 'text', text: 'Nothing is waiting for approval.' };
    const shown = all.slice(0, MAX_LISTED);
    const head = all.length === 1 ? '1 approval is waiting' : `${all.length} approvals are waiting`;
    const text = [`${head}${shown.length < all.length ? ` (the oldest ${shown.length} here; decide them and send /pending again)` : ''}:`];
    shown.forEach((e, k) => {
      const first = e.orders[0]!;
      if (e.orders.length === 1 && !first.batch) {
        text.push(`${k + 1}. ${orderLine(first)}`, `   ${whyLine(first)}`, `   id ${e.id}, asked ${istTime(first.createdAt)} IST`);
        return;
      }
      text.push(`${k + 1}. Batch ${e.id} of ${e.orders.length} orders, asked ${istTime(first.createdAt)} IST`);
      for (const o of e.orders) text.push(`   ${orderLine(o)} — ${whyLine(o)} (order ${o.id})`);
    });
    text.push('', 'Buttons: ✅ approve, ❌ reject, ½× or 2× the size — by the number above.');
    return {
      kind: 'buttons',
      text: text.join('\n'),
      rows: shown.map((e, k): ReplyButton[] => [
        { label: `✅ ${k + 1}`, action: `/approve ${e.id}` },
        { label: `❌ ${k + 1}`, action: `/reject ${e.id}` },
        { label: `½× ${k + 1}`, action: `/approve ${e.id} scale=0.5` },
        { label: `2× ${k + 1}`, action: `/approve ${e.id} scale=2` },
      ]),
    };
  },
});
