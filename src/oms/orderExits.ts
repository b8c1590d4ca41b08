/**
 * Exits of filled entries: an entry order whose intent carries both `stop` and `takeProfit` gets the pair
 * attached through `broker.attachExit` (a two-leg GTT on Kite, an OCO pair in paper) once it is FILLED, for the
 * filled quantity, exactly once — the pair's id is stored on the order (`exitId`), and an order that has one is
 * never given another (also after a restart: `recover()` attaches what a crash left without one).
 * The legs come back as orders the OMS never placed; `exitLegOrder` turns one into an order record so its
 * fills count against the position.
 */
import type { ExitRequest } from '../core/broker';
import { newOrder, type Order } from '../core/order';
import type { ExitLeg } from './brokerOrders';
import type { OrderCause, OrderTransition } from '../core/ports/orderRepository';
import { transitionRecord } from './orderLifecycle';

/** The pair to attach for `order`, or undefined when it needs none (not filled, no stop/target, has one). */
export function exitRequestOf(order: Order): ExitRequest | undefined {
  const { intent } = order;
  if (order.status !== 'FILLED' || order.exitId !== undefined) return undefined;
  if (intent.stop === undefined || intent.takeProfit === undefined || order.filledQuantity <= 0) return undefined;
  return {
    symbol: intent.symbol,
    quantity: intent.side === 'BUY' ? order.filledQuantity : -order.filledQuantity,
    product: intent.product,
    stop: intent.stop,
    takeProfit: intent.takeProfit,
  };
}

/** The order with its exit recorded, and the audit line saying so (the status does not change). */
export function withExit(order: Order, exitId: string, exit: ExitRequest, time: number): { order: Order; transition: OrderTransition } {
  const next: Order = { ...order, exitId, updatedAt: time };
  const message = `Exit ${exitId} attached: stop ${exit.stop}, take-profit ${exit.takeProfit} for ${Math.abs(exit.quantity)} shares.`;
  return { order: next, transition: transitionRecord(next, order.status, { kind: 'system', detail: 'exit attached' }, time, { message }) };
}

/** A broker-placed exit leg as a SUBMITTED order, ready for its updates, with its first audit line. */
export function exitLegOrder(leg: ExitLeg, time: number): { order: Order; transition: OrderTransition } {
  const order: Order = { ...newOrder(leg.intent, 'SUBMITTED'), updatedAt: time };
  const cause: OrderCause = { kind: 'broker', detail: `${leg.leg === 'stop' ? 'stop-loss' : 'take-profit'} leg of exit ${leg.exitId}` };
  return { order, transition: transitionRecord(order, null, cause, time, { message: `The ${leg.leg === 'stop' ? 'stop-loss' : 'take-profit'} of exit ${leg.exitId} fired.` }) };
}
