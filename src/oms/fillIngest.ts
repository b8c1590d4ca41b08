/**
 * The one ingest function for broker order updates (ticker `order_update`, HTTP postbacks, order-book polls):
 * snapshots carry CUMULATIVE filled quantity and average price, may arrive twice or out of order; the tracker
 * turns them into exact deltas (`OrderUpdate` events). Rules:
 *  - a snapshot whose cumulative fill is not above what we have seen yields no fill (duplicate or stale);
 *  - a delta's price is chosen so that Σ delta.quantity × delta.price = filled × average of the newest snapshot
 *    (the broker's average is the truth; delta prices are not rounded for that reason);
 *  - `accepted` is emitted once, before the first fill; `rejected` / `cancelled` once, after any fill the same
 *    snapshot carries (a cancel can cross a fill);
 *  - a status that cannot follow the one we hold (OPEN after COMPLETE) changes nothing.
 */
import type { OrderUpdate } from '../core/broker';
import type { ClientOrderId } from '../core/ids';
import type { OrderSource } from '../core/order';
import type { BrokerOrderSnapshot } from './brokerOrders';

interface Seen {
  filled: number;
  /** filled × average, rupees. */
  notional: number;
  accepted: boolean;
  final: boolean;
}

export class CumulativeFillTracker {
  private readonly seen = new Map<string, Seen>();

  /**
   * Deltas for one snapshot. `id` names the order for the OMS (our client id, or a stand-in for orders
   * placed outside); `source` goes on the fills.
   */
  observe(snap: BrokerOrderSnapshot, id: ClientOrderId, source: OrderSource): OrderUpdate[] {
    let s = this.seen.get(snap.brokerOrderId);
    if (!s) {
      s = { filled: 0, notional: 0, accepted: false, final: false };
      this.seen.set(snap.brokerOrderId, s);
    }
    const out: OrderUpdate[] = [];
    const rejected = snap.status === 'REJECTED';
    if (!s.accepted && !rejected && snap.status !== 'SUBMITTED') {
      s.accepted = true;
      out.push({ kind: 'accepted', clientOrderId: id, brokerOrderId: snap.brokerOrderId, time: snap.time });
    }
    const filled = Math.min(snap.filledQuantity, snap.quantity);
    if (filled > s.filled && snap.averagePrice > 0) {
      const notional = filled * snap.averagePrice;
      const quantity = filled - s.filled;
      const price = (notional - s.notional) / quantity;
      s.filled = filled;
      s.notional = notional;
      out.push({
        kind: 'filled',
        fill: { clientOrderId: id, symbol: snap.symbol, side: snap.side, quantity, price, time: snap.time, source },
      });
    }
    if (!s.final && (rejected || snap.status === 'CANCELLED')) {
      s.final = true;
      out.push(
        rejected
          ? { kind: 'rejected', clientOrderId: id, message: snap.message ?? 'The broker rejected the order.', time: snap.time }
          : { kind: 'cancelled', clientOrderId: id, ...(snap.message ? { message: snap.message } : {}), time: snap.time },
      );
    }
    return out;
  }

  /** Cumulative fill we have seen for a broker order (0 when none). */
  filledOf(brokerOrderId: string): number {
    return this.seen.get(brokerOrderId)?.filled ?? 0;
  }

  /**
   * Starts from known figures (after a restart, from the store). Never moves backwards: figures below what
   * this tracker has already seen are ignored, so priming late cannot make a seen fill count again.
   */
  prime(brokerOrderId: string, filled: number, averagePrice: number, accepted: boolean): void {
    const cur = this.seen.get(brokerOrderId);
    if (cur && cur.filled >= filled) {
      cur.accepted ||= accepted;
      return;
    }
    const notional = filled > 0 && Number.isFinite(averagePrice) ? filled * averagePrice : 0;
    this.seen.set(brokerOrderId, { filled, notional, accepted: accepted || (cur?.accepted ?? false), final: cur?.final ?? false });
  }
}
