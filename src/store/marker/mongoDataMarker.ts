/**
 * The bot's mark in its database (collection `bot_marker`, one document `_id: "autoppm"`): written at the first start
 * and kept; a database that answers but no longer has it has lost the bot's data (issue 16: a MongoDB that came
 * back empty went unnoticed). See src/app/databaseWatch.ts.
 */
import { Schema, type Connection, type Model } from 'mongoose';

interface MarkerDoc {
  _id: string;
  createdAt: Date;
}

const ID = 'autoppm';

const markerSchema = new Schema<MarkerDoc>({ _id: { type: String, required: true }, createdAt: { type: Date, required: true } }, { versionKey: false, collection: 'bot_marker' });

export class MongoDataMarker {
  private readonly model: Model<MarkerDoc>;

  constructor(connection: Connection) {
    this.model = (connection.models.BotMarker as Model<MarkerDoc> | undefined) ?? connection.model<MarkerDoc>('BotMarker', markerSchema);
  }

  /** Whether the mark is there (throws when MongoDB does not answer). */
  async present(): Promise<boolean> {
    return (await this.model.exists({ _id: ID }).exec()) !== null;
  }

  /** Writes the mark (kept as it was when it is there already). */
  async write(time: number): Promise<void> {
    await this.model.updateOne({ _id: ID }, { $setOnInsert: { createdAt: new Date(time) } }, { upsert: true }).exec();
  }
}
