/**
 * Incoming alerts on MongoDB: collection `alerts_in`, one document per alert an authenticated source sent (accepted,
 * a repeat, or not understood) with what became of its orders. The duplicate check reads it (source, key, time), so a
 * repeat is caught after a restart too. Documents read back are checked with zod; one that does not fit is left out.
 */
import { Schema, type Connection, type Model } from 'mongoose';
import { z } from 'zod';
import type { AlertInbox, InboundAlert } from '../../core/ports/alertInbox';

interface AlertInDoc {
  _id: string;
  source: string;
  receivedAt: Date;
  seq: number;
  status: string;
  format?: string;
  message: string;
  repeatOf?: string;
  key?: string;
  orders: Record<string, unknown>[];
}

const schema = new Schema<AlertInDoc>(
  {
    _id: { type: String, required: true },
    source: { type: String, required: true },
    receivedAt: { type: Date, required: true },
    seq: { type: Number, required: true },
    status: { type: String, required: true },
    format: { type: String, required: false },
    message: { type: String, required: true },
    repeatOf: { type: String, required: false },
    key: { type: String, required: false },
    orders: { type: Schema.Types.Mixed, required: true },
  },
  { versionKey: false, minimize: false, collection: 'alerts_in' },
);
schema.index({ source: 1, key: 1, receivedAt: -1 });
schema.index({ receivedAt: -1, seq: -1 });

const orderSchema = z.object({
  symbol: z.string(),
  action: z.enum(['buy', 'sell', 'exit']),
  side: z.enum(['BUY', 'SELL']).optional(),
  quantity: z.number().int().positive().optional(),
  orderId: z.string().optional(),
  status: z.string().optional(),
  refused: z.string().optional(),
});
const docSchema = z.object({
  _id: z.string(),
  source: z.string(),
  receivedAt: z.date(),
  status: z.enum(['accepted', 'duplicate', 'invalid']),
  format: z.enum(['tradingview', 'chartink', 'text']).nullish(),
  message: z.string(),
  repeatOf: z.string().nullish(),
  key: z.string().nullish(),
  orders: z.array(orderSchema),
});

function fromDoc(raw: unknown): InboundAlert | undefined {
  const p = docSchema.safeParse(raw);
  if (!p.success) return undefined;
  const d = p.data;
  return {
    id: d._id,
    source: d.source,
    receivedAt: d.receivedAt.getTime(),
    status: d.status,
    ...(d.format ? { format: d.format } : {}),
    message: d.message,
    ...(d.repeatOf ? { repeatOf: d.repeatOf } : {}),
    ...(d.key ? { key: d.key } : {}),
    orders: d.orders.map((o) => ({
      symbol: o.symbol,
      action: o.action,
      ...(o.side ? { side: o.side } : {}),
      ...(o.quantity !== undefined ? { quantity: o.quantity } : {}),
      ...(o.orderId !== undefined ? { orderId: o.orderId } : {}),
      ...(o.status !== undefined ? { status: o.status } : {}),
      ...(o.refused !== undefined ? { refused: o.refused } : {}),
    })),
  };
}

export class MongoAlertInbox implements AlertInbox {
  /** Orders alerts of one instant by arrival (per process, increasing). */
  private seq = Date.now() * 1000;

  private constructor(private readonly model: Model<AlertInDoc>) {}

  static async open(connection: Connection): Promise<MongoAlertInbox> {
    const model = (connection.models.AlertIn as Model<AlertInDoc> | undefined) ?? connection.model<AlertInDoc>('AlertIn', schema);
    await model.init();
    return new MongoAlertInbox(model);
  }

  async add(a: InboundAlert): Promise<void> {
    await this.model.create({
      _id: a.id,
      source: a.source,
      receivedAt: new Date(a.receivedAt),
      seq: this.seq++,
      status: a.status,
      ...(a.format ? { format: a.format } : {}),
      message: a.message,
      ...(a.repeatOf ? { repeatOf: a.repeatOf } : {}),
      ...(a.key ? { key: a.key } : {}),
      orders: a.orders.map((o) => ({ ...o })),
    });
  }

  async settle(id: string, orders: InboundAlert['orders']): Promise<void> {
    await this.model.updateOne({ _id: id }, { $set: { orders: orders.map((o) => ({ ...o })) } }).exec();
  }

  async accepted(source: string, key: string, since: number): Promise<InboundAlert | undefined> {
    const d = await this.model.findOne({ source, key, status: 'accepted', receivedAt: { $gte: new Date(since) } }).sort({ receivedAt: -1 }).lean().exec();
    return d ? fromDoc(d) : undefined;
  }

  async recent(limit: number, source?: string): Promise<InboundAlert[]> {
    const docs = await this.model.find(source === undefined ? {} : { source }).sort({ receivedAt: -1, seq: -1 }).limit(limit).lean().exec();
    return docs.map(fromDoc).filter((a): a is InboundAlert => a !== undefined);
  }
}
