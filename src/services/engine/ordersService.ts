/** The order book over the OMS repository. */
import type { Clock } from '../../core/clock';
import { istDateOfInstant } from '../../core/costs';
import { clientOrderId } from '../../core/ids';
import type { Order } from '../../core/order';
import { err, ok } from '../../core/result';
import type { OrderRepository } from '../../oms/orderRepository';
import type { OrdersService } from '../api/orders';
import { orderView } from './orderViews';

export const OPEN_STATUSES = ['PENDING_APPROVAL', 'APPROVED', 'SUBMITTED', 'OPEN', 'PARTIALLY_FILLED'] as const;

export function ordersService(repo: OrderRepository, clock: Clock): OrdersService {
  return {
    async list(filter) {
      let orders: Order[];
      if (filter === 'open') orders = await repo.withStatus(OPEN_STATUSES);
      else {
        const ids = new Set((await repo.transitions({ day: istDateOfInstant(clock.now()) })).map((t) => t.clientOrderId));
        orders = [];
        for (const id of ids) {
          const o = await repo.get(id);
          if (o) orders.push(o);
        }
      }
      return orders.sort((a, b) => b.updatedAt - a.updatedAt).map(orderView);
    },
    async get(id) {
      const o = await repo.get(clientOrderId(id));
      return o ? ok(orderView(o)) : err(`There is no order ${id}; /orders today lists today's order ids.`);
    },
  };
}
