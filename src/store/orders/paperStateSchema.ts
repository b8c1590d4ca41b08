/**
 * The paper broker's account as stored in `paper_accounts.state` (a JSON round trip of `PaperState`: absent
 * optional fields are simply missing), parsed back into the broker's own types.
 */
import { z } from 'zod';
import { clientOrderId, orderId } from '../../core/ids';
import type { PaperOrder, PaperPosition, PaperState, PaperTrade } from '../../brokers/paper/paperState';
import type { SimulatedExit } from '../../brokers/paper/simulatedExits';
import { optionalNumber, orderIntentSchema, orderStatusSchema, productSchema, sideSchema } from './orderSchemas';

const positionSchema = z
  .object({ symbol: z.string().min(1), product: productSchema, quantity: z.number(), averagePrice: z.number(), lastPrice: z.number(), realised: z.number() })
  .transform((p): PaperPosition => p);

const orderSchema = z
  .object({
    intent: orderIntentSchema,
    brokerOrderId: z.string().min(1),
    status: orderStatusSchema,
    filledQuantity: z.number().min(0),
    averagePrice: z.number(),
    reserved: z.number(),
    message: z.string().optional(),
    time: z.number(),
  })
  .transform(
    (o): PaperOrder => ({
      intent: o.intent,
      brokerOrderId: orderId(o.brokerOrderId),
      status: o.status,
      filledQuantity: o.filledQuantity,
      averagePrice: o.averagePrice,
      reserved: o.reserved,
      ...(o.message !== undefined ? { message: o.message } : {}),
      time: o.time,
    }),
  );

const tradeSchema = z
  .object({
    tradeId: z.string(),
    brokerOrderId: z.string().min(1),
    clientOrderId: z.string().min(1),
    symbol: z.string().min(1),
    side: sideSchema,
    quantity: z.number(),
    price: z.number(),
    charges: z.number(),
    time: z.number(),
  })
  .transform((t): PaperTrade => ({ ...t, brokerOrderId: orderId(t.brokerOrderId), clientOrderId: clientOrderId(t.clientOrderId) }));

const exitSchema = z
  .object({
    id: z.string().min(1),
    symbol: z.string().min(1),
    product: productSchema,
    side: sideSchema,
    quantity: z.number(),
    stop: optionalNumber,
    takeProfit: optionalNumber,
    instanceId: z.string().optional(),
    status: z.enum(['active', 'triggered', 'cancelled']),
    time: z.number(),
  })
  .transform(
    (x): SimulatedExit => ({
      id: x.id,
      symbol: x.symbol,
      product: x.product,
      side: x.side,
      quantity: x.quantity,
      ...(x.stop !== undefined ? { stop: x.stop } : {}),
      ...(x.takeProfit !== undefined ? { takeProfit: x.takeProfit } : {}),
      ...(x.instanceId !== undefined ? { instanceId: x.instanceId } : {}),
      status: x.status,
      time: x.time,
    }),
  );

export const paperStateSchema = z
  .object({
    cash: z.number(),
    positions: z.array(positionSchema),
    orders: z.array(orderSchema),
    trades: z.array(tradeSchema),
    seq: z.number().int().min(0),
    exits: z.array(exitSchema).optional(),
  })
  .transform(
    (s): PaperState => ({
      cash: s.cash,
      positions: s.positions,
      orders: s.orders,
      trades: s.trades,
      seq: s.seq,
      ...(s.exits !== undefined ? { exits: s.exits } : {}),
    }),
  );
