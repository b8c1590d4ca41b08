/**
 * The OMS `OrderRepository` on MongoDB (mongoose). Creation is an insert keyed by the client order id, so a
 * second create of the same id is refused by the database itself (duplicate key), not by a read-then-write.
 * Transitions carry a per-process increasing sequence so the trail lists in the order things happened.
 * Every document read back is parsed with zod (orderSchemas.ts); one that does not parse (hand-edited, or from an
 * incompatible version) rejects the read with a CorruptDocumentError naming the document and the field, since
 * skipping it would lose a working order or a fill of the book.
 */
import type { Connection } from 'mongoose';
import { z } from 'zod';
import { istDateOfInstant } from '../../core/costs';
import { clientOrderId, orderId, strategyInstanceId, type ClientOrderId } from '../../core/ids';
import type { Order } from '../../core/order';
import type { OrderStatus } from '../../core/orderStatus';
import type { AuditQuery, JournalRecord, OrderRepository, OrderTransition } from '../../core/ports/orderRepository';
import { CorruptDocumentError, unreadable } from '../corruptDocument';
import { orderModels, type OrderDoc, type OrderModels, type TransitionDoc } from './orderModels';
import { orderCauseSchema, orderIntentSchema, orderStatusSchema, productSchema, sideSchema } from './orderSchemas';

const isDuplicateKey = (e: unknown): boolean => typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 11000;

function toDoc(o: Order): OrderDoc {
  return {
    _id: o.intent.clientOrderId,
    intent: { ...o.intent },
    status: o.status,
    ...(o.brokerOrderId !== undefined ? { brokerOrderId: o.brokerOrderId } : {}),
    filledQuantity: o.filledQuantity,
    averagePrice: Number.isFinite(o.averagePrice) ? o.averagePrice : null,
    ...(o.message !== undefined ? { message: o.message } : {}),
    ...(o.exitId !== undefined ? { exitId: o.exitId } : {}),
    ...(o.charges !== undefined ? { charges: o.charges } : {}),
    updatedAt: new Date(o.updatedAt),
  };
}

/** An order document as stored (see toDoc); absent optional fields may read back as null. */
const storedOrderSchema = z.object({
  _id: z.string().min(1),
  intent: orderIntentSchema,
  status: orderStatusSchema,
  brokerOrderId: z.string().nullable().optional(),
  filledQuantity: z.number().min(0),
  /** null: no fill yet (NaN is stored as null). */
  averagePrice: z.number().nullable().optional(),
  message: z.string().nullable().optional(),
  exitId: z.string().nullable().optional(),
  charges: z.number().nullable().optional(),
  updatedAt: z.date(),
});

const storedTransitionSchema = z.object({
  clientOrderId: z.string().min(1),
  symbol: z.string().min(1),
  strategy: z.string().nullable().optional(),
  from: orderStatusSchema.nullable().optional(),
  to: orderStatusSchema,
  time: z.date(),
  cause: orderCauseSchema,
  message: z.string().nullable().optional(),
  filledQuantity: z.number().min(0),
  fill: z
    .object({
      quantity: z.number(),
      price: z.number(),
      side: sideSchema.nullable().optional(),
      product: productSchema.nullable().optional(),
      charges: z.number().nullable().optional(),
    })
    .nullable()
    .optional(),
  seq: z.number(),
});

const idOf = (raw: unknown): string => String((raw as { _id?: unknown } | null)?._id ?? '?');

/** The order a stored document holds; a document that does not parse is refused with the field that is wrong. */
function fromDoc(raw: unknown): Order {
  const p = storedOrderSchema.safeParse(raw);
  if (!p.success) throw new CorruptDocumentError(unreadable(`order ${idOf(raw)} in orders`, p.error));
  const d = p.data;
  return {
    intent: { ...d.intent, clientOrderId: clientOrderId(d._id) },
    status: d.status,
    ...(d.brokerOrderId ? { brokerOrderId: orderId(d.brokerOrderId) } : {}),
    filledQuantity: d.filledQuantity,
    averagePrice: d.averagePrice ?? NaN,
    ...(typeof d.message === 'string' ? { message: d.message } : {}),
    ...(typeof d.exitId === 'string' ? { exitId: d.exitId } : {}),
    ...(typeof d.charges === 'number' ? { charges: d.charges } : {}),
    updatedAt: d.updatedAt.getTime(),
  };
}

