/**
 * Approvals over the OMS: orders parked as PENDING_APPROVAL are listed, released (approved, possibly
 * changed) or dropped (rejected). The OMS makes each act happen once: a second decision finds the
 * order no longer pending and changes nothing.
 */
import { clientOrderId } from '../../core/ids';
import { floorToLot, roundPaise } from '../../core/money';
import type { Order, OrderIntent } from '../../core/order';
import { err, ok, type Result } from '../../core/result';
import type { OrderManager } from '../../oms/orderManager';
import type { OrderRepository } from '../../oms/orderRepository';
import type { ApprovalChange, ApprovalOutcome, ApprovalsService, PendingApproval } from '../api/approvals';
import type { User } from '../user';
import { sourceText } from './orderViews';

export interface ApprovalsServiceOptions {
  readonly oms: Pick<OrderManager, 'release' | 'dropPending' | 'get'>;
  readonly repo: Pick<OrderRepository, 'withStatus'>;
  readonly lotSize: (symbol: string) => number | undefined;
  /** Last traded price, for the value of market orders (optional). */
  readonly lastPrice?: (symbol: string) => number | undefined;
  /** Largest quantity a 2× may reach, per symbol (default: no cap beyond the risk gate). */
  readonly maxQuantity?: (symbol: string) => number;
}

export function approvalsService(o: ApprovalsServiceOptions): ApprovalsService {
  const view = (order: Order): PendingApproval => {
    const i = order.intent;
    const px = i.price ?? i.trigger ?? o.lastPrice?.(i.symbol);
    return {
      id: i.clientOrderId,
      symbol: i.symbol,
      side: i.side,
      quantity: i.quantity,
      orderType: i.orderType,
      ...(i.price !== undefined ? { price: i.price } : {}),
      ...(px !== undefined ? { value: roundPaise(px * i.quantity) } : {}),
      source: sourceText(i.source),
      reason: i.reason,
      ...(i.stop !== undefined ? { stop: i.stop } : {}),
      createdAt: i.time,
    };
  };

  const release = async (id: string, user: User, changed?: OrderIntent): Promise<Result<ApprovalOutcome, string>> => {
    const r = await o.oms.release(clientOrderId(id), user.id, changed);
    if (!r.ok) return err(r.error.message);
    return ok({ id, status: r.value.status, by: user.name ?? user.id });
  };

  const pendingOrder = async (id: string): Promise<Result<Order, string>> => {
    const order = await o.oms.get(clientOrderId(id));
    if (!order) return err(`There is no order ${id}; /pending lists the orders waiting for approval.`);
    if (order.status !== 'PENDING_APPROVAL') return err(`Order ${id} is ${order.status}, not waiting for approval; nothing was changed.`);
    return ok(order);
  };

  return {
    async pending() {
      const list = await o.repo.withStatus(['PENDING_APPROVAL']);
      return list.sort((a, b) => a.intent.time - b.intent.time).map(view);
    },
    approve: (id, user) => release(id, user),
    async reject(id, user) {
      const order = await pendingOrder(id);
      if (!order.ok) return order;
      const by = user.name ?? user.id;
      const dropped = await o.oms.dropPending(clientOrderId(id), 'CANCELLED', { kind: 'approval', userId: user.id, detail: 'rejected' }, `Rejected by ${by}.`);
      return dropped ? ok({ id, status: 'CANCELLED', by }) : err(`Order ${id} was decided by someone else meanwhile; nothing was changed.`);
    },
    async modify(id, user, change: ApprovalChange) {
      const order = await pendingOrder(id);
      if (!order.ok) return order;
      const intent = order.value.intent;
      if (change.kind === 'limit') return release(id, user, { ...intent, orderType: 'LIMIT', price: change.price });
      const lot = o.lotSize(intent.symbol) ?? 1;
      const cap = o.maxQuantity?.(intent.symbol) ?? Infinity;
      const quantity = Math.min(floorToLot(intent.quantity * change.factor, lot), Number.isFinite(cap) ? floorToLot(cap, lot) : Infinity);
      if (quantity <= 0) return err(`Half of ${intent.quantity} ${intent.symbol} is less than one lot (${lot}); approve it as it is or reject it.`);
      const r = await release(id, user, { ...intent, quantity });
      return r.ok ? ok({ ...r.value, message: `quantity ${intent.quantity} → ${quantity}` }) : r;
    },
  };
}
