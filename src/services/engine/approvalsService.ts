/**
 * The facade's approvals group over the OMS approval service (src/oms/approvalService.ts). `decide` is the one
 * door for every decision — Telegram card taps, typed /approve and /reject, Discord clicks, REST — so each is
 * refused, or acts, the same way: decisions are persisted with compare-and-set, expire, need the trader or admin
 * role (one sentence for every front end), re-check the price and cover batches.
 *  - `pending` lists every order of every live approval (one entry per order; a batch shows its line numbers).
 *  - An id is an approval id, or — for convenience — the id of an order that waits in a one-order approval.
 *    An order of a batch is decided with its batch (the approval id), never alone.
 *  - A change (½×, 2×, limit at a price) is one decision and the approval that follows is another; if the
 *    price moved beyond the limit in between, the approval goes back with new figures and nothing is placed.
 */
import { approvalId, clientOrderId } from '../../core/ids';
import { floorToLot, roundPaise } from '../../core/money';
import type { Order } from '../../core/order';
import { err, ok, type Result } from '../../core/result';
import type { ApprovalRepository } from '../../oms/approvalRepository';
import type { ApprovalResult } from '../../oms/approvalService';
import type { Actor, Approval, Decision } from '../../oms/approvals';
import type { ApprovalChange, ApprovalDecisionRequest, ApprovalOutcome, ApprovalsService, PendingApproval } from '../api/approvals';
import { roleAllows, type User } from '../user';
import { sourceText } from './orderViews';
import { riskNoteOf } from '../../core/riskNote';

/** What the facade needs of the approval service (ApprovalService, or the app's ObservedApprovals around it). */
export interface ApprovalDesk {
  get(id: Approval['id']): Promise<Approval | undefined>;
  decide(id: Approval['id'], decision: Decision, actor: Actor): Promise<Result<ApprovalResult, string>>;
}

export interface ApprovalsServiceOptions {
  readonly desk: ApprovalDesk;
  /** The approvals store, for the list of pending approvals. */
  readonly repo: Pick<ApprovalRepository, 'withStatus'>;
  /** The order pipeline, to find an order given by its id. */
  readonly orders: { get(id: Order['intent']['clientOrderId']): Order | undefined };
  readonly now: () => number;
  readonly lotSize: (symbol: string) => number | undefined;
}

const actorOf = (user: User): Actor => ({ userId: user.id, roles: [user.role], ...(user.name !== undefined ? { name: user.name } : {}) });
const byName = (user: User): string => user.name ?? user.id;