function transitionFromDoc(raw: unknown): OrderTransition {
  const p = storedTransitionSchema.safeParse(raw);
  if (!p.success) {
    const order = String((raw as { clientOrderId?: unknown } | null)?.clientOrderId ?? '?');
    throw new CorruptDocumentError(unreadable(`transition ${idOf(raw)} of order ${order} in order_transitions`, p.error));
  }
  const d = p.data;
  const f = d.fill;
  return {
    clientOrderId: clientOrderId(d.clientOrderId),
    symbol: d.symbol,
    ...(d.strategy ? { strategy: strategyInstanceId(d.strategy) } : {}),
    from: d.from ?? null,
    to: d.to,
    time: d.time.getTime(),
    cause: d.cause,
    ...(typeof d.message === 'string' ? { message: d.message } : {}),
    filledQuantity: d.filledQuantity,
    ...(f
      ? {
          fill: {
            quantity: f.quantity,
            price: f.price,
            ...(f.side ? { side: f.side } : {}),
            ...(f.product ? { product: f.product } : {}),
            ...(typeof f.charges === 'number' ? { charges: f.charges } : {}),
          },
        }
      : {}),
  };
}

export class MongoOrderRepository implements OrderRepository {
  private readonly m: OrderModels;
  private seq = Date.now() * 1000;

  constructor(connection: Connection) {
    this.m = orderModels(connection);
  }

  /** Creates the collections' indexes (call once at start). */
  async init(): Promise<void> {
    await Promise.all([this.m.orders.init(), this.m.transitions.init()]);
  }

  async create(order: Order, first: OrderTransition): Promise<boolean> {
    try {
      await this.m.orders.create(toDoc(order));
    } catch (e) {
      if (isDuplicateKey(e)) return false;
      throw e;
    }
    await this.m.transitions.create(this.transitionDoc(first));
    return true;
  }

  /** The order's new state and its transition are written concurrently; both are stored when this resolves. */
  async save(order: Order, t: OrderTransition): Promise<void> {
    await Promise.all([
      this.m.orders.replaceOne({ _id: order.intent.clientOrderId }, toDoc(order), { upsert: true }).exec(),
      this.m.transitions.insertMany([this.transitionDoc(t)], { lean: true }),
    ]);
  }

  /** One bulk write of the orders' latest states (upserts) and one insert of every transition, concurrently. */
  async writeBatch(records: readonly JournalRecord[]): Promise<void> {
    if (records.length === 0) return;
    const latest = new Map<string, Order>();
    for (const r of records) latest.set(r.order.intent.clientOrderId, r.order);
    await Promise.all([
      this.m.orders.bulkWrite(
        [...latest.values()].map((o) => ({ replaceOne: { filter: { _id: o.intent.clientOrderId }, replacement: toDoc(o), upsert: true } })),
        { ordered: false },
      ),
      this.m.transitions.insertMany(
        records.map((r) => this.transitionDoc(r.transition)),
        { lean: true },
      ),
    ]);
  }

  async greatestId(pattern: RegExp): Promise<string | undefined> {
    const d = await this.m.orders.findOne({ _id: { $regex: pattern } }, { _id: 1 }).sort({ _id: -1 }).lean<{ _id: string }>();
    return d?._id;
  }

  async get(id: ClientOrderId): Promise<Order | undefined> {
    const d = await this.m.orders.findById(id).lean<unknown>();
    return d ? fromDoc(d) : undefined;
  }

  async withStatus(statuses: readonly OrderStatus[]): Promise<Order[]> {
    const docs = await this.m.orders.find({ status: { $in: [...statuses] } }).lean<unknown[]>();
    return docs.map(fromDoc);
  }

  async transitions(q: AuditQuery): Promise<OrderTransition[]> {
    const filter: Record<string, string> = {};
    if (q.day !== undefined) filter.day = q.day;
    if (q.symbol !== undefined) filter.symbol = q.symbol;
    if (q.strategy !== undefined) filter.strategy = q.strategy;
    const query: Record<string, unknown> = q.fills === true ? { ...filter, fill: { $exists: true } } : filter;
    const docs = await this.m.transitions.find(query).sort({ seq: 1 }).lean<unknown[]>();
    return docs.map(transitionFromDoc);
  }

  private transitionDoc(t: OrderTransition): TransitionDoc {
    return {
      clientOrderId: t.clientOrderId,
      symbol: t.symbol,
      ...(t.strategy !== undefined ? { strategy: t.strategy } : {}),
      day: istDateOfInstant(t.time),
      from: t.from,
      to: t.to,
      time: new Date(t.time),
      cause: { ...t.cause },
      ...(t.message !== undefined ? { message: t.message } : {}),
      filledQuantity: t.filledQuantity,
      ...(t.fill ? { fill: { ...t.fill } } : {}),
      seq: ++this.seq,
    };
  }
}
