/**
 * The kill switch's TradingStateStore on MongoDB (mongoose). A stored document that does not fit
 * the record schema reads as HALTED: when the saved state cannot be trusted, the safe answer is
 * to trade nothing until a person resumes.
 */
import type { Connection, Model } from 'mongoose';
import { tradingStateRecordSchema, type TradingStateRecord, type TradingStateStore } from '../../core/ports/tradingStateStore';
import { tradingStateModel, type TradingStateDoc } from './tradingStateModel';

const ID = 'current';

export class MongoTradingStateStore implements TradingStateStore {
  private constructor(private readonly model: Model<TradingStateDoc>) {}

  static open(connection: Connection): MongoTradingStateStore {
    return new MongoTradingStateStore(tradingStateModel(connection));
  }

  async load(): Promise<TradingStateRecord | undefined> {
    const doc = await this.model.findById(ID).lean<TradingStateDoc>().exec();
    if (!doc) return undefined;
    const time = new Date(doc.time).getTime();
    const parsed = tradingStateRecordSchema.safeParse({ state: doc.state, by: doc.by, reason: doc.reason, time });
    if (parsed.success) return parsed.data;
    return { state: 'HALTED', by: 'store', reason: 'the stored trading state was unreadable, so trading stays halted until someone resumes it', time: Number.isFinite(time) ? time : 0 };
  }

  async save(r: TradingStateRecord): Promise<void> {
    await this.model.replaceOne({ _id: ID }, { _id: ID, state: r.state, by: r.by, reason: r.reason, time: new Date(r.time) }, { upsert: true }).exec();
  }
}
