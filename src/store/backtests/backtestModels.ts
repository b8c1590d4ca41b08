/**
 * MongoDB collection `backtests`: one document per result key (unique index on `key`), with the list
 * fields at the top level, the exact metrics and the request as JSON text (non-finite numbers such as
 * an infinite profit factor survive: see encodeJson), the trades, and the compact series as plain
 * number arrays (≤ 2,000 points, src/backtest/resultRepository.ts).
 */
import { Schema, type Connection, type Model } from 'mongoose';

export interface BacktestTradeDoc {
  symbol: string;
  side: string;
  quantity: number;
  entryTime: number;
  entryPrice: number;
  exitTime: number;
  exitPrice: number;
  pnl: number;
  costs: number;
  charges: Record<string, number>;
  entryReason: string;
  exitReason: string;
  open: boolean;
}

export interface BacktestDoc {
  key: string;
  createdAt: Date;
  engineVersion: string;
  strategy: string;
  symbols: string[];
  interval: string;
  startTime: number;
  endTime: number;
  /** Null when not finite. */
  finalEquity: number | null;
  totalReturn: number | null;
  sharpe: number | null;
  maxDrawdown: number | null;
  tradeCount: number;
  synthetic: boolean;
  dataFingerprint: string;
  bars: number;
  fills: number;
  benchmark: string | null;
  warnings: string[];
  refusals?: Record<string, number>;
  requestJson: string;
  metricsJson: string;
  trades: BacktestTradeDoc[];
  series: { time: number[]; equity: number[]; drawdown: number[] };
}

const tradeSchema = new Schema<BacktestTradeDoc>(
  {
    symbol: String,
    side: String,
    quantity: Number,
    entryTime: Number,
    entryPrice: Number,
    exitTime: Number,
    exitPrice: Number,
    pnl: Number,
    costs: Number,
    charges: { type: Schema.Types.Mixed },
    entryReason: String,
    exitReason: String,
    open: Boolean,
  },
  { _id: false, versionKey: false },
);

const backtestSchema = new Schema<BacktestDoc>(
  {
    key: { type: String, required: true },
    createdAt: { type: Date, required: true },
    engineVersion: { type: String, required: true },
    strategy: { type: String, required: true },
    symbols: { type: [String], required: true },
    interval: { type: String, required: true },
    startTime: Number,
    endTime: Number,
    finalEquity: { type: Number, default: null },
    totalReturn: { type: Number, default: null },
    sharpe: { type: Number, default: null },
    maxDrawdown: { type: Number, default: null },
    tradeCount: { type: Number, required: true },
    synthetic: { type: Boolean, required: true },
    dataFingerprint: { type: String, required: true },
    bars: Number,
    fills: Number,
    benchmark: { type: String, default: null },
    warnings: { type: [String], default: [] },
    refusals: { type: Schema.Types.Mixed, required: false },
    requestJson: { type: String, required: true },
    metricsJson: { type: String, required: true },
    trades: { type: [tradeSchema], default: [] },
    series: { time: [Number], equity: [Number], drawdown: [Number] },
  },
  { versionKey: false, collection: 'backtests' },
);
backtestSchema.index({ key: 1 }, { name: 'key_unique', unique: true });
backtestSchema.index({ createdAt: -1 }, { name: 'created_desc' });

export async function backtestModel(connection: Connection): Promise<Model<BacktestDoc>> {
  const model = connection.models.Backtest ? (connection.models.Backtest as Model<BacktestDoc>) : connection.model<BacktestDoc>('Backtest', backtestSchema);
  await model.createIndexes();
  return model;
}
