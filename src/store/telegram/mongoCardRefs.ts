/** Where approval cards were sent (`telegram_approval_cards`), one document per (approval, chat). */
import { Schema, type Connection, type Model } from 'mongoose';
import { z } from 'zod';
import type { CardRef, CardRefStore } from '../../core/ports/cardRefs';

interface CardDoc {
  _id: string;
  approvalId: string;
  telegramId: number;
  chatId: number;
  messageId: number;
  version: number;
}

const cardSchema = new Schema<CardDoc>(
  {
    _id: { type: String, required: true },
    approvalId: { type: String, required: true, index: true },
    telegramId: { type: Number, required: true },
    chatId: { type: Number, required: true },
    messageId: { type: Number, required: true },
    version: { type: Number, required: true },
  },
  { versionKey: false },
);

const stored = z.object({ approvalId: z.string(), telegramId: z.number().int(), chatId: z.number().int(), messageId: z.number().int(), version: z.number().int() });

function modelOf(connection: Connection): Model<CardDoc> {
  return (connection.models.TelegramApprovalCard as Model<CardDoc> | undefined) ?? connection.model<CardDoc>('TelegramApprovalCard', cardSchema, 'telegram_approval_cards');
}

export class MongoCardRefs implements CardRefStore {
  private readonly model: Model<CardDoc>;

  constructor(connection: Connection) {
    this.model = modelOf(connection);
  }

  async put(ref: CardRef): Promise<void> {
    const doc: CardDoc = { _id: `${ref.approvalId}|${ref.chatId}`, ...ref };
    await this.model.replaceOne({ _id: doc._id }, doc, { upsert: true }).exec();
  }

  async list(approvalId: string): Promise<readonly CardRef[]> {
    const docs = await this.model.find({ approvalId }).lean().exec();
    const out: CardRef[] = [];
    for (const d of docs) {
      const p = stored.safeParse(d);
      if (p.success) out.push(p.data);
    }
    return out;
  }
}
