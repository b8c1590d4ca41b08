/** Manual orders as people see them after asking: the order, how it was sized, what the risk checks changed. */
import { roundPaise } from '../../core/money';
import type { Order, OrderIntent } from '../../core/order';
import type { PlacedOrder } from '../api/manual';
import type { User } from '../user';
import { orderView } from './orderViews';
import { riskNoteOf } from '../../core/riskNote';

/** How people are named in reasons and messages. */
export const byName = (user: User): string => user.name ?? user.id;

export function placedView(o: Order, sizing: string, value: number, note?: string): PlacedOrder {
  const i = o.intent;
  return {
    ...orderView(o),
    ...(i.stop !== undefined ? { stop: i.stop } : {}),
    ...(i.takeProfit !== undefined ? { target: i.takeProfit } : {}),
    account: i.instanceId ?? 'portfolio',
    value: roundPaise(value),
    sizing,
    ...(note !== undefined ? { note } : {}),
  };
}

/** What the risk checks changed, from the reason they appended ("… [risk: resized from 40 to 33, …]"). */
export const riskNote = (intent: OrderIntent): string | undefined => riskNoteOf(intent.reason);
