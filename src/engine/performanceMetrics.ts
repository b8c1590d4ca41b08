/**
 * The bot's continuous performance figures on /metrics (the 5-minute snapshot job adds P&L and exposure):
 *  - order latency by stage, on the wall clock: `submit` from the OMS sending an order to the broker's
 *    acknowledgement, `fill` from sending it to its first fill;
 *  - strategy timings: every `onBar` call of every running instance (the kernel's `barTimer`).
 * Orders that end without a fill (rejected, cancelled) stop being tracked, and so do those older than a day (a
 * placement that never got an answer), so the map stays as small as the number of orders in flight. `submit`
 * includes the wait for the order rate limiter's slot.
 */
import type { Clock } from '../core/clock';
import type { DomainEvents } from '../core/events';
import type { ClientOrderId } from '../core/ids';
import type { KernelLoop } from './kernelLoop';

export interface LatencySink {
  orderLatencyMs(stage: 'submit' | 'fill', ms: number): void;
  strategyBarMs(instance: string, ms: number): void;
}

/** Orders older than this are forgotten (looked for once the map holds PRUNE_AT orders). */
const FORGET_AFTER_MS = 86_400_000;
const PRUNE_AT = 1_000;

interface InFlight {
  readonly sentAt: number;
  acknowledged: boolean;
}

export function observePerformance(o: { readonly events: DomainEvents; readonly kernel: Pick<KernelLoop, 'barTimer'>; readonly metrics: LatencySink; readonly clock: Clock }): () => void {
  const inFlight = new Map<ClientOrderId, InFlight>();
  const offs = [
    o.events.on('order-submitted', (e) => {
      const now = o.clock.now();
      if (inFlight.size >= PRUNE_AT) for (const [id, f] of inFlight) if (now - f.sentAt > FORGET_AFTER_MS) inFlight.delete(id);
      inFlight.set(e.intent.clientOrderId, { sentAt: now, acknowledged: false });
    }),
    o.events.on('order-accepted', (e) => {
      const f = inFlight.get(e.clientOrderId);
      if (!f || f.acknowledged) return;
      f.acknowledged = true;
      o.metrics.orderLatencyMs('submit', o.clock.now() - f.sentAt);
    }),
    o.events.on('order-filled', (e) => {
      const f = inFlight.get(e.fill.clientOrderId);
      if (!f) return;
      inFlight.delete(e.fill.clientOrderId);
      o.metrics.orderLatencyMs('fill', o.clock.now() - f.sentAt);
    }),
    o.events.on('order-rejected', (e) => void inFlight.delete(e.clientOrderId)),
    o.events.on('order-cancelled', (e) => void inFlight.delete(e.clientOrderId)),
  ];
  o.kernel.barTimer = (rt, ms) => o.metrics.strategyBarMs(rt.spec.id, ms);
  return () => {
    for (const off of offs) off();
    o.kernel.barTimer = undefined;
    inFlight.clear();
  };
}
