/**
 * Kite order records (REST order book, ticker `order_update`, HTTP postback) → `BrokerOrderSnapshot`, checked
 * with zod (fields we depend on only). Kite's statuses map onto ours; `UPDATE` (a partial fill or a
 * modification) becomes OPEN or PARTIALLY_FILLED by the filled quantity.
 */
import { z } from 'zod';
import { orderId } from '../../core/ids';
import type { OrderStatus } from '../../core/orderStatus';
import { err, ok, type Result } from '../../core/result';
import type { BrokerOrderSnapshot } from '../../oms/brokerOrders';
import { parseClientOrderId } from '../../oms/clientOrderIds';
import { joinSymbol } from './kiteSymbols';

const num = z.coerce.number();
const kiteTime = z.union([z.date(), z.string(), z.null()]).optional();

export const kiteOrderSchema = z.object({
  order_id: z.coerce.string(),
  tag: z.string().nullable().optional(),
  exchange: z.string(),
  tradingsymbol: z.string(),
  transaction_type: z.enum(['BUY', 'SELL']),
  order_type: z.enum(['MARKET', 'LIMIT', 'SL', 'SL-M']),
  product: z.string(),
  quantity: num,
  filled_quantity: num,
  average_price: num,
  price: num.optional(),
  trigger_price: num.optional(),
  status: z.string(),
  status_message: z.string().nullable().optional(),
  order_timestamp: kiteTime,
  exchange_update_timestamp: kiteTime,
});
export type KiteOrderRecord = z.infer<typeof kiteOrderSchema>;

/** `YYYY-MM-DD HH:MM:SS` in IST (postbacks), or a Date (the REST client converts), → epoch ms. */
export function kiteInstant(t: Date | string | null | undefined, fallback: number): number {
  if (t instanceof Date) return t.getTime();
  if (typeof t === 'string' && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(t)) return Date.parse(`${t.replace(' ', 'T')}+05:30`);
  return fallback;
}

export function mapKiteStatus(status: string, filled: number): OrderStatus {
  switch (status) {
    case 'COMPLETE':
      return 'FILLED';
    case 'CANCELLED':
      return 'CANCELLED';
    case 'REJECTED':
      return 'REJECTED';
    case 'PUT ORDER REQ RECEIVED':
    case 'VALIDATION PENDING':
    case 'OPEN PENDING':
      return 'SUBMITTED';
    default:
      return filled > 0 ? 'PARTIALLY_FILLED' : 'OPEN';
  }
}

export function toSnapshot(o: KiteOrderRecord, now: number): BrokerOrderSnapshot {
  const clientOrderId = o.tag ? parseClientOrderId(o.tag) : undefined;
  const product = o.product === 'MIS' ? 'MIS' : 'CNC';
  return {
    brokerOrderId: orderId(o.order_id),
    ...(clientOrderId ? { clientOrderId } : {}),
    symbol: joinSymbol(o.exchange, o.tradingsymbol),
    side: o.transaction_type,
    orderType: o.order_type,
    product,
    quantity: o.quantity,
    ...(o.price ? { price: o.price } : {}),
    ...(o.trigger_price ? { trigger: o.trigger_price } : {}),
    filledQuantity: o.filled_quantity,
    averagePrice: o.average_price,
    status: mapKiteStatus(o.status, o.filled_quantity),
    ...(o.status_message ? { message: o.status_message } : {}),
    time: kiteInstant(o.exchange_update_timestamp ?? o.order_timestamp, now),
  };
}

export function parseKiteOrder(raw: unknown, now: number): Result<BrokerOrderSnapshot, string> {
  const r = kiteOrderSchema.safeParse(raw);
  if (!r.success) return err(`Kite sent an order record we cannot read (${r.error.issues[0]?.path.join('.') ?? '?'}: ${r.error.issues[0]?.message ?? ''}).`);
  return ok(toSnapshot(r.data, now));
}
