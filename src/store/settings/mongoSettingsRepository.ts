/**
 * Operator settings on MongoDB (`settings`, one document per key with who changed it and when). Failures come
 * back as one sentence saying what to do.
 */
import { Schema, type Connection, type Model } from 'mongoose';
import { err, ok, type Result } from '../../core/result';
import { errorReason } from '../connection';
import type { SettingsRepository } from '../../core/ports/settingsRepository';

interface SettingDoc {
  _id: string;
  value: unknown;
  by: string;
  time: Date;
}

const settingSchema = new Schema<SettingDoc>(
  {
    _id: { type: String, required: true },
    value: { type: Schema.Types.Mixed, required: true },
    by: { type: String, required: true },
    time: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);

function settingModel(connection: Connection): Model<SettingDoc> {
  return (connection.models.Setting as Model<SettingDoc> | undefined) ?? connection.model<SettingDoc>('Setting', settingSchema, 'settings');
}

const unavailable = (e: unknown): string => `Settings could not be read or written (${errorReason(e)}); check that MongoDB is running and try again.`;

export class MongoSettingsRepository implements SettingsRepository {
  private readonly model: Model<SettingDoc>;

  constructor(connection: Connection) {
    this.model = settingModel(connection);
  }

  async all(): Promise<Result<Readonly<Record<string, unknown>>, string>> {
    try {
      const docs = await this.model.find({}).lean<SettingDoc[]>().exec();
      return ok(Object.fromEntries(docs.map((d) => [d._id, d.value])));
    } catch (e) {
      return err(unavailable(e));
    }
  }

  async set(key: string, value: unknown, by: string, time: number): Promise<Result<void, string>> {
    try {
      await this.model.replaceOne({ _id: key }, { _id: key, value, by, time: new Date(time) }, { upsert: true }).exec();
      return ok(undefined);
    } catch (e) {
      return err(unavailable(e));
    }
  }
}
