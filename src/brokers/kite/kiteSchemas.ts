/** zod schemas of the Kite replies KiteBroker depends on (fields we read only). */
import { z } from 'zod';

const num = z.coerce.number();
export const positionSchema = z.object({ tradingsymbol: z.string(), exchange: z.string(), product: z.string(), quantity: num, average_price: num, last_price: num });
export const positionsSchema = z.object({ net: z.array(positionSchema) });
export const holdingsSchema = z.array(positionSchema.extend({ product: z.string().optional() }));
export const marginsSchema = z.object({ available: z.object({ live_balance: num.optional(), cash: num }), utilised: z.object({ debits: num }) });
export const tradeSchema = z.object({
  trade_id: z.coerce.string(), order_id: z.coerce.string(), exchange: z.string(), tradingsymbol: z.string(), transaction_type: z.enum(['BUY', 'SELL']),
  quantity: num, average_price: num, fill_timestamp: z.union([z.date(), z.string(), z.null()]).optional(),
});
export const ltpSchema = z.record(z.string(), z.object({ last_price: num }));
export const orderMarginSchema = z.array(z.object({ total: num, charges: z.object({ total: num }).optional() }));
export const gttPlacedSchema = z.object({ trigger_id: z.coerce.number() });
/**
 * A postback as a trigger: only the fields Kite's checksum covers (order_id, order_timestamp) and the checksum itself,
 * exactly 64 lowercase hex digits (sha256). Nothing else in the body is read: the order's state comes from Kite.
 */
export const postbackSchema = z.object({
  order_id: z.coerce.string().regex(/^[A-Za-z0-9]{1,32}$/),
  order_timestamp: z.string().max(40),
  checksum: z.string().regex(/^[0-9a-f]{64}$/),
});
