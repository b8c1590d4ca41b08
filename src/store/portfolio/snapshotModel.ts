/**
 * MongoDB collection `portfolio_snapshots`: one document per snapshot, unique per
 * (portfolioId, time, kind). Numbers that may be NaN (unknown risk figures) are stored as null.
 */
import { Schema, type Connection, type Model } from 'mongoose';

export interface SnapshotPositionDoc {
  symbol: string;
  instanceId: string | null;
  quantity: number;
  price: number;
  value: number;
  weight: number;
  sector: string;
}

export interface SnapshotDoc {
  portfolioId: string;
  time: Date;
  kind: 'daily' | 'rebalance';
  cash: number;
  equity: number;
  positions: SnapshotPositionDoc[];
  sectorExposure: Map<string, number>;
  risk: { volatility: number | null; var1d: number | null };
  externalFlow: number;
  costs: number;
}

const positionSchema = new Schema<SnapshotPositionDoc>(
  {
    symbol: { type: String, required: true },
    instanceId: { type: String, default: null },
    quantity: { type: Number, required: true },
    price: { type: Number, required: true },
    value: { type: Number, required: true },
    weight: { type: Number, required: true },
    sector: { type: String, required: true },
  },
  { _id: false },
);

const snapshotSchema = new Schema<SnapshotDoc>(
  {
    portfolioId: { type: String, required: true },
    time: { type: Date, required: true },
    kind: { type: String, enum: ['daily', 'rebalance'], required: true },
    cash: { type: Number, required: true },
    equity: { type: Number, required: true },
    positions: { type: [positionSchema], default: [] },
    sectorExposure: { type: Map, of: Number, default: {} },
    risk: { volatility: { type: Number, default: null }, var1d: { type: Number, default: null } },
    externalFlow: { type: Number, default: 0 },
    costs: { type: Number, default: 0 },
  },
  { versionKey: false },
);
snapshotSchema.index({ portfolioId: 1, time: 1, kind: 1 }, { unique: true, name: 'portfolio_time_kind' });

export async function snapshotModel(connection: Connection): Promise<Model<SnapshotDoc>> {
  const m = connection.models.PortfolioSnapshot
    ? (connection.models.PortfolioSnapshot as Model<SnapshotDoc>)
    : connection.model<SnapshotDoc>('PortfolioSnapshot', snapshotSchema, 'portfolio_snapshots');
  await m.init();
  return m;
}
