/**
 * MongoDB collections of the candle cache: `candles` (one document per instrument token + interval + bar start,
 * unique) and `candle_ranges` (ranges the broker was fully asked for, so they are never fetched again).
 */
import { Schema, type Connection, type Model } from 'mongoose';

export interface CandleDoc {
  token: number;
  interval: string;
  /** Bar start (UTC instant). */
  time: Date;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  oi?: number;
}

export interface CandleRangeDoc {
  token: number;
  interval: string;
  from: Date;
  /** Exclusive end. */
  to: Date;
}

const candleSchema = new Schema<CandleDoc>(
  {
    token: { type: Number, required: true },
    interval: { type: String, required: true },
    time: { type: Date, required: true },
    open: { type: Number, required: true },
    high: { type: Number, required: true },
    low: { type: Number, required: true },
    close: { type: Number, required: true },
    volume: { type: Number, required: true },
    oi: { type: Number, required: false },
  },
  { versionKey: false },
);
candleSchema.index({ token: 1, interval: 1, time: 1 }, { unique: true, name: 'token_interval_time' });

const candleRangeSchema = new Schema<CandleRangeDoc>(
  {
    token: { type: Number, required: true },
    interval: { type: String, required: true },
    from: { type: Date, required: true },
    to: { type: Date, required: true },
  },
  { versionKey: false },
);
candleRangeSchema.index({ token: 1, interval: 1, from: 1 }, { name: 'token_interval_from' });

export interface CandleModels {
  readonly candles: Model<CandleDoc>;
  readonly ranges: Model<CandleRangeDoc>;
}

/** The models on `connection`, with their indexes built (the unique index must exist before upserts race). */
export async function candleModels(connection: Connection): Promise<CandleModels> {
  const candles = connection.models.Candle ? (connection.models.Candle as Model<CandleDoc>) : connection.model<CandleDoc>('Candle', candleSchema, 'candles');
  const ranges = connection.models.CandleRange
    ? (connection.models.CandleRange as Model<CandleRangeDoc>)
    : connection.model<CandleRangeDoc>('CandleRange', candleRangeSchema, 'candle_ranges');
  await Promise.all([candles.init(), ranges.init()]);
  return { candles, ranges };
}
