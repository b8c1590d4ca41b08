/**
 * The bot's mark in its database (collection `bot_marker`, one document `_id: "autoppm"`): the deployment's id and
 * when it was first written. Written at the first start and kept; a database that answers but no longer has it has
 * lost the bot's data (issue 16: a MongoDB that came back empty went unnoticed). See
 * src/services/engine/databaseWatch.ts.
 */
import { Schema, type Connection, type Model } from 'mongoose';
import type { DeploymentMark } from '../../core/ports/deploymentMark';

interface MarkerDoc {
  _id: string;
  deploymentId?: string;
  createdAt: Date;
}

const ID = 'autoppm';

const markerSchema = new Schema<MarkerDoc>({ _id: { type: String, required: true }, deploymentId: { type: String }, createdAt: { type: Date, required: true } }, { versionKey: false, collection: 'bot_marker' });

export class MongoDataMarker {
  private readonly model: Model<MarkerDoc>;

  constructor(connection: Connection) {
    this.model = (connection.models.BotMarker as Model<MarkerDoc> | undefined) ?? connection.model<MarkerDoc>('BotMarker', markerSchema);
  }

  /** The mark, or undefined when the database has none (throws when MongoDB does not answer). */
  async read(): Promise<DeploymentMark | undefined> {
    const doc = await this.model.findById(ID).lean().exec();
    if (!doc) return undefined;
    const createdAt = new Date(doc.createdAt).getTime();
    // A mark written before marks carried an id (it still names this deployment's data).
    return { id: doc.deploymentId ?? `autoppm-${createdAt}`, createdAt };
  }

  /** Writes the mark (kept as it was when one is there already). */
  async write(mark: DeploymentMark): Promise<void> {
    await this.model.updateOne({ _id: ID }, { $setOnInsert: { deploymentId: mark.id, createdAt: new Date(mark.createdAt) } }, { upsert: true }).exec();
  }
}
