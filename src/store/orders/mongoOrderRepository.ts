/**
 * The OMS `OrderRepository` on MongoDB (mongoose). Creation is an insert keyed by the client order id, so a
 * second create of the same id is refused by the database itself (duplicate key), not by a read-then-write.
 * Transitions carry a per-process increasing sequence so the trail lists in the order things happened.
 */
import type { Connection } from 'mongoose';
import { istDateOfInstant } from '../../core/costs';
import { clientOrderId, orderId, strategyInstanceId, type ClientOrderId } from '../../core/ids';
import type { Order, OrderIntent } from '../../core/order';
import type { OrderStatus } from '../../core/orderStatus';
import type { Product, Side } from '../../core/order';
import type { AuditQuery, JournalRecord, OrderCause, OrderRepository, OrderTransition } from '../../oms/orderRepository';
import { orderModels, type OrderDoc, type OrderModels, type TransitionDoc } from './orderModels';

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

function fromDoc(d: OrderDoc): Order {
  const intent = { ...(d.intent as unknown as OrderIntent), clientOrderId: clientOrderId(d._id) };
  return {
    intent,
    status: d.status as OrderStatus,
    ...(d.brokerOrderId ? { brokerOrderId: orderId(d.brokerOrderId) } : {}),
    filledQuantity: d.filledQuantity,
    averagePrice: d.averagePrice ?? NaN,
    ...(d.message !== undefined && d.message !== null ? { message: d.message } : {}),
    ...(typeof d.exitId === 'string' ? { exitId: d.exitId } : {}),
    ...(typeof d.charges === 'number' ? { charges: d.charges } : {}),
    updatedAt: d.updatedAt.getTime(),
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
    const d = await this.m.orders.findById(id).lean<OrderDoc>();
    return d ? fromDoc(d) : undefined;
  }

  async withStatus(statuses: readonly OrderStatus[]): Promise<Order[]> {
    const docs = await this.m.orders.find({ status: { $in: [...statuses] } }).lean<OrderDoc[]>();
    return docs.map(fromDoc);
  }

  async transitions(q: AuditQuery): Promise<OrderTransition[]> {
    const filter: Record<string, string> = {};
    if (q.day !== undefined) filter.day = q.day;
    if (q.symbol !== undefined) filter.symbol = q.symbol;
    if (q.strategy !== undefined) filter.strategy = q.strategy;
    const query: Record<string, unknown> = q.fills === true ? { ...filter, fill: { $exists: true } } : filter;
    const docs = await this.m.transitions.find(query).sort({ seq: 1 }).lean<TransitionDoc[]>();
    return docs.map((d) => ({
      clientOrderId: clientOrderId(d.clientOrderId),
      symbol: d.symbol,
      ...(d.strategy ? { strategy: strategyInstanceId(d.strategy) } : {}),
      from: (d.from ?? null) as OrderStatus | null,
      to: d.to as OrderStatus,
      time: d.time.getTime(),
      cause: d.cause as unknown as OrderCause,
      ...(d.message !== undefined && d.message !== null ? { message: d.message } : {}),
      filledQuantity: d.filledQuantity,
      ...(d.fill
        ? {
            fill: {
              quantity: d.fill.quantity,
              price: d.fill.price,
              ...(d.fill.side === 'BUY' || d.fill.side === 'SELL' ? { side: d.fill.side as Side } : {}),
              ...(d.fill.product === 'CNC' || d.fill.product === 'MIS' ? { product: d.fill.product as Product } : {}),
              ...(typeof d.fill.charges === 'number' ? { charges: d.fill.charges } : {}),
            },
          }
        : {}),
    }));
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
