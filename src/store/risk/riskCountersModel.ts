/**
 * MongoDB collections of the risk engine's counters (src/risk/riskCounters.ts): `risk_recent_orders`, one document
 * per order that went out (kept a day and an hour), and `risk_day_start`, one document (`_id: "current"`) with the
 * IST day and the equity it started from.
 */
import { Schema, type Connection, type Model } from 'mongoose';

export interface RecentOrderDoc {
  account?: string;
  symbol: string;
  side: string;
  quantity: number;
  time: number;
}

export interface DayStartDoc {
  _id: string;
  day: number;
  equity: number;
}

const recentOrderSchema = new Schema<RecentOrderDoc>(
  {
    account: { type: String, required: false },
    symbol: { type: String, required: true },
    side: { type: String, required: true },
    quantity: { type: Number, required: true },
    time: { type: Number, required: true, index: true },
  },
  { versionKey: false, collection: 'risk_recent_orders' },
);

const dayStartSchema = new Schema<DayStartDoc>(
  {
    _id: { type: String, required: true },
    day: { type: Number, required: true },
    equity: { type: Number, required: true },
  },
  { versionKey: false, collection: 'risk_day_start' },
);

export interface RiskCounterModels {
  readonly orders: Model<RecentOrderDoc>;
  readonly dayStart: Model<DayStartDoc>;
}

export function riskCounterModels(connection: Connection): RiskCounterModels {
  return {
    orders: (connection.models.RiskRecentOrder as Model<RecentOrderDoc> | undefined) ?? connection.model<RecentOrderDoc>('RiskRecentOrder', recentOrderSchema),
    dayStart: (connection.models.RiskDayStart as Model<DayStartDoc> | undefined) ?? connection.model<DayStartDoc>('RiskDayStart', dayStartSchema),
  };
}
