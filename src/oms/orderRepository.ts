/**
 * Persistence port of the OMS (src/store/orders implements it on MongoDB; `MemoryOrderRepository` here serves
 * tests and benchmarks). Every order and every transition is kept with who or what caused it, so the audit
 * trail can be listed per IST day, per symbol and per strategy instance.
 */
import type { ClientOrderId, StrategyInstanceId, UserId } from '../core/ids';
import type { Order, OrderSource } from '../core/order';
import type { OrderStatus } from '../core/orderStatus';
import { istDateOfInstant } from '../core/costs';

export type OrderCause =
  | OrderSource
  | { readonly kind: 'broker'; readonly detail: string }
  | { readonly kind: 'approval'; readonly userId: UserId; readonly detail: string }
  | { readonly kind: 'reconciliation'; readonly detail: string }
  | { readonly kind: 'system'; readonly detail: string };

export interface OrderTransition {
  readonly clientOrderId: ClientOrderId;
  readonly symbol: string;
  /** The strategy instance behind the order, when a strategy asked for it. */
  readonly strategy?: StrategyInstanceId;
  /** null for the order's creation. */
  readonly from: OrderStatus | null;
  readonly to: OrderStatus;
  readonly time: number;
  readonly cause: OrderCause;
  readonly message?: string;
  /** Cumulative filled quantity after this transition. */
  readonly filledQuantity: number;
  /** The execution that caused the transition, if one did. */
  readonly fill?: { readonly quantity: number; readonly price: number };
}

export interface AuditQuery {
  /** IST calendar date `YYYY-MM-DD`. */
  readonly day?: string;
  readonly symbol?: string;
  readonly strategy?: StrategyInstanceId;
}

export interface OrderRepository {
  /** Stores a new order with its first transition; false if the client id already exists (nothing written). */
  create(order: Order, first: OrderTransition): Promise<boolean>;
  /** Replaces the order and appends the transition. */
  save(order: Order, t: OrderTransition): Promise<void>;
  get(id: ClientOrderId): Promise<Order | undefined>;
  withStatus(statuses: readonly OrderStatus[]): Promise<Order[]>;
  transitions(q: AuditQuery): Promise<OrderTransition[]>;
}

export const strategyOf = (order: Order): StrategyInstanceId | undefined =>
  order.intent.source.kind === 'strategy' ? order.intent.source.instanceId : undefined;

export function matchesAudit(t: OrderTransition, q: AuditQuery): boolean {
  return (
    (q.day === undefined || istDateOfInstant(t.time) === q.day) &&
    (q.symbol === undefined || t.symbol === q.symbol) &&
    (q.strategy === undefined || t.strategy === q.strategy)
  );
}

export class MemoryOrderRepository implements OrderRepository {
  private readonly orders = new Map<ClientOrderId, Order>();
  private readonly log: OrderTransition[] = [];

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

  async withStatus(statuses: readonly OrderStatus[]): Promise<Order[]> {
    return [...this.orders.values()].filter((o) => statuses.includes(o.status));
  }

  async transitions(q: AuditQuery): Promise<OrderTransition[]> {
    return this.log.filter((t) => matchesAudit(t, q));
  }
}
