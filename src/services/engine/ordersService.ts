/** The order book over the OMS repository; UNKNOWN orders resolved through the OMS (oms/unknownOrders.ts). */
import type { Clock } from '../../core/clock';
import { istDateOfInstant } from '../../core/costs';
import { clientOrderId } from '../../core/ids';
import type { Order } from '../../core/order';
import { OPEN_ORDER_STATUSES } from '../../core/orderStatus';
import { err, ok } from '../../core/result';
import type { OrderRepository } from '../../core/ports/orderRepository';
import type { UnknownOrders } from '../../oms/unknownOrders';
import type { OrdersService } from '../api/orders';
import { orderView } from './orderViews';


export function ordersService(repo: OrderRepository, clock: Clock, unknown?: Pick<UnknownOrders, 'check' | 'giveUp'>): OrdersService {
  return {
    ...(unknown
      ? {
          async resolve(id, action, user) {
            const oid = clientOrderId(id);
            const r = action === 'check' ? await unknown.check(oid) : await unknown.giveUp(oid, user.id, user.name ?? String(user.id));
            return r.ok ? ok({ order: orderView(r.value.order), found: r.value.found }) : err(r.error);
          },
        }
      : {}),
    async list(filter) {
      let orders: Order[];
      if (filter === 'open') orders = await repo.withStatus(OPEN_ORDER_STATUSES);
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
