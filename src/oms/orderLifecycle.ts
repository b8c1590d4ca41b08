/**
 * Applies one broker update (a delta, see fillIngest.ts) to an order, through the core transition table.
 * Pure: returns the new order and the audit transition, null when the update changes nothing (a duplicate
 * acceptance, a fill beyond the order's quantity), or an error value for an illegal transition, which the
 * caller logs and ignores.
 */
import type { OrderUpdate } from '../core/broker';
import type { Order } from '../core/order';
import { transition, type IllegalTransition, type OrderStatus } from '../core/orderStatus';
import { err, ok, type Result } from '../core/result';
import { strategyOf, type OrderCause, type OrderTransition } from './orderRepository';

export interface Applied {
  readonly order: Order;
  readonly transition: OrderTransition;
}

export function transitionRecord(
  order: Order,
  from: OrderStatus | null,
  cause: OrderCause,
  time: number,
  extra: { readonly message?: string; readonly fill?: { readonly quantity: number; readonly price: number } } = {},
): OrderTransition {
  const strategy = strategyOf(order);
  return {
    clientOrderId: order.intent.clientOrderId,
    symbol: order.intent.symbol,
    ...(strategy !== undefined ? { strategy } : {}),
    from,
    to: order.status,
    time,
    cause,
    filledQuantity: order.filledQuantity,
    ...extra,
  };
}

/** Moves `order` to `to`, or says why it cannot. */
export function moveTo(order: Order, to: OrderStatus, time: number, cause: OrderCause, patch: Partial<Order> = {}, message?: string): Result<Applied, IllegalTransition> {
  const t = transition(order.status, to);
  if (!t.ok) return t;
  const next: Order = { ...order, ...patch, status: to, updatedAt: time, ...(message !== undefined ? { message } : {}) };
  return ok({ order: next, transition: transitionRecord(next, order.status, cause, time, message !== undefined ? { message } : {}) });
}

export function applyUpdate(order: Order, u: OrderUpdate, cause: OrderCause): Result<Applied | null, IllegalTransition> {
  switch (u.kind) {
    case 'accepted': {
      const patch = u.brokerOrderId !== undefined && order.brokerOrderId === undefined ? { brokerOrderId: u.brokerOrderId } : {};
      if (order.status !== 'SUBMITTED') {
        if (Object.keys(patch).length === 0) return ok(null);
        const next = { ...order, ...patch };
        return ok({ order: next, transition: transitionRecord(next, order.status, cause, u.time, { message: 'broker order id learnt' }) });
      }
      return moveTo(order, 'OPEN', u.time, cause, patch);
    }
    case 'filled': {
      const { quantity, price, time } = u.fill;
      const room = order.intent.quantity - order.filledQuantity;
      if (room <= 0 || !(quantity > 0)) return ok(null);
      const q = Math.min(quantity, room);
      const filled = order.filledQuantity + q;
      const average = order.filledQuantity > 0 ? (order.averagePrice * order.filledQuantity + price * q) / filled : price;
      const to: OrderStatus = filled === order.intent.quantity ? 'FILLED' : 'PARTIALLY_FILLED';
      const t = transition(order.status, to);
      if (!t.ok) return err(t.error);
      const next: Order = { ...order, status: to, filledQuantity: filled, averagePrice: average, updatedAt: time };
      return ok({ order: next, transition: transitionRecord(next, order.status, cause, time, { fill: { quantity: q, price } }) });
    }
    case 'rejected':
      return moveTo(order, 'REJECTED', u.time, cause, {}, u.message);
    case 'cancelled':
      if (order.status === 'CANCELLED') return ok(null);
      return moveTo(order, 'CANCELLED', u.time, cause, {}, u.message);
  }
}
