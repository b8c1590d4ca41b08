/**
 * The Telegram outbound queue on MongoDB (`telegram_outbound`): one document per message not yet delivered, so
 * a restart resends it. Documents are read back through a zod schema; a damaged one is dropped (and logged by
 * the caller's count) instead of blocking the queue.
 */
import { Schema, type Connection, type Model } from 'mongoose';
import { z } from 'zod';
import type { OutboundItem, OutboundOp, OutboundStore } from '../../core/ports/telegramOutbox';

interface OutboundDoc {
  _id: string;
  seq: number;
  chatId: number;
  op: Record<string, unknown>;
  png?: Buffer;
  ref?: string;
  createdAt: number;
}

const outboundSchema = new Schema<OutboundDoc>(
  {
    _id: { type: String, required: true },
    seq: { type: Number, required: true, index: true },
    chatId: { type: Number, required: true },
    op: { type: Schema.Types.Mixed, required: true },
    png: { type: Buffer, required: false },
    ref: { type: String, required: false },
    createdAt: { type: Number, required: true },
  },
  { versionKey: false, minimize: false },
);

const button = z.union([z.object({ text: z.string(), callback_data: z.string() }), z.object({ text: z.string(), url: z.string() })]);
const keyboard = z.array(z.array(button)).optional();
const opSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('sendMessage'), text: z.string(), keyboard, replyKeyboard: z.array(z.array(z.string())).optional() }),
  z.object({ method: z.literal('sendPhoto'), filename: z.string(), caption: z.string(), keyboard }),
  z.object({ method: z.literal('editMessageText'), messageId: z.number().int(), text: z.string(), keyboard }),
]);
const docSchema = z.object({ _id: z.string(), seq: z.number(), chatId: z.number().int(), op: opSchema, png: z.unknown().optional(), ref: z.string().optional().nullable(), createdAt: z.number() });

/** Bytes as stored: a Buffer, or the driver's Binary (lean reads). */
function bytesOf(v: unknown): Uint8Array | undefined {
  if (v instanceof Uint8Array) return new Uint8Array(v);
  if (v && typeof v === 'object' && 'buffer' in v && (v as { buffer: unknown }).buffer instanceof Uint8Array) {
    const b = v as { buffer: Uint8Array; position?: unknown };
    return new Uint8Array(typeof b.position === 'number' ? b.buffer.subarray(0, b.position) : b.buffer);
  }
  return undefined;
}

function modelOf(connection: Connection): Model<OutboundDoc> {
  return (connection.models.TelegramOutbound as Model<OutboundDoc> | undefined) ?? connection.model<OutboundDoc>('TelegramOutbound', outboundSchema, 'telegram_outbound');
}

export class MongoOutboundStore implements OutboundStore {
  private readonly model: Model<OutboundDoc>;

  constructor(connection: Connection) {
    this.model = modelOf(connection);
  }

  async add(item: OutboundItem): Promise<void> {
    const { op } = item;
    const plainOp: Record<string, unknown> = op.method === 'sendPhoto' ? { method: op.method, filename: op.filename, caption: op.caption, ...(op.keyboard ? { keyboard: op.keyboard } : {}) } : JSON.parse(JSON.stringify(op));
    const doc: OutboundDoc = { _id: item.id, seq: item.seq, chatId: item.chatId, op: plainOp, createdAt: item.createdAt, ...(item.ref !== undefined ? { ref: item.ref } : {}), ...(op.method === 'sendPhoto' ? { png: Buffer.from(op.png) } : {}) };
    await this.model.replaceOne({ _id: doc._id }, doc, { upsert: true }).exec();
  }

  async remove(id: string): Promise<void> {
    await this.model.deleteOne({ _id: id }).exec();
  }

  async pending(): Promise<readonly OutboundItem[]> {
    const docs = await this.model.find({}).sort({ seq: 1 }).lean().exec();
    const out: OutboundItem[] = [];
    const damaged: string[] = [];
    for (const raw of docs) {
      const p = docSchema.safeParse(raw);
      const png = p.success && p.data.op.method === 'sendPhoto' ? bytesOf(p.data.png) : undefined;
      if (!p.success || (p.data.op.method === 'sendPhoto' && !png)) {
        damaged.push(String((raw as { _id: unknown })._id));
        continue;
      }
      const d = p.data;
      const op: OutboundOp = d.op.method === 'sendPhoto' ? { ...d.op, png: png! } : d.op;
      out.push({ id: d._id, seq: d.seq, chatId: d.chatId, op, createdAt: d.createdAt, ...(typeof d.ref === 'string' ? { ref: d.ref } : {}) });
    }
    if (damaged.length > 0) await this.model.deleteMany({ _id: { $in: damaged } }).exec();
    return out;
  }
}
