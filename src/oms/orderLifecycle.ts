/** The audit line of an order change (the journal stores one per change, with its cause). */
import type { Order } from '../core/order';
import type { OrderStatus } from '../core/orderStatus';
import { strategyOf, type OrderCause, type OrderTransition } from '../core/ports/orderRepository';

export function transitionRecord(
  order: Order,
  from: OrderStatus | null,
  cause: OrderCause,
  time: number,
  extra: { readonly message?: string; readonly fill?: OrderTransition['fill'] } = {},
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
