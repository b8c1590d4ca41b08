/**
 * The approval card: what a trader needs to decide on a phone — per order the symbol, side, quantity, order
 * type and price, strategy and reason (for an incoming alert: its source and message), sizing rule, stop and ₹ at
 * risk, estimated charges, margin needed and the change in portfolio VaR — with Approve / Reject / ½× / 2× /
 * Limit @ LTP buttons while it is pending, and the outcome (who acted, when) once it is not.
 */
import { price, rupees } from '../../../commands/lib/format';
import { CHARGE_CREDIT_NOTE } from '../../core/costs/chargeBook';
import type { Order } from '../../core/order';
import type { ApprovalCard as Approval, ApprovalCardLine as ApprovalLine } from '../../services/api/approvals';
import { sourceText } from '../../services/engine/orderViews';
import { signApprovalButton, type ApprovalAction } from './callbackData';
import { escapeHtml } from './html';
import type { Keyboard } from '../../core/ports/telegramOutbox';

export interface CardOutcome {
  /** Who acted (a display name) and when; absent for an expiry or a change made elsewhere. */
  readonly by?: string;
  readonly at?: number;
  /** One sentence from the approval service (e.g. "1 order sent to the broker"). */
  readonly message?: string;
}

const istClock = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Kolkata', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
const signed = (v: number): string => (v > 0 ? `+${rupees(v)}` : rupees(v));

/** Where a line's order is now, once the approval was decided (a line pending approval has no state line). */
export function orderStateText(o: Order | undefined): string | undefined {
  if (!o) return undefined;
  const filled = o.filledQuantity > 0 ? `${o.filledQuantity} @ ${price(o.averagePrice)}` : '';
  const why = o.message ? `: ${o.message.replace(/\.$/, '')}` : '';
  switch (o.status) {
    case 'PENDING_APPROVAL':
      return undefined;
    case 'APPROVED':
    case 'SUBMITTED':
    case 'OPEN':
      return '⏳ At the broker, waiting for a fill';
    case 'UNKNOWN':
      return `❓ Unknown at the broker — its placement got no answer; an admin resolves it (/resolve ${o.intent.clientOrderId})`;
    case 'PARTIALLY_FILLED':
      return `◑ Partly filled ${filled} of ${o.intent.quantity}`;
    case 'FILLED':
      return `✅ Filled ${filled}`;
    case 'REJECTED':
      return `❌ Rejected by the broker${why}`;
    case 'DENIED':
      return `⛔ Refused by the risk checks${why}`;
    case 'CANCELLED':
      return `✖ Cancelled${filled ? ` after ${filled}` : ''}${why}`;
    case 'EXPIRED':
      return '⌛ Expired — not placed';
  }
}

function lineHtml(l: ApprovalLine, n: number, of: number, order: Order | undefined): string[] {
  const i = l.intent;
  const at = i.orderType === 'MARKET' ? `MARKET (≈${price(l.signalPrice)})` : `${i.orderType} @ ${price(i.price ?? i.trigger)}`;
  const head = `${of > 1 ? `${n}. ` : ''}<b>${i.side} ${i.quantity} ${escapeHtml(i.symbol)}</b> ${escapeHtml(at)}${l.included ? '' : ' <i>(left out)</i>'}`;
  const state = orderStateText(order);
  // What the order puts at risk in rupees: down to the stop, and the whole position's value (what a gap or no stop risks).
  // A CNC sell opens nothing (the risk engine lets it sell only shares held): it takes risk off, and says so.
  const whole = rupees(i.quantity * (i.price ?? l.signalPrice));
  const stop =
    i.side === 'SELL' && i.product === 'CNC'
      ? `Sells shares held · no new risk (${whole} of the position)`
      : l.stop !== undefined
        ? `Stop ${price(l.stop)} · at risk ${rupees(l.riskRupees ?? Number.NaN)} to the stop (${whole} without it)`
        : `No stop · at risk ${whole} (the whole position)`;
  return [
    head,
    `Order <code>${escapeHtml(i.clientOrderId)}</code>${state !== undefined ? ` · ${escapeHtml(state)}` : ''}`,
    // An incoming alert's card names where the alert came from and what it said (the order's reason).
    i.source.kind === 'alert' ? `Alert from <b>${escapeHtml(i.source.source)}</b>: ${escapeHtml(i.reason)}` : `Strategy: ${escapeHtml(sourceText(i.source))} — ${escapeHtml(i.reason)}`,
    `Sizing: ${escapeHtml(l.sizingReason)}`,
    escapeHtml(stop),
    // The estimate is what the order adds to the account's charges of the day (chargeBook.ts), so a sell of shares bought
    // today can lower them: said, not shown as a bare minus.
    escapeHtml(`Charges ≈ ${rupees(l.estimatedCharges)}${l.estimatedCharges < 0 ? ` (${CHARGE_CREDIT_NOTE})` : ''} · margin ${rupees(l.marginNeeded)}`),
    escapeHtml(`Portfolio VaR ${signed(l.varChange)}`),
  ];
}

const STATUS_LINE: Record<Approval['status'], string> = {
  PENDING: '⏳ Waiting for approval',
  APPROVED: '✅ Approved',
  REJECTED: '❌ Rejected',
  EXPIRED: '⌛ Expired — nothing was placed',
  CANCELLED: '✖ Cancelled — nothing was placed',
};

/** The card's HTML (well under 4096 characters for up to about 15 lines). */
export function approvalCardText(a: Approval, outcome: CardOutcome = {}, now?: number, orders: readonly (Order | undefined)[] = []): string {
  const parts = [a.lines.length === 1 ? `<b>Order approval</b>` : `<b>Batch approval</b> <code>${escapeHtml(a.id)}</code>`];
  a.lines.slice(0, 15).forEach((l, k) => parts.push('', ...lineHtml(l, k + 1, a.lines.length, a.status === 'PENDING' ? undefined : orders[k])));
  if (a.lines.length > 15) parts.push('', escapeHtml(`…and ${a.lines.length - 15} more orders (/pending lists them).`));
  parts.push('');
  if (a.status === 'PENDING') {
    const left = now !== undefined ? Math.max(0, Math.round((a.expiresAt - now) / 1000)) : undefined;
    parts.push(`${STATUS_LINE.PENDING}${left !== undefined ? ` (expires in ${left} s)` : ''}`);
    if (outcome.message) parts.push(`<i>${escapeHtml(outcome.message)}</i>`);
  } else {
    const who = outcome.by ? ` by ${escapeHtml(outcome.by)}` : '';
    const when = outcome.at !== undefined ? ` at ${istClock.format(new Date(outcome.at))} IST` : '';
    parts.push(`<b>${STATUS_LINE[a.status]}${who}${when}</b>`);
    if (outcome.message) parts.push(escapeHtml(outcome.message));
  }
  return parts.join('\n');
}

/** The card's buttons for one recipient (signed for that user and this version of the approval). */
export function approvalKeyboard(a: Approval, recipient: number, key: Buffer, canDouble: boolean): Keyboard | undefined {
  if (a.status !== 'PENDING') return undefined;
  const b = (text: string, action: ApprovalAction) => ({ text, callback_data: signApprovalButton(key, { approvalId: a.id, version: a.version, action, recipient }) });
  return [
    [b('✅ Approve', 'approve'), b('❌ Reject', 'reject')],
    [b('½×', 'half'), ...(canDouble ? [b('2×', 'double')] : []), b('Limit @ LTP', 'limit')],
  ];
}
