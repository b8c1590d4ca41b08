/**
 * MongoDB collections `alerts` (every alert that passed the deduper, muted or not) and
 * `alert_mutes` (one document per muted kind, `_id` = the kind).
 */
import { Schema, type Connection, type Model } from 'mongoose';

export interface AlertDoc {
  kind: string;
  severity: string;
  key: string;
  message: string;
  time: Date;
  value: number;
  threshold: number;
  muted: boolean;
}

export interface MuteDoc {
  _id: string;
  until: Date;
}

const alertSchema = new Schema<AlertDoc>(
  {
    kind: { type: String, required: true },
    severity: { type: String, required: true, enum: ['info', 'warning', 'critical'] },
    key: { type: String, required: true },
    message: { type: String, required: true },
    time: { type: Date, required: true },
    value: { type: Number, required: true },
    threshold: { type: Number, required: true },
    muted: { type: Boolean, default: false },
  },
  { versionKey: false, collection: 'alerts' },
);
alertSchema.index({ time: -1 }, { name: 'time_desc' });

const muteSchema = new Schema<MuteDoc>({ _id: { type: String, required: true }, until: { type: Date, required: true } }, { versionKey: false, collection: 'alert_mutes' });

export async function alertModels(connection: Connection): Promise<{ alerts: Model<AlertDoc>; mutes: Model<MuteDoc> }> {
  const alerts = connection.models.RiskAlert ? (connection.models.RiskAlert as Model<AlertDoc>) : connection.model<AlertDoc>('RiskAlert', alertSchema);
  const mutes = connection.models.AlertMute ? (connection.models.AlertMute as Model<MuteDoc>) : connection.model<MuteDoc>('AlertMute', muteSchema);
  await alerts.createIndexes();
  return { alerts, mutes };
}
