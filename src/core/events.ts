import type { Fill } from './fill';
import type { ClientOrderId, OrderId, StrategyInstanceId } from './ids';
import type { Order, OrderIntent } from './order';
import type { OrderStatus } from './orderStatus';
import type { Signal } from './signal';
import type { Target } from './target';
import type { TradingState } from './tradingState';

export type InstanceStatus = 'running' | 'paused' | 'stopped' | 'errored';

/** Everything that happens in the engine, as one discriminated union (no string-addressed bus). */
export type DomainEvent =
  | { readonly type: 'bar'; readonly symbol: string; readonly time: number; readonly close: number }
  | { readonly type: 'signal'; readonly signal: Signal }
  | { readonly type: 'target'; readonly target: Target }
  /** Every change of an order's state (creation included: `from` null), with the order as it is now. */
  | { readonly type: 'order'; readonly order: Order; readonly from: OrderStatus | null; readonly time: number }
  | { readonly type: 'order-submitted'; readonly intent: OrderIntent }
  | { readonly type: 'order-accepted'; readonly clientOrderId: ClientOrderId; readonly brokerOrderId?: OrderId; readonly time: number }
  /** `account`: the position book account the fill was booked to (the instance id, or `portfolio`). */
  | { readonly type: 'order-filled'; readonly fill: Fill; readonly account?: string; readonly order?: Order }
  | { readonly type: 'order-rejected'; readonly clientOrderId: ClientOrderId; readonly message: string; readonly time: number }
  | { readonly type: 'order-cancelled'; readonly clientOrderId: ClientOrderId; readonly message?: string; readonly time: number }
  /** A placement whose outcome is unknown (orderStatus.ts, UNKNOWN): an admin resolves it. */
  | { readonly type: 'order-unknown'; readonly order: Order; readonly message: string; readonly time: number }
  /** `rule`: the check that said no (`cash`, `holdings`, `trading-halted`, `order-value`, …, or `validation`). */
  | { readonly type: 'risk-denied'; readonly intent: OrderIntent; readonly reason: string; readonly rule?: string; readonly time: number }
  | { readonly type: 'instance-status'; readonly instanceId: StrategyInstanceId; readonly status: InstanceStatus; readonly message?: string; readonly time: number }
  | { readonly type: 'trading-state'; readonly state: TradingState; readonly reason: string; readonly time: number }
  | { readonly type: 'session-expired'; readonly broker: string; readonly message: string; readonly time: number }
  | { readonly type: 'alert'; readonly level: 'info' | 'warning' | 'critical'; readonly message: string; readonly time: number; readonly instanceId?: StrategyInstanceId };

export type DomainEventType = DomainEvent['type'];
export type EventOf<K extends DomainEventType> = Extract<DomainEvent, { type: K }>;

type Listener<E> = (event: E) => void;

/**
 * The one typed event emitter. Listeners subscribe to one event type (narrowed payload) or to all.
 * `wants(type)` lets hot paths skip building an event nobody listens to. A listener that throws does
 * not stop the others; the first error is rethrown after every listener has run (it is a bug).
 */
export class DomainEvents {
  /**
   * Listeners per type and for every type. Each list is replaced, never changed in place (copy on subscribe and
   * unsubscribe), so `emit` walks the list it read without copying it — a listener may unsubscribe itself while
   * called — and allocates nothing: this runs for every fill of a backtest.
   */
  private readonly byType = new Map<DomainEventType, readonly Listener<DomainEvent>[]>();
  private all: readonly Listener<DomainEvent>[] = [];
  /**
   * Listener counts per type, every type present from the start: one fixed shape, so `wants` with a constant type
   * (the hot paths') is a plain property load.
   */
  private readonly counts: Record<DomainEventType, number> = {
    bar: 0, signal: 0, target: 0, order: 0, 'order-submitted': 0, 'order-accepted': 0, 'order-filled': 0, 'order-rejected': 0,
    'order-cancelled': 0, 'order-unknown': 0, 'risk-denied': 0, 'instance-status': 0, 'trading-state': 0, 'session-expired': 0, alert: 0,
  };
  /** Number of subscriptions of any kind: 0 lets hot paths skip every event check at once. */
  size = 0;

  on<K extends DomainEventType>(type: K, listener: Listener<EventOf<K>>): () => void {
    return this.subscribe(this.byType, type, listener as Listener<DomainEvent>);
  }

  onAny(listener: Listener<DomainEvent>): () => void {
    this.all = [...this.all, listener];
    this.size++;
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      const i = this.all.indexOf(listener);
      if (i < 0) return;
      this.all = [...this.all.slice(0, i), ...this.all.slice(i + 1)];
      this.size--;
    };
  }

  wants(type: DomainEventType): boolean {
    return this.size > 0 && (this.all.length > 0 || this.counts[type] > 0);
  }

  emit(event: DomainEvent): void {
    let first: unknown;
    let failed = false;
    const typed = this.byType.get(event.type);
    if (typed !== undefined) {
      for (let k = 0; k < typed.length; k++) {
        try {
          typed[k]!(event);
        } catch (e) {
          if (!failed) first = e;
          failed = true;
        }
      }
    }
    const all = this.all;
    for (let k = 0; k < all.length; k++) {
      try {
        all[k]!(event);
      } catch (e) {
        if (!failed) first = e;
        failed = true;
      }
    }
    if (failed) throw first;
  }

  /** Adds `item` to `type`'s list in `lists` (a new list: `emit` may be walking the old one); returns its removal. */
  private subscribe<T>(lists: Map<DomainEventType, readonly T[]>, type: DomainEventType, item: T): () => void {
    lists.set(type, [...(lists.get(type) ?? []), item]);
    this.counts[type]++;
    this.size++;
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      const list = lists.get(type) ?? [];
      const i = list.indexOf(item);
      if (i < 0) return;
      lists.set(type, [...list.slice(0, i), ...list.slice(i + 1)]);
      this.counts[type]--;
      this.size--;
    };
  }
}
