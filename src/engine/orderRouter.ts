/**
 * From a sized signal to an order at the venue, and back from order updates to the instance's
 * ledger: portfolio construction → target → OMS diff (target − position − working) → trading state
 * → risk gate → venue. Every step that says no emits an event; nothing throws for expected failures.
 */
import type { ExecutionVenue, OrderUpdate } from '../core/broker';
import type { DomainEvents } from '../core/events';
import type { Fill } from '../core/fill';
import { clientOrderId } from '../core/ids';
import type { OrderIntent, Side } from '../core/order';
import { canTransition, transition, type OrderStatus } from '../core/orderStatus';
import type { Target } from '../core/target';
import { signedWeight, type Signal } from '../core/signal';
import { allowsOrder, type RiskGate, type TradingState } from '../core/tradingState';
import type { InstanceRuntime } from './instanceRuntime';
import type { PortfolioConstruction } from './portfolioConstruction';
import { OrderSlots } from './orderSlots';
import { passThroughRiskGate } from './riskGate';

interface WorkingOrder {
  readonly inst: InstanceRuntime;
  readonly j: number;
  readonly book: number;
  readonly intent: OrderIntent;
  readonly sign: 1 | -1;
  filled: number;
  status: OrderStatus;
}

export interface RouterOptions {
  readonly venue: ExecutionVenue;
  readonly events: DomainEvents;
  readonly risk: RiskGate;
  readonly construction: PortfolioConstruction;
  /** Cash kept aside for slippage when sizing buys, in basis points of the price. */
  readonly cashBufferBps: number;
}

export class OrderRouter {
  tradingState: TradingState = 'ACTIVE';
  /** Working orders per kernel symbol index (the kernel asks the venue to fill only where > 0). */
  readonly openOrders: number[] = [];

  private readonly orders = new OrderSlots<WorkingOrder>();
  private seq = 0;

  constructor(private readonly o: RouterOptions) {}

  /** Called by the kernel for every new symbol (keeps `openOrders` dense: no out-of-range reads). */
  addBook(): void {
    this.openOrders.push(0);
  }

  /**
   * Sizes instance `inst`'s pending signal on local symbol j at `price` and routes the order.
   * With `onlyReductions`, a signal that would add exposure is left pending (the kernel routes
   * every reduction of a step first, so sells free cash before buys are sized). Returns whether the
   * pending signal was consumed.
   */
  resolve(inst: InstanceRuntime, j: number, price: number, time: number, onlyReductions = false): boolean {
    const signal = inst.pending[j];
    if (signal === undefined) return false;
    const ledger = inst.ledger;
    const position = ledger.position[j]!;
    const equity = ledger.equity();
    const quantity = this.o.construction.targetQuantity({ signal, equity, price, position, lotSize: 1 });
    const held = position + inst.working[j]!;
    if (onlyReductions && !(Math.abs(quantity) < Math.abs(held) && Math.sign(quantity) !== -Math.sign(held))) return false;
    inst.pending[j] = undefined;
    const ev = this.o.events;
    if (ev.wants('target')) ev.emit({ type: 'target', target: targetOf(signal, quantity, price, time) });
    let delta = quantity - held;
    if (delta > 0) {
      // Buys are limited to what the instance's cash can pay (short cover needs no new cash here).
      const cover = Math.max(0, -held);
      const unitCost = price * (1 + this.o.cashBufferBps / 10_000);
      const affordable = cover + Math.max(0, Math.floor((ledger.cash - this.committedCash(inst)) / unitCost));
      delta = Math.min(delta, affordable);
    }
    if (delta === 0) return true;
    const side: Side = delta > 0 ? 'BUY' : 'SELL';
    // Every key always present (undefined when absent): one object shape on the hot path.
    let intent: OrderIntent = {
      clientOrderId: clientOrderId(inst.orderIdPrefix + ++this.seq),
      symbol: signal.symbol,
      side,
      quantity: Math.abs(delta),
      orderType: 'MARKET',
      price: undefined,
      trigger: undefined,
      product: inst.spec.product ?? 'CNC',
      validity: 'DAY',
      source: inst.source,
      reason: signal.reason,
      stop: signal.stop,
      takeProfit: signal.takeProfit,
      time,
    };
    if (!allowsOrder(this.tradingState, held, delta)) {
      const reason = `Trading is ${this.tradingState}; resume trading before new orders can go out.`;
      ev.emit({ type: 'risk-denied', intent, reason, time });
      return true;
    }
    if (this.o.risk !== passThroughRiskGate) {
      const checked = this.o.risk.check(intent, { time, tradingState: this.tradingState, position, price, cash: ledger.cash, equity });
      if (!checked.ok) {
        ev.emit({ type: 'risk-denied', intent, reason: checked.error.message, time });
        return true;
      }
      const v = checked.value;
      if (v.clientOrderId !== intent.clientOrderId || v.symbol !== intent.symbol || v.side !== intent.side || !(v.quantity > 0 && v.quantity <= intent.quantity)) {
        throw new Error(`risk gate bug: it may lower an intent's quantity or deny it, not change it (${intent.clientOrderId})`);
      }
      intent = v;
    }
    const sign = intent.side === 'BUY' ? 1 : -1;
    const book = inst.ledger.symbolIndex[j]!;
    // The risk gate may return another intent object, but never another id.
    this.orders.put(this.seq, intent.clientOrderId, { inst, j, book, intent, sign, filled: 0, status: 'SUBMITTED' });
    inst.working[j] = inst.working[j]! + sign * intent.quantity;
    this.openOrders[book]!++;
    if (ev.wants('order-submitted')) ev.emit({ type: 'order-submitted', intent });
    this.o.venue.submit(intent);
    return true;
  }