export function approvalsService(o: ApprovalsServiceOptions): ApprovalsService {
  const view = (a: Approval, index: number, included: number): PendingApproval => {
    const l = a.lines[index]!;
    const i = l.intent;
    return {
      id: i.clientOrderId,
      approvalId: a.id,
      ...(included > 1 ? { batch: { line: index + 1, of: a.lines.length } } : {}),
      expiresAt: a.expiresAt,
      symbol: i.symbol,
      side: i.side,
      quantity: i.quantity,
      orderType: i.orderType,
      ...(i.price !== undefined ? { price: i.price } : {}),
      value: roundPaise((i.price ?? l.signalPrice) * i.quantity),
      source: sourceText(i.source),
      reason: i.reason,
      ...(l.stop !== undefined ? { stop: l.stop } : {}),
      createdAt: a.createdAt,
    };
  };

  /** The approval an id names; `verb` finishes the sentence of a refusal ("nothing was placed"). */
  const resolve = async (id: string, verb: 'placed' | 'changed'): Promise<Result<Approval, string>> => {
    const a = await o.desk.get(approvalId(id));
    const order = o.orders.get(clientOrderId(id));
    // A one-order approval has the order's id: once decided, the order's own state says more than the approval's.
    if (a && (a.status === 'PENDING' || !order)) return ok(a);
    if (!order) return err(`There is no approval or order ${id}; /pending lists what waits for approval.`);
    if (order.status !== 'PENDING_APPROVAL') return err(`Order ${id} is ${order.status}, not waiting for approval; nothing was ${verb}.`);
    const cover = (await o.repo.withStatus('PENDING')).find((p) => p.lines.some((l) => l.intent.clientOrderId === id));
    if (!cover) return err(`Order ${id} waits for approval but no approval covers it; nothing was ${verb} — it ends when its approval time runs out.`);
    if (cover.lines.length > 1) {
      const line = cover.lines.findIndex((l) => l.intent.clientOrderId === id) + 1;
      return err(`Order ${id} is line ${line} of ${cover.lines.length} in batch approval ${cover.id}; decide the batch with /approve ${cover.id} or /reject ${cover.id}.`);
    }
    return ok(cover);
  };

  const outcome = (id: string, user: User, r: ApprovalResult, message?: string): ApprovalOutcome => {
    const placedNothing = (r.kind === 'approved' && r.released.length === 0) || r.kind === 'requote';
    const status = r.kind === 'approved' ? 'APPROVED' : r.kind === 'rejected' ? 'CANCELLED' : 'PENDING';
    // A clean approval or rejection needs no note; one with refused lines, a change or a requote says what happened.
    const note = r.kind === 'rejected' ? undefined : r.kind === 'approved' && !placedNothing ? [message, r.refused.length > 0 ? r.message : undefined].filter((s): s is string => s !== undefined).join('; ') : r.message;
    return { id, status, by: byName(user), ...(note ? { message: note } : {}), sentence: r.message, approval: r.approval, placedNothing };
  };

  /** The OMS decision a change is, or why it cannot be made. */
  const changeOf = (a: Approval, change: ApprovalChange): Result<Decision, string> => {
    if (change.kind === 'limit') return ok({ kind: 'limit', price: change.price });
    if (change.kind === 'limit-at-last') return ok({ kind: 'limit-at-last' });
    for (const l of a.lines.filter((x) => x.included)) {
      const lot = o.lotSize(l.intent.symbol) ?? 1;
      if (floorToLot(l.intent.quantity * change.factor, lot) <= 0) {
        return err(`Half of ${l.intent.quantity} ${l.intent.symbol} is less than one lot (${lot}); approve it as it is or reject it.`);
      }
    }
    // No cap here: the risk engine sizes the scaled order when the change is made (OrderPipeline.preview) and checks it
    // again against the limits in force when it is released.
    return ok({ kind: 'scale', factor: change.factor, maxQuantity: Number.MAX_SAFE_INTEGER });
  };

  const changeText = (before: Approval, after: Approval, change: ApprovalChange): string => {
    if (change.kind === 'limit') return `limit at ${change.price}`;
    if (change.kind === 'limit-at-last') return 'limit at the last price';
    const lines = before.lines.filter((l) => l.included);
    if (lines.length !== 1) return `quantities ×${change.factor}`;
    const id = lines[0]!.intent.clientOrderId;
    const changed = after.lines.find((l) => l.intent.clientOrderId === id);
    // The checks cut the new size (OrderPipeline.preview): their note says why, beside the quantity.
    const note = changed === undefined ? undefined : riskNoteOf(changed.intent.reason);
    return `quantity ${lines[0]!.intent.quantity} → ${changed?.intent.quantity ?? 0}${note !== undefined ? ` (${note})` : ''}`;
  };

  const decide = async (req: ApprovalDecisionRequest, user: User): Promise<Result<ApprovalOutcome, string>> => {
    // One sentence for every front end (a role lowered after a card was sent, a viewer's typed command, REST).
    if (!roleAllows(user.role, 'trader')) return err(`Only a trader or an admin can decide approvals; you are a ${user.role}.`);
    const resolved = await resolve(req.id, req.choice.kind === 'reject' ? 'changed' : 'placed');
    if (!resolved.ok) return resolved;
    const a = resolved.value;
    if (req.version !== undefined && a.status === 'PENDING' && a.version !== req.version) {
      return err(`Approval ${a.id} changed since it was shown (new figures); check them and decide again — nothing was changed.`);
    }
    const actor = actorOf(user);
    const choice = req.choice;
    if (choice.kind === 'approve' || choice.kind === 'reject') {
      const r = await o.desk.decide(a.id, { kind: choice.kind }, actor);
      return r.ok ? ok(outcome(req.id, user, r.value)) : r;
    }
    const decision = changeOf(a, choice.change);
    if (!decision.ok) return decision;
    const changed = await o.desk.decide(a.id, decision.value, actor);
    if (!changed.ok) return changed;
    if (choice.then === 'review' || changed.value.approval.status !== 'PENDING') return ok(outcome(req.id, user, changed.value));
    const approved = await o.desk.decide(a.id, { kind: 'approve' }, actor);
    return approved.ok ? ok(outcome(req.id, user, approved.value, changeText(a, changed.value.approval, choice.change))) : approved;
  };

  return {
    async pending() {
      const now = o.now();
      const live = (await o.repo.withStatus('PENDING')).filter((a) => a.expiresAt > now).sort((x, y) => x.createdAt - y.createdAt);
      return live.flatMap((a) => {
        const included = a.lines.filter((l) => l.included).length;
        return a.lines.flatMap((l, i) => (l.included ? [view(a, i, included)] : []));
      });
    },

    decide,

    card: (id) => o.desk.get(approvalId(id)),

    lineOrders: (card) => card.lines.map((l) => o.orders.get(l.intent.clientOrderId)),
  };
}
