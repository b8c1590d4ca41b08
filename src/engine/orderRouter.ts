/**
 * From a strategy's signal to an order intent: portfolio construction (the instance's sizing rule) → target →
 * diff against what the instance's account holds and has working → intent → the order pipeline, which runs the
 * risk engine, the approval and the broker for it. The router keeps no order state of its own: the account's
 * position and working quantity are the position book's, which the pipeline keeps in step with every order.
 */
import type { DomainEvents } from '../core/events';
import type { OrderIntent, Side } from '../core/order';
import type { Target } from '../core/target';
import { signedWeight, type Signal } from '../core/signal';
import type { OrderPipeline } from '../oms/orderPipeline';
import type { InstanceRuntime } from './instanceRuntime';
import type { PortfolioConstruction } from './portfolioConstruction';

/** What the router needs of the order pipeline. */
export type OrderSink = Pick<OrderPipeline, 'submit' | 'nextId' | 'supersedePending'> & { readonly exits: Pick<OrderPipeline['exits'], 'setLevels'> };

export class OrderRouter {
  constructor(
    private readonly sink: OrderSink,
    private readonly events: DomainEvents,
    private readonly construction: PortfolioConstruction,
  ) {}

  /**
   * Sizes instance `inst`'s pending signal on local symbol j at `price` and sends the order. With
   * `onlyReductions`, a signal that would add exposure is left pending (the kernel routes every reduction of a
   * step first, so sells free cash before buys are sized). Returns whether the pending signal was consumed.
   */
  resolve(inst: InstanceRuntime, j: number, price: number, onlyReductions = false): boolean {
    const signal = inst.pending[j];
    if (signal === undefined) return false;
    const ledger = inst.ledger;
    const position = ledger.position[j]!;
    const construction = inst.construction ?? this.construction;
    const quantity = construction.targetQuantity({ signal, equity: ledger.equity(), price, position, lotSize: 1, closedPnls: ledger });
    const held = position + ledger.working[j]!;
    if (onlyReductions && !(Math.abs(quantity) < Math.abs(held) && Math.sign(quantity) !== -Math.sign(held))) return false;
    inst.pending[j] = undefined;
    const ev = this.events;
    if (ev.wants('target')) ev.emit({ type: 'target', target: targetOf(signal, quantity, price) });
    this.sink.exits.setLevels(ledger, j, signal.stop, signal.takeProfit);
    // Working orders (those waiting for approval included) already bring the slot to its target: nothing new, and a
    // card still waiting stays (a strategy that repeats its signal every bar does not churn cards).
    if (quantity === held) return true;
    // Otherwise an older order of this slot still waiting for approval is superseded: the new one is sized without it.
    const delta = this.sink.supersedePending(ledger, j, signal.reason) > 0 ? quantity - (position + ledger.working[j]!) : quantity - held;
    if (delta === 0) return true;
    const side: Side = delta > 0 ? 'BUY' : 'SELL';
    // Every key always present (undefined when absent): one object shape on the hot path.
    const intent: OrderIntent = {
      clientOrderId: this.sink.nextId(),
      symbol: signal.symbol,
      side,
      quantity: Math.abs(delta),
      orderType: 'MARKET',
      price: undefined,
      trigger: undefined,
      product: inst.product,
      validity: 'DAY',
      source: inst.source,
      instanceId: inst.id,
      reason: signal.reason,
      stop: signal.stop,
      takeProfit: signal.takeProfit,
      time: signal.time,
    };
    this.sink.submit(intent, inst.submitOptions);
    return true;
  }
}

function targetOf(signal: Signal, quantity: number, referencePrice: number): Target {
  return {
    instanceId: signal.instanceId,
    symbol: signal.symbol,
    quantity,
    weight: signedWeight(signal),
    referencePrice,
    reason: signal.reason,
    time: signal.time,
    ...(signal.stop !== undefined ? { stop: signal.stop } : {}),
    ...(signal.takeProfit !== undefined ? { takeProfit: signal.takeProfit } : {}),
  };
}
