/**
 * MongoDB collection `strategy_instances`: one document per strategy instance (config, status,
 * persistent state, positions, latest performance). `_id` is the instance id.
 */
import { Schema, type Connection, type Model } from 'mongoose';

export interface InstanceDoc {
  _id: string;
  strategy: string;
  params: Record<string, unknown>;
  symbols: string[];
  capitalShare: number;
  status: string;
  message?: string;
  state: Record<string, unknown>;
  positions: Record<string, unknown>;
  cash?: number;
  allowShort: boolean;
  product: string;
  sizing?: string;
  createdAt: Date;
  updatedAt: Date;
  performance?: Record<string, unknown>;
}

const instanceSchema = new Schema<InstanceDoc>(
  {
    _id: { type: String, required: true },
    strategy: { type: String, required: true },
    params: { type: Schema.Types.Mixed, default: {} },
    symbols: { type: [String], required: true },
    capitalShare: { type: Number, required: true },
    status: { type: String, required: true, enum: ['running', 'paused', 'stopped', 'errored'] },
    message: { type: String, required: false },
    state: { type: Schema.Types.Mixed, default: {} },
    positions: { type: Schema.Types.Mixed, default: {} },
    cash: { type: Number, required: false },
    allowShort: { type: Boolean, default: false },
    product: { type: String, default: 'CNC' },
    sizing: { type: String, required: false },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    performance: { type: Schema.Types.Mixed, required: false },
  },
  { versionKey: false, minimize: false, collection: 'strategy_instances' },
);
instanceSchema.index({ status: 1, createdAt: 1 }, { name: 'status_createdAt' });

/** The model on `connection` (not on mongoose's global), with its index built. */
export async function instanceModel(connection: Connection): Promise<Model<InstanceDoc>> {
  const model = connection.models.StrategyInstance
    ? (connection.models.StrategyInstance as Model<InstanceDoc>)
    : connection.model<InstanceDoc>('StrategyInstance', instanceSchema);
  await model.createIndexes();
  return model;
}
