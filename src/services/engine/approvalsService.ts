/**
 * The facade's approvals group over the OMS approval service (src/oms/approvalService.ts), so /pending,
 * /approve, /reject and ½× / 2× / limit behave the same from every transport (console, REST, Telegram typed
 * commands, Discord buttons) as the approval cards do: decisions are persisted with compare-and-set, expire,
 * need the trader or admin role, re-check the price and cover batches.
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
import type { ApprovalChange, ApprovalOutcome, ApprovalsService, PendingApproval } from '../api/approvals';
import type { User } from '../user';
import { sourceText } from './orderViews';

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

  const approve = async (id: string, user: User, a: Approval, message?: string): Promise<Result<ApprovalOutcome, string>> => {
    const r = await o.desk.decide(a.id, { kind: 'approve' }, actorOf(user));
    if (!r.ok) return r;
    const v = r.value;
    if (v.kind !== 'approved') return err(v.message);
    if (v.released.length === 0) return err(v.message);
    const note = [message, v.refused.length > 0 ? v.message : undefined].filter((s): s is string => s !== undefined).join('; ');
    return ok({ id, status: 'APPROVED', by: byName(user), ...(note ? { message: note } : {}) });
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

    async approve(id, user) {
      const a = await resolve(id, 'placed');
      return a.ok ? approve(id, user, a.value) : a;
    },

    async reject(id, user) {
      const a = await resolve(id, 'changed');
      if (!a.ok) return a;
      const r = await o.desk.decide(a.value.id, { kind: 'reject' }, actorOf(user));
      if (!r.ok) return r;
      return r.value.kind === 'rejected' ? ok({ id, status: 'CANCELLED', by: byName(user) }) : err(r.value.message);
    },

    async modify(id, user, change: ApprovalChange) {
      const a = await resolve(id, 'placed');
      if (!a.ok) return a;
      const lines = a.value.lines.filter((l) => l.included);
      let decision: Decision;
      if (change.kind === 'limit') decision = { kind: 'limit', price: change.price };
      else {
        for (const l of lines) {
          const lot = o.lotSize(l.intent.symbol) ?? 1;
          if (floorToLot(l.intent.quantity * change.factor, lot) <= 0) {
            return err(`Half of ${l.intent.quantity} ${l.intent.symbol} is less than one lot (${lot}); approve it as it is or reject it.`);
          }
        }
        // No cap here: the risk engine checks the scaled order against the limits in force when it is released.
        decision = { kind: 'scale', factor: change.factor, maxQuantity: Number.MAX_SAFE_INTEGER };
      }
      const changed = await o.desk.decide(a.value.id, decision, actorOf(user));
      if (!changed.ok) return changed;
      const after = changed.value.approval;
      const what =
        change.kind === 'limit'
          ? `limit at ${change.price}`
          : lines.length === 1
            ? `quantity ${lines[0]!.intent.quantity} → ${after.lines.find((l) => l.intent.clientOrderId === lines[0]!.intent.clientOrderId)?.intent.quantity ?? 0}`
            : `quantities ×${change.factor}`;
      return approve(id, user, after, what);
    },
  };
}