  /** Applies a broker/venue update; calls `onFill` for a fill booked to an instance. */
  handleUpdate(u: OrderUpdate, onFill: (inst: InstanceRuntime, fill: Fill) => void): void {
    const ev = this.o.events;
    const id = u.kind === 'filled' ? u.fill.clientOrderId : u.clientOrderId;
    const order = this.orders.get(id);
    if (!order) {
      ev.emit({ type: 'alert', level: 'warning', message: `Update for unknown order ${id} ignored; reconcile the order book.`, time: timeOf(u) });
      return;
    }
    if (u.kind === 'filled') {
      const q = u.fill.quantity;
      const left = order.intent.quantity - order.filled;
      if (!(q > 0) || q > left) {
        ev.emit({ type: 'alert', level: 'critical', message: `Fill of ${q} on order ${id} exceeds its open ${left}; check the broker.`, time: u.fill.time });
        return;
      }
      const wasWorking = order.status !== 'CANCELLED';
      if (!this.move(order, order.filled + q === order.intent.quantity ? 'FILLED' : 'PARTIALLY_FILLED', u.fill.time)) return;
      order.filled += q;
      order.inst.ledger.apply(order.j, order.sign * q, u.fill.price, u.fill.charges ?? 0);
      if (wasWorking) order.inst.working[order.j] = order.inst.working[order.j]! - order.sign * q;
      if (order.status === 'FILLED') this.close(order, wasWorking);
      if (ev.wants('order-filled')) ev.emit({ type: 'order-filled', fill: u.fill });
      onFill(order.inst, u.fill);
      return;
    }
    if (u.kind === 'accepted') {
      if (this.move(order, 'OPEN', u.time) && ev.wants('order-accepted')) {
        ev.emit({ type: 'order-accepted', clientOrderId: id, ...(u.brokerOrderId ? { brokerOrderId: u.brokerOrderId } : {}), time: u.time });
      }
      return;
    }
    const to = u.kind === 'rejected' ? 'REJECTED' : 'CANCELLED';
    if (!this.move(order, to, u.time)) return;
    const remaining = order.intent.quantity - order.filled;
    order.inst.working[order.j] = order.inst.working[order.j]! - order.sign * remaining;
    this.openOrders[order.book] = this.openOrders[order.book]! - 1;
    if (to === 'REJECTED') {
      this.orders.delete(id);
      ev.emit({ type: 'order-rejected', clientOrderId: id, message: u.kind === 'rejected' ? u.message : '', time: u.time });
    } else {
      // Kept so that a late fill crossing the cancel is still booked.
      ev.emit({ type: 'order-cancelled', clientOrderId: id, ...(u.kind === 'cancelled' && u.message ? { message: u.message } : {}), time: u.time });
    }
  }

  /** Cash already promised to this instance's working buys (at their sizing reference). */
  private committedCash(inst: InstanceRuntime): number {
    let c = 0;
    for (let j = 0; j < inst.working.length; j++) {
      const w = inst.working[j]!;
      if (w > 0) c += w * inst.ledger.mark(j);
    }
    return c;
  }

  private move(order: WorkingOrder, to: OrderStatus, time: number): boolean {
    if (canTransition(order.status, to)) {
      order.status = to;
      return true;
    }
    const r = transition(order.status, to);
    const message = r.ok ? '' : r.error.message;
    this.o.events.emit({ type: 'alert', level: 'warning', message: `${message} (order ${order.intent.clientOrderId})`, time });
    return false;
  }

  private close(order: WorkingOrder, wasWorking: boolean): void {
    this.orders.delete(order.intent.clientOrderId);
    if (wasWorking) this.openOrders[order.book] = this.openOrders[order.book]! - 1;
  }
}

function targetOf(signal: Signal, quantity: number, referencePrice: number, time: number): Target {
  return {
    instanceId: signal.instanceId,
    symbol: signal.symbol,
    quantity,
    weight: signedWeight(signal),
    referencePrice,
    reason: signal.reason,
    time,
    ...(signal.stop !== undefined ? { stop: signal.stop } : {}),
    ...(signal.takeProfit !== undefined ? { takeProfit: signal.takeProfit } : {}),
  };
}

function timeOf(u: OrderUpdate): number {
  return u.kind === 'filled' ? u.fill.time : u.time;
}
