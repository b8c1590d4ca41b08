/**
 * zod schemas of the OMS's core types as MongoDB stores them (order intents, their sources, transition causes,
 * statuses), producing the core types themselves (typed ids included). Every store mapper that reads an intent
 * or a cause back (orders, transitions, approvals, the paper account) parses it with these, so a hand-edited or
 * older document is refused with the field that is wrong instead of becoming an order.
 */
import { z } from 'zod';
import { clientOrderId, strategyInstanceId, userId } from '../../core/ids';
import type { OrderIntent, OrderSource } from '../../core/order';
import { ORDER_STATUSES } from '../../core/orderStatus';
import type { OrderCause } from '../../core/ports/orderRepository';

/** An optional number; null (how BSON and JSON keep an absent or non-finite value) reads as absent. */
export const optionalNumber = z
  .number()
  .nullable()
  .optional()
  .transform((v) => v ?? undefined);

export const orderStatusSchema = z.enum(ORDER_STATUSES);
export const sideSchema = z.enum(['BUY', 'SELL']);
export const productSchema = z.enum(['CNC', 'MIS']);

export const orderSourceSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('strategy'), instanceId: z.string() }),
    z.object({ kind: z.literal('user'), userId: z.string() }),
    z.object({ kind: z.literal('job'), job: z.string() }),
    z.object({ kind: z.literal('risk'), rule: z.string() }),
    z.object({ kind: z.literal('alert'), source: z.string() }),
  ])
  .transform((s): OrderSource => {
    switch (s.kind) {
      case 'strategy':
        return { kind: 'strategy', instanceId: strategyInstanceId(s.instanceId) };
      case 'user':
        return { kind: 'user', userId: userId(s.userId) };
      default:
        return s;
    }
  });

export const orderIntentSchema = z
  .object({
    clientOrderId: z.string().min(1),
    instanceId: z.string().min(1).nullable().optional(),
    symbol: z.string().min(1),
    side: sideSchema,
    quantity: z.number().int().positive(),
    orderType: z.enum(['MARKET', 'LIMIT', 'SL', 'SL-M']),
    price: optionalNumber,
    trigger: optionalNumber,
    product: productSchema,
    validity: z.enum(['DAY', 'IOC']),
    source: orderSourceSchema,
    reason: z.string(),
    stop: optionalNumber,
    takeProfit: optionalNumber,
    time: z.number(),
  })
  .transform(
    (i): OrderIntent => ({
      clientOrderId: clientOrderId(i.clientOrderId),
      symbol: i.symbol,
      side: i.side,
      quantity: i.quantity,
      orderType: i.orderType,
      product: i.product,
      validity: i.validity,
      source: i.source,
      reason: i.reason,
      time: i.time,
      ...(typeof i.instanceId === 'string' ? { instanceId: strategyInstanceId(i.instanceId) } : {}),
      ...(i.price !== undefined ? { price: i.price } : {}),
      ...(i.trigger !== undefined ? { trigger: i.trigger } : {}),
      ...(i.stop !== undefined ? { stop: i.stop } : {}),
      ...(i.takeProfit !== undefined ? { takeProfit: i.takeProfit } : {}),
    }),
  );

const detailCause = <K extends string>(kind: K) => z.object({ kind: z.literal(kind), detail: z.string() });

export const orderCauseSchema = z.union([
  orderSourceSchema,
  detailCause('broker'),
  detailCause('reconciliation'),
  detailCause('system'),
  z
    .object({ kind: z.literal('approval'), userId: z.string(), detail: z.string() })
    .transform((c): OrderCause => ({ kind: 'approval', userId: userId(c.userId), detail: c.detail })),
]);
