import type { Fill } from './fill';
import type { ClientOrderId, OrderId, StrategyInstanceId } from './ids';
import type { OrderIntent } from './order';
import type { Signal } from './signal';
import type { Target } from './target';
import type { TradingState } from './tradingState';

export type InstanceStatus = 'running' | 'paused' | 'stopped' | 'errored';

/** Everything that happens in the engine, as one discriminated union (no string-addressed bus). */
export type DomainEvent =
  | { readonly type: 'bar'; readonly symbol: string; readonly time: number; readonly close: number }
  | { readonly type: 'signal'; readonly signal: Signal }
  | { readonly type: 'target'; readonly target: Target }
  | { readonly type: 'order-submitted'; readonly intent: OrderIntent }
  | { readonly type: 'order-accepted'; readonly clientOrderId: ClientOrderId; readonly brokerOrderId?: OrderId; readonly time: number }
  | { readonly type: 'order-filled'; readonly fill: Fill }
  | { readonly type: 'order-rejected'; readonly clientOrderId: ClientOrderId; readonly message: string; readonly time: number }
  | { readonly type: 'order-cancelled'; readonly clientOrderId: ClientOrderId; readonly message?: string; readonly time: number }
  | { readonly type: 'risk-denied'; readonly intent: OrderIntent; readonly reason: string; readonly time: number }
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
  private readonly byType = new Map<DomainEventType, Listener<DomainEvent>[]>();
  private readonly all: Listener<DomainEvent>[] = [];
  /** Listener counts per type. */
  private readonly counts: Partial<Record<DomainEventType, number>> = {};
  /** Number of subscriptions of any kind: 0 lets hot paths skip every event check at once. */
  size = 0;

  on<K extends DomainEventType>(type: K, listener: Listener<EventOf<K>>): () => void {
    const list = this.byType.get(type) ?? [];
    const l = listener as Listener<DomainEvent>;
    list.push(l);
    this.byType.set(type, list);
    this.counts[type] = list.length;
    this.size++;
    return () => {
      const i = list.indexOf(l);
      if (i < 0) return;
      list.splice(i, 1);
      this.counts[type] = list.length;
      this.size--;
    };
  }

  onAny(listener: Listener<DomainEvent>): () => void {
    this.all.push(listener);
    this.size++;
    return () => {
      const i = this.all.indexOf(listener);
      if (i < 0) return;
      this.all.splice(i, 1);
      this.size--;
    };
  }

  wants(type: DomainEventType): boolean {
    return this.size > 0 && (this.all.length > 0 || (this.counts[type] ?? 0) > 0);
  }

  emit(event: DomainEvent): void {
    let first: unknown;
    let failed = false;
    const call = (l: Listener<DomainEvent>): void => {
      try {
        l(event);
      } catch (e) {
        if (!failed) first = e;
        failed = true;
      }
    };
    const list = this.byType.get(event.type);
    if (list) for (const l of [...list]) call(l);
    for (const l of [...this.all]) call(l);
    if (failed) throw first;
  }
}
