/**
 * Reconciliation (pure): the store's view of orders and positions against the broker's order book and
 * positions. Differences in the state of an order we know are repaired by replaying the broker's snapshot
 * through the same cumulative→delta ingest as live updates (safe: it only moves the order forward). Everything
 * else becomes an alert for a person: an order at the broker we never placed, a SUBMITTED order the broker has
 * never seen (declared lost after a grace period, never re-placed blindly), a position that disagrees.
 */
import type { BrokerPosition, OrderUpdate } from '../core/broker';
import type { ClientOrderId } from '../core/ids';
import type { Order } from '../core/order';
import { isWorking } from '../core/orderStatus';
import type { BrokerOrderSnapshot } from './brokerOrders';
import { CumulativeFillTracker } from './fillIngest';

export interface OrderRepair {
  readonly clientOrderId: ClientOrderId;
  readonly snapshot: BrokerOrderSnapshot;
  readonly updates: readonly OrderUpdate[];
}

export interface PositionDifference {
  readonly symbol: string;
  readonly expected: number;
  readonly broker: number;
}

export interface ReconcileReport {
  readonly repairs: readonly OrderRepair[];
  /** SUBMITTED orders the broker does not know, older than the grace period. */
  readonly lost: readonly Order[];
  /** Broker orders the store does not know (placed outside this process, or by a lost store write). */
  readonly unknown: readonly BrokerOrderSnapshot[];
  readonly positions: readonly PositionDifference[];
  readonly alerts: readonly string[];
  /**
   * In how long the youngest SUBMITTED order the broker does not show yet may be declared lost (none: no order
   * waits): reconcile again then, so that no order stays SUBMITTED after a crash.
   */
  readonly recheckInMs?: number;
}

/** Orders that may still change at the broker and so are worth comparing. */
export const reconcilable = (o: Order): boolean => o.status === 'APPROVED' || isWorking(o.status);

export function reconcileOrders(
  stored: readonly Order[],
  book: readonly BrokerOrderSnapshot[],
  now: number,
  lostAfterMs: number,
  knownId: (id: ClientOrderId) => boolean,
): Omit<ReconcileReport, 'positions'> {
  const byClient = new Map<string, BrokerOrderSnapshot>();
  const byBroker = new Map<string, BrokerOrderSnapshot>();
  for (const s of book) {
    if (s.clientOrderId !== undefined) byClient.set(s.clientOrderId, s);
    byBroker.set(s.brokerOrderId, s);
  }
  const repairs: OrderRepair[] = [];
  const lost: Order[] = [];
  const alerts: string[] = [];
  let recheckInMs: number | undefined;
  for (const o of stored) {
    if (!isWorking(o.status)) continue;
    const id = o.intent.clientOrderId;
    const snap = (o.brokerOrderId !== undefined ? byBroker.get(o.brokerOrderId) : undefined) ?? byClient.get(id);
    if (!snap) {
      if (o.status === 'SUBMITTED' && now - o.updatedAt >= lostAfterMs) {
        lost.push(o);
        alerts.push(`Order ${id} (${o.intent.side} ${o.intent.quantity} ${o.intent.symbol}) never reached the broker; it is marked rejected, place it again if still wanted.`);
      } else if (o.status === 'SUBMITTED') {
        recheckInMs = Math.min(recheckInMs ?? Infinity, o.updatedAt + lostAfterMs - now);
      } else if (o.status === 'UNKNOWN') {
        alerts.push(`Order ${id} (${o.intent.side} ${o.intent.quantity} ${o.intent.symbol}) is still UNKNOWN: its placement got no answer and the broker's order book does not show it; new ${o.intent.symbol} orders stay refused until /resolve ${id} check or /resolve ${id} giveup.`);
      } else {
        alerts.push(`Order ${id} on ${o.intent.symbol} is ${o.status} here but missing from the broker's order book; check it in Kite.`);
      }
      continue;
    }
    const tracker = new CumulativeFillTracker();
    tracker.prime(snap.brokerOrderId, o.filledQuantity, o.averagePrice, o.status !== 'SUBMITTED' && o.status !== 'UNKNOWN');
    const updates = tracker.observe(snap, id, o.intent.source);
    if (o.brokerOrderId === undefined && !updates.some((u) => u.kind === 'accepted')) {
      updates.unshift({ kind: 'accepted', clientOrderId: id, brokerOrderId: snap.brokerOrderId, time: snap.time });
    }
    if (snap.filledQuantity < o.filledQuantity) {
      alerts.push(`Order ${id} shows ${o.filledQuantity} filled here but ${snap.filledQuantity} at the broker; check the trade book.`);
    }
    if (updates.length > 0) repairs.push({ clientOrderId: id, snapshot: snap, updates });
  }
  const unknown = book.filter((s) => s.clientOrderId === undefined || !knownId(s.clientOrderId));
  for (const s of unknown) {
    alerts.push(`The broker has order ${s.brokerOrderId} (${s.side} ${s.quantity} ${s.symbol}, ${s.status}) that this bot did not place; review it in Kite.`);
  }
  return { repairs, lost, unknown, alerts, ...(recheckInMs !== undefined ? { recheckInMs } : {}) };
}

/** Net quantity per symbol implied by filled orders (BUY +, SELL −). */
export function expectedPositions(orders: readonly Order[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const o of orders) {
    if (o.filledQuantity === 0) continue;
    const q = (o.intent.side === 'BUY' ? 1 : -1) * o.filledQuantity;
    m.set(o.intent.symbol, (m.get(o.intent.symbol) ?? 0) + q);
  }
  return m;
}

export function reconcilePositions(expected: ReadonlyMap<string, number>, broker: readonly BrokerPosition[]): PositionDifference[] {
  const at = new Map<string, number>();
  for (const p of broker) at.set(p.symbol, (at.get(p.symbol) ?? 0) + p.quantity);
  const diffs: PositionDifference[] = [];
  for (const sym of new Set([...expected.keys(), ...at.keys()])) {
    const e = expected.get(sym) ?? 0;
    const b = at.get(sym) ?? 0;
    if (e !== b) diffs.push({ symbol: sym, expected: e, broker: b });
  }
  return diffs;
}
