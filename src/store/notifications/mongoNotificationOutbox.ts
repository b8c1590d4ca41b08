/**
 * The notification outbox on MongoDB (`notification_outbox`): one document per (sink, notification) still waiting
 * for delivery. Documents are read back through the same zod schema the notifier validates input with, so a
 * damaged document is skipped (and removed) instead of breaking delivery.
 */
import { Schema, type Connection, type Model } from 'mongoose';
import { z } from 'zod';
import { NOTIFICATION_KINDS, SEVERITIES, type Notification } from '../../notify/notification';
import type { NotificationOutbox } from '../../notify/outbox';

interface OutboxDoc {
  _id: string;
  sink: string;
  notificationId: string;
  time: number;
  kind: string;
  severity: string;
  title: string;
  text?: string;
  fields: Array<{ name: string; value: string; inline?: boolean }>;
  image?: Buffer;
  actions?: Array<{ label: string; command?: string; url?: string }>;
  to?: string;
  queuedAt: Date;
}

const outboxSchema = new Schema<OutboxDoc>(
  {
    _id: { type: String, required: true },
    sink: { type: String, required: true, index: true },
    notificationId: { type: String, required: true },
    time: { type: Number, required: true },
    kind: { type: String, required: true },
    severity: { type: String, required: true },
    title: { type: String, required: true },
    text: { type: String, required: false },
    fields: { type: [{ _id: false, name: String, value: String, inline: { type: Boolean, required: false } }], default: [] },
    image: { type: Buffer, required: false },
    actions: { type: [{ _id: false, label: String, command: { type: String, required: false }, url: { type: String, required: false } }], default: undefined },
    to: { type: String, required: false },
    queuedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

const storedSchema = z.object({
  _id: z.string(),
  notificationId: z.string().min(1),
  time: z.number(),
  kind: z.enum(NOTIFICATION_KINDS),
  severity: z.enum(SEVERITIES),
  title: z.string().min(1),
  text: z.string().optional().nullable(),
  fields: z.array(z.object({ name: z.string(), value: z.string(), inline: z.boolean().optional().nullable() })),
  image: z.unknown().optional(),
  actions: z.array(z.object({ label: z.string(), command: z.string().optional().nullable(), url: z.string().optional().nullable() })).optional().nullable(),
  to: z.string().optional().nullable(),
});

function outboxModel(connection: Connection): Model<OutboxDoc> {
  return (connection.models.NotificationOutbox as Model<OutboxDoc> | undefined) ?? connection.model<OutboxDoc>('NotificationOutbox', outboxSchema, 'notification_outbox');
}

/** Image bytes as stored: a Buffer, or the driver's Binary (lean reads). */
function bytesOf(v: unknown): Uint8Array | undefined {
  if (v instanceof Uint8Array) return new Uint8Array(v);
  if (v && typeof v === 'object' && 'buffer' in v && (v as { buffer: unknown }).buffer instanceof Uint8Array) {
    const b = v as { buffer: Uint8Array; position?: unknown };
    return new Uint8Array(typeof b.position === 'number' ? b.buffer.subarray(0, b.position) : b.buffer);
  }
  return undefined;
}

export class MongoNotificationOutbox implements NotificationOutbox {
  private readonly model: Model<OutboxDoc>;

  constructor(connection: Connection) {
    this.model = outboxModel(connection);
  }

  async add(sink: string, n: Notification): Promise<void> {
    const doc: OutboxDoc = {
      _id: `${sink}:${n.id}`,
      sink,
      notificationId: n.id,
      time: n.time,
      kind: n.kind,
      severity: n.severity,
      title: n.title,
      fields: n.fields.map((f) => ({ name: f.name, value: f.value, ...(f.inline !== undefined ? { inline: f.inline } : {}) })),
      queuedAt: new Date(),
      ...(n.text !== undefined ? { text: n.text } : {}),
      ...(n.image !== undefined ? { image: Buffer.from(n.image) } : {}),
      ...(n.actions !== undefined
        ? { actions: n.actions.map((a) => ({ label: a.label, ...(a.command !== undefined ? { command: a.command } : {}), ...(a.url !== undefined ? { url: a.url } : {}) })) }
        : {}),
      ...(n.to !== undefined ? { to: n.to } : {}),
    };
    await this.model.replaceOne({ _id: doc._id }, doc, { upsert: true }).exec();
  }

  async remove(sink: string, id: string): Promise<void> {
    await this.model.deleteOne({ _id: `${sink}:${id}` }).exec();
  }

  async pending(sink: string): Promise<readonly Notification[]> {
    const docs = await this.model.find({ sink }).sort({ time: 1, queuedAt: 1 }).lean().exec();
    const out: Notification[] = [];
    const damaged: string[] = [];
    for (const raw of docs) {
      const p = storedSchema.safeParse(raw);
      if (!p.success) {
        damaged.push(String((raw as { _id: unknown })._id));
        continue;
      }
      const d = p.data;
      const image = bytesOf(d.image);
      out.push({
        id: d.notificationId,
        time: d.time,
        kind: d.kind,
        severity: d.severity,
        title: d.title,
        fields: d.fields.map((f) => ({ name: f.name, value: f.value, ...(typeof f.inline === 'boolean' ? { inline: f.inline } : {}) })),
        ...(typeof d.text === 'string' ? { text: d.text } : {}),
        ...(image ? { image } : {}),
        ...(d.actions
          ? { actions: d.actions.map((a) => ({ label: a.label, ...(typeof a.command === 'string' ? { command: a.command } : {}), ...(typeof a.url === 'string' ? { url: a.url } : {}) })) }
          : {}),
        ...(typeof d.to === 'string' ? { to: d.to } : {}),
      });
    }
    if (damaged.length > 0) await this.model.deleteMany({ _id: { $in: damaged } }).exec();
    return out;
  }
}
