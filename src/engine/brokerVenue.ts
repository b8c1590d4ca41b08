/**
 * Paper and live: the kernel's ExecutionVenue on top of an async Broker (paper broker, Kite).
 * `submit` hands the intent to `broker.place`; a placement that fails comes back to the kernel as
 * a rejection update, so the order's working quantity is released. Everything else the broker says
 * arrives through its order-update events. Bars do not drive fills here (the broker fills).
 */
import type { Bar } from '../core/bar';
import type { Broker, ExecutionVenue, OrderUpdateListener } from '../core/broker';
import type { Clock } from '../core/clock';
import type { ClientOrderId } from '../core/ids';
import type { OrderIntent } from '../core/order';

export class BrokerVenue implements ExecutionVenue {
  private listener: OrderUpdateListener = () => undefined;
  private unsubscribe: (() => void) | undefined;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly broker: Broker,
    private readonly clock: Clock,
  ) {}

  setListener(listener: OrderUpdateListener): void {
    this.listener = listener;
    this.unsubscribe?.();
    this.unsubscribe = this.broker.onOrderUpdate((u) => this.listener(u));
  }

  submit(intent: OrderIntent): void {
    this.track(
      this.broker.place(intent).then(
        (r) => {
          if (!r.ok) this.listener({ kind: 'rejected', clientOrderId: intent.clientOrderId, message: r.error.message, time: this.clock.now() });
        },
        (e: unknown) => {
          // A thrown error from a broker adapter is a bug there; the order must not stay "working".
          this.listener({ kind: 'rejected', clientOrderId: intent.clientOrderId, message: `Broker ${this.broker.name} failed: ${e instanceof Error ? e.message : String(e)}`, time: this.clock.now() });
        },
      ),
    );
  }

  cancel(id: ClientOrderId, _time: number): void {
    this.track(this.broker.cancel(id).then(() => undefined));
  }

  onBar(_symbol: string, _bar: Readonly<Bar>): void {}

  /** Resolves when every placement and cancel sent so far has been answered. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  close(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  private track(p: Promise<void>): void {
    const q = p.finally(() => this.inFlight.delete(q));
    this.inFlight.add(q);
  }
}
