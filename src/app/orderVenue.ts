/**
 * Paper and live: the kernel's ExecutionVenue over the OMS. An intent the approval policy holds goes to the
 * approval service (one approval per intent, shown as a card); any other goes straight to `oms.submit`. The
 * broker's truth comes back through the OMS's events (accepted, filled, rejected, cancelled), and a rejected or
 * expired approval cancels the kernel's working order, so its cash and quantity are released. Each kernel order
 * gets a broker-safe client id (Kite `tag`, ClientOrderIdFactory) and updates are translated back; only orders
 * this venue sent are forwarded to the kernel. A fill of an order placed before a restart (the kernel no longer
 * routes it) goes to `onRestoredFill` with the instance named by the persisted order's source, which the OMS
 * stamps on every fill; `settled()` waits for every submission still being stored. The approval check is asked
 * at each order; `setApprovalCheck` replaces it (the operator settings, bound once they are open).
 */
import type { Bar } from '../core/bar';
import type { ExecutionVenue, OrderUpdate, OrderUpdateListener } from '../core/broker';
import type { Clock } from '../core/clock';
import type { DomainEvent } from '../core/events';
import type { Fill } from '../core/fill';
import type { ClientOrderId, StrategyInstanceId } from '../core/ids';
import type { OrderIntent } from '../core/order';
import type { Approval } from '../oms/approvals';
import type { ClientOrderIdFactory } from '../oms/clientOrderIds';
import type { OrderManager } from '../oms/orderManager';
import type { ObservedApprovals } from './approvalEvents';

export interface OrderVenueOptions {
  readonly oms: Pick<OrderManager, 'submit' | 'cancel'>;
  readonly approvals: Pick<ObservedApprovals, 'request' | 'subscribe'>;
  /** Whether an order waits for approval (until `setApprovalCheck` replaces it). */
  readonly needsApproval: (intent: OrderIntent) => boolean;
  readonly lastPrice: (symbol: string) => number | undefined;
  readonly clock: Clock;
  readonly onError: (e: unknown, intent: OrderIntent) => void;
  /** Client ids for the OMS and the broker. */
  readonly ids: ClientOrderIdFactory;
  /** A fill of a strategy order this process did not send (placed before a restart). */
  readonly onRestoredFill?: (instanceId: StrategyInstanceId, fill: Fill) => void;
}

export class OmsOrderVenue implements ExecutionVenue {
  private listener: OrderUpdateListener = () => undefined;
  /** Orders sent by this venue and still working (by OMS id) → shares left to fill. */
  private readonly open = new Map<ClientOrderId, number>();
  private readonly toKernel = new Map<ClientOrderId, ClientOrderId>();
  private readonly toOms = new Map<ClientOrderId, ClientOrderId>();
  /** Every OMS id this process minted (a late update of a closed order is not a restored order's). */
  private readonly sent = new Set<ClientOrderId>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly unsubscribe: () => void;
  private needsApproval: (intent: OrderIntent) => boolean;

  constructor(private readonly o: OrderVenueOptions) {
    this.needsApproval = o.needsApproval;
    this.unsubscribe = o.approvals.subscribe((a) => this.handleApproval(a));
  }

  /** Whether an order waits for approval, from the next order on. */
  setApprovalCheck(needsApproval: (intent: OrderIntent) => boolean): void {
    this.needsApproval = needsApproval;
  }

  setListener(listener: OrderUpdateListener): void {
    this.listener = listener;
  }

  submit(kernelIntent: OrderIntent): void {
    const intent: OrderIntent = { ...kernelIntent, clientOrderId: this.o.ids.next() };
    this.toKernel.set(intent.clientOrderId, kernelIntent.clientOrderId);
    this.toOms.set(kernelIntent.clientOrderId, intent.clientOrderId);
    this.open.set(intent.clientOrderId, intent.quantity);
    this.sent.add(intent.clientOrderId);
    const p = this.place(intent).catch((e: unknown) => {
      this.o.onError(e, intent);
      this.forward({ kind: 'rejected', clientOrderId: intent.clientOrderId, message: 'The order could not be stored; it was not placed.', time: this.o.clock.now() });
    });
    const q = p.finally(() => this.inFlight.delete(q));
    this.inFlight.add(q);
  }

  cancel(id: ClientOrderId, _time: number): void {
    const omsId = this.toOms.get(id);
    if (omsId !== undefined) void this.o.oms.cancel(omsId);
  }

  onBar(_symbol: string, _bar: Readonly<Bar>): void {}

  /** The OMS's events (wire `OrderManager`'s `onEvent` here). */
  handleOmsEvent(e: DomainEvent): void {
    switch (e.type) {
      case 'order-accepted':
        return this.forward({ kind: 'accepted', clientOrderId: e.clientOrderId, ...(e.brokerOrderId ? { brokerOrderId: e.brokerOrderId } : {}), time: e.time });
      case 'order-filled':
        return this.forward({ kind: 'filled', fill: e.fill });
      case 'order-rejected':
        return this.forward({ kind: 'rejected', clientOrderId: e.clientOrderId, message: e.message, time: e.time });
      case 'order-cancelled':
        return this.forward({ kind: 'cancelled', clientOrderId: e.clientOrderId, ...(e.message ? { message: e.message } : {}), time: e.time });
      default:
        return;
    }
  }

  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  close(): void {
    this.unsubscribe();
  }

  private async place(intent: OrderIntent): Promise<void> {
    const now = this.o.clock.now();
    if (this.needsApproval(intent)) {
      const signalPrice = intent.price ?? this.o.lastPrice(intent.symbol) ?? 0;
      const r = await this.o.approvals.request([{ intent, sizingReason: intent.reason, signalPrice }]);
      if (!r.ok) return this.forward({ kind: 'rejected', clientOrderId: intent.clientOrderId, message: r.error, time: now });
      if (!r.value.approval) return this.forward({ kind: 'rejected', clientOrderId: intent.clientOrderId, message: r.value.refused[0]?.message ?? r.value.message, time: now });
      return;
    }
    const r = await this.o.oms.submit(intent);
    if (!r.ok) this.forward({ kind: 'rejected', clientOrderId: intent.clientOrderId, message: r.error.message, time: now });
  }

  private handleApproval(a: Approval): void {
    const now = this.o.clock.now();
    for (const l of a.lines) {
      const id = l.intent.clientOrderId;
      if (a.status === 'REJECTED' || a.status === 'EXPIRED' || (a.status === 'APPROVED' && !l.included)) {
        this.forward({ kind: 'cancelled', clientOrderId: id, message: `Approval ${a.id} ${a.status.toLowerCase()}.`, time: now });
      }
    }
  }

  private forward(u: OrderUpdate): void {
    const id = u.kind === 'filled' ? u.fill.clientOrderId : u.clientOrderId;
    const left = this.open.get(id);
    const kernelId = this.toKernel.get(id);
    if (left === undefined || kernelId === undefined) {
      if (u.kind === 'filled' && !this.sent.has(id) && u.fill.source.kind === 'strategy') this.o.onRestoredFill?.(u.fill.source.instanceId, u.fill);
      return;
    }
    let done = u.kind !== 'accepted';
    if (u.kind === 'filled' && left - u.fill.quantity > 0) {
      this.open.set(id, left - u.fill.quantity);
      done = false;
    }
    if (done) {
      this.open.delete(id);
      this.toKernel.delete(id);
      this.toOms.delete(kernelId);
    }
    this.listener(u.kind === 'filled' ? { kind: 'filled', fill: { ...u.fill, clientOrderId: kernelId } } : { ...u, clientOrderId: kernelId });
  }
}
