/**
 * Resolving an order whose placement's outcome is unknown (UNKNOWN, core/orderStatus.ts), as an admin asks:
 *  - `check`: look its tag up in the broker's order book again; found, the broker's state (accepted, fills, a
 *    rejection) is applied as reconciliation would (reconciliation.ts) and the order leaves UNKNOWN;
 *  - `giveUp`: the same look-up first (an order the broker shows is never given up), then, still missing, the order
 *    ends CANCELLED: its working shares are freed and new orders for its symbol are accepted again. Should the broker
 *    show it after all, its fills are still booked (a fill may cross a cancellation).
 */
import type { Clock } from '../core/clock';
import type { ClientOrderId, UserId } from '../core/ids';
import type { Order } from '../core/order';
import { err, ok, type Result } from '../core/result';
import type { OrderBookBroker } from './brokerOrders';
import type { OrderPipeline } from './orderPipeline';
import { reconcileOrders } from './reconciliation';

export interface UnknownOrdersOptions {
  readonly broker: Pick<OrderBookBroker, 'orders' | 'name'>;
  readonly pipeline: Pick<OrderPipeline, 'get' | 'handleOrderUpdate' | 'giveUp'>;
  readonly clock: Clock;
}

/** What a check found: the order as it is now, and whether the broker shows it. */
export interface UnknownCheck {
  readonly order: Order;
  readonly found: boolean;
}

export class UnknownOrders {
  constructor(private readonly o: UnknownOrdersOptions) {}

  /** Looks the order's tag up in the broker's book again and applies what it shows. */
  async check(id: ClientOrderId): Promise<Result<UnknownCheck, string>> {
    const order = this.o.pipeline.get(id);
    if (!order) return err(`There is no order ${id} in this process; /orders open lists the open ones.`);
    if (order.status !== 'UNKNOWN') return err(`Order ${id} is ${order.status}, not UNKNOWN; there is nothing to resolve.`);
    const book = await this.o.broker.orders();
    if (!book.ok) return err(`The ${this.o.broker.name} order book could not be read (${book.error.message.replace(/\.$/, '')}); order ${id} stays UNKNOWN, try again.`);
    const report = reconcileOrders([order], book.value, this.o.clock.now(), Infinity, () => true);
    const repair = report.repairs.find((r) => r.clientOrderId === id);
    if (!repair) return ok({ order, found: false });
    for (const u of repair.updates) this.o.pipeline.handleOrderUpdate(u, { kind: 'reconciliation', detail: `checked again: broker book ${repair.snapshot.status}` });
    return ok({ order: this.o.pipeline.get(id) ?? order, found: true });
  }

  /** Gives the order up unless the broker's book shows it now (then it is resolved from the book instead). */
  async giveUp(id: ClientOrderId, by: UserId, name: string): Promise<Result<UnknownCheck, string>> {
    const checked = await this.check(id);
    if (!checked.ok || checked.value.found) return checked;
    const given = this.o.pipeline.giveUp(
      id,
      by,
      `Given up by ${name}: its placement got no answer and ${this.o.broker.name}'s order book does not show it; if the broker shows it later, cancel it there.`,
    );
    if (!given) return err(`Order ${id} could not be given up; /order ${id} shows its state.`);
    return ok({ order: this.o.pipeline.get(id) ?? checked.value.order, found: false });
  }
}
