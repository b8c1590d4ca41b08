/**
 * Persistence port of the OMS (src/store/orders implements it on MongoDB; `MemoryOrderRepository` here serves
 * tests and benchmarks). Every order and every transition is kept with who or what caused it, so the audit
 * trail can be listed per IST day, per symbol and per strategy instance.
 */
import type { ClientOrderId, StrategyInstanceId, UserId } from '../ids';
import type { Order, OrderSource, Product, Side } from '../order';
import type { OrderStatus } from '../orderStatus';
import { istDateOfInstant } from '../costs';

export type OrderCause =
  | OrderSource
  | { readonly kind: 'broker'; readonly detail: string }
  | { readonly kind: 'approval'; readonly userId: UserId; readonly detail: string }
  | { readonly kind: 'reconciliation'; readonly detail: string }
  | { readonly kind: 'system'; readonly detail: string };

export interface OrderTransition {
  readonly clientOrderId: ClientOrderId;
  readonly symbol: string;
  /** The strategy instance whose account the order trades for (its own orders, and its exits and square-offs). */
  readonly strategy?: StrategyInstanceId;
  /** null for the order's creation. */
  readonly from: OrderStatus | null;
  readonly to: OrderStatus;
  readonly time: number;
  readonly cause: OrderCause;
  readonly message?: string;
  /** Cumulative filled quantity after this transition. */
  readonly filledQuantity: number;
  /** The execution that caused the transition, if one did (side, product and charges: to rebuild the book). */
  readonly fill?: { readonly quantity: number; readonly price: number; readonly side?: Side; readonly product?: Product; readonly charges?: number };
}

export interface AuditQuery {
  /** IST calendar date `YYYY-MM-DD`. */
  readonly day?: string;
  readonly symbol?: string;
  readonly strategy?: StrategyInstanceId;
  /** Only transitions that carry a fill (the book is rebuilt from them at start). */
  readonly fills?: boolean;
}

/** One write of the journal: an order's state after a change, and the change. */
export interface JournalRecord {
  readonly order: Order;
  readonly transition: OrderTransition;
}

export interface OrderRepository {
  /** Stores a new order with its first transition; false if the client id already exists (nothing written). */
  create(order: Order, first: OrderTransition): Promise<boolean>;
  /** Replaces the order and appends the transition. */
  save(order: Order, t: OrderTransition): Promise<void>;
  get(id: ClientOrderId): Promise<Order | undefined>;
  withStatus(statuses: readonly OrderStatus[]): Promise<Order[]>;
  transitions(q: AuditQuery): Promise<OrderTransition[]>;
  /**
   * Writes many changes at once, in order (the journal batches what happened while the last write was in flight):
   * each order ends in its last state, every transition is appended. Creating an id twice is not checked here (the
   * pipeline mints unique ids).
   */
  writeBatch(records: readonly JournalRecord[]): Promise<void>;
  /** The greatest order id matching `pattern`, in text order (a start resumes the id mint after it). */
  greatestId(pattern: RegExp): Promise<string | undefined>;
}

export const strategyOf = (order: Order): StrategyInstanceId | undefined =>
  order.intent.instanceId ?? (order.intent.source.kind === 'strategy' ? order.intent.source.instanceId : undefined);

export function matchesAudit(t: OrderTransition, q: AuditQuery): boolean {
  return (
    (q.day === undefined || istDateOfInstant(t.time) === q.day) &&
    (q.symbol === undefined || t.symbol === q.symbol) &&
    (q.strategy === undefined || t.strategy === q.strategy) &&
    (q.fills !== true || t.fill !== undefined)
  );
}

export class MemoryOrderRepository implements OrderRepository {
  private readonly orders = new Map<ClientOrderId, Order>();
  private readonly log: OrderTransition[] = [];

  async greatestId(pattern: RegExp): Promise<string | undefined> {
    return greatestOf(this.orders.keys(), pattern);
  }

  async create(order: Order, first: OrderTransition): Promise<boolean> {
    if (this.orders.has(order.intent.clientOrderId)) return false;
    this.orders.set(order.intent.clientOrderId, order);
    this.log.push(first);
    return true;
  }

  async save(order: Order, t: OrderTransition): Promise<void> {
    this.orders.set(order.intent.clientOrderId, order);
    this.log.push(t);
  }

  async get(id: ClientOrderId): Promise<Order | undefined> {
    return this.orders.get(id);
  }

  async writeBatch(records: readonly JournalRecord[]): Promise<void> {
    for (const r of records) {
      this.orders.set(r.order.intent.clientOrderId, r.order);
      this.log.push(r.transition);
    }
  }

  async withStatus(statuses: readonly OrderStatus[]): Promise<Order[]> {
    return [...this.orders.values()].filter((o) => statuses.includes(o.status));
  }

  async transitions(q: AuditQuery): Promise<OrderTransition[]> {
    return this.log.filter((t) => matchesAudit(t, q));
  }
}

/** The greatest of `ids` matching `pattern`, in text order. */
export function greatestOf(ids: Iterable<string>, pattern: RegExp): string | undefined {
  let best: string | undefined;
  for (const id of ids) if (pattern.test(id) && (best === undefined || id > best)) best = id;
  return best;
}
