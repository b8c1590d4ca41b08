/**
 * MongoDB collection `trading_state`: one document (`_id: "current"`) holding the kill switch's
 * state, who set it, why and when.
 */
import { Schema, type Connection, type Model } from 'mongoose';

export interface TradingStateDoc {
  _id: string;
  state: string;
  by: string;
  reason: string;
  time: Date;
}

const tradingStateSchema = new Schema<TradingStateDoc>(
  {
    _id: { type: String, required: true },
    state: { type: String, required: true, enum: ['ACTIVE', 'REDUCING', 'HALTED'] },
    by: { type: String, required: true },
    reason: { type: String, default: '' },
    time: { type: Date, required: true },
  },
  { versionKey: false, collection: 'trading_state' },
);

export function tradingStateModel(connection: Connection): Model<TradingStateDoc> {
  return connection.models.TradingState
    ? (connection.models.TradingState as Model<TradingStateDoc>)
    : connection.model<TradingStateDoc>('TradingState', tradingStateSchema);
}
