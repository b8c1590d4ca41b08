/** Orders of the OMS as plain views. */
import type { Order, OrderSource } from '../../core/order';
import type { OrderView } from '../api/orders';

export function sourceText(s: OrderSource): string {
  switch (s.kind) {
    case 'strategy':
      return `strategy ${s.instanceId}`;
    case 'user':
      return `user ${s.userId}`;
    case 'job':
      return `job ${s.job}`;
    case 'risk':
      return `risk rule ${s.rule}`;
    case 'alert':
      return `alert ${s.source}`;
  }
}

export function orderView(o: Order): OrderView {
  const i = o.intent;
  return {
    id: i.clientOrderId,
    symbol: i.symbol,
    side: i.side,
    quantity: i.quantity,
    filledQuantity: o.filledQuantity,
    orderType: i.orderType,
    product: i.product,
    ...(i.price !== undefined ? { price: i.price } : {}),
    ...(i.trigger !== undefined ? { trigger: i.trigger } : {}),
    ...(o.filledQuantity > 0 && Number.isFinite(o.averagePrice) ? { averagePrice: o.averagePrice } : {}),
    status: o.status,
    source: sourceText(i.source),
    reason: i.reason,
    ...(o.message !== undefined ? { message: o.message } : {}),
    ...(o.brokerOrderId !== undefined ? { brokerOrderId: o.brokerOrderId } : {}),
    updatedAt: o.updatedAt,
  };
}
