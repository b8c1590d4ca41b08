/** PUT /orders/:variety/:order_id: the fields a modification may change, read over the order's current values. */
import { err, ok, type Result } from '../../../src/core/result';
import type { KiteOrder, OrderType, TransactionType, Validity } from './orderTypes';

export interface ModifiedFields {
  readonly transactionType: TransactionType;
  readonly orderType: OrderType;
  readonly quantity: number;
  readonly price: number;
  readonly triggerPrice: number;
  readonly validity: Validity;
}

const ORDER_TYPES: readonly string[] = ['MARKET', 'LIMIT', 'SL', 'SL-M'];

function num(form: URLSearchParams, name: string, current: number): Result<number, string> {
  const raw = form.get(name);
  if (raw === null || raw === '') return ok(current);
  const n = Number(raw);
  return Number.isFinite(n) ? ok(n) : err(`Invalid \`${name}\`: ${raw} is not a number.`);
}

export function applyModification(o: KiteOrder, form: URLSearchParams): Result<ModifiedFields, string> {
  const orderType = form.get('order_type') || o.order_type;
  if (!ORDER_TYPES.includes(orderType)) return err('Invalid `order_type`: use MARKET, LIMIT, SL or SL-M.');
  const validity = form.get('validity') || o.validity;
  if (validity !== 'DAY' && validity !== 'IOC') return err('Invalid `validity`: use DAY or IOC.');
  const quantity = num(form, 'quantity', o.quantity);
  if (!quantity.ok) return quantity;
  const price = num(form, 'price', o.price);
  if (!price.ok) return price;
  const trigger = num(form, 'trigger_price', o.trigger_price);
  if (!trigger.ok) return trigger;
  const t = orderType as OrderType;
  return ok({
    transactionType: o.transaction_type,
    orderType: t,
    quantity: quantity.value,
    price: t === 'MARKET' || t === 'SL-M' ? 0 : price.value,
    triggerPrice: t === 'SL' || t === 'SL-M' ? trigger.value : 0,
    validity,
  });
}
