/**
 * The AlertStore on MongoDB (mongoose). Documents read back are checked with zod; one that does not
 * fit is left out rather than shown half-read.
 */
import type { Connection, Model } from 'mongoose';
import { z } from 'zod';
import type { AlertMute, AlertStore, StoredAlert } from '../../risk/alerts/alertStore';
import { alertModels, type AlertDoc, type MuteDoc } from './alertModels';

const KINDS = ['limit-breach', 'limit-near', 'drawdown', 'var-breach', 'var-near', 'intraday-loss', 'intraday-loss-near', 'stale-data', 'broker-disconnected', 'system'] as const;

const storedSchema = z.object({
  kind: z.enum(KINDS),
  severity: z.enum(['info', 'warning', 'critical']),
  key: z.string(),
  message: z.string(),
  time: z.number().finite(),
  value: z.number(),
  threshold: z.number(),
  muted: z.boolean(),
});

export class MongoAlertStore implements AlertStore {
  private constructor(
    private readonly alerts: Model<AlertDoc>,
    private readonly muteModel: Model<MuteDoc>,
  ) {}

  static async open(connection: Connection): Promise<MongoAlertStore> {
    const m = await alertModels(connection);
    return new MongoAlertStore(m.alerts, m.mutes);
  }

  async add(a: StoredAlert): Promise<void> {
    await this.alerts.create({ ...a, time: new Date(a.time) });
  }

  async recent(limit: number): Promise<StoredAlert[]> {
    return this.read(await this.alerts.find({}).sort({ time: -1, _id: -1 }).limit(limit).lean<AlertDoc[]>().exec());
  }

  async since(time: number): Promise<StoredAlert[]> {
    return this.read(await this.alerts.find({ time: { $gte: new Date(time) } }).sort({ time: 1, _id: 1 }).lean<AlertDoc[]>().exec());
  }

  async setMute(m: AlertMute): Promise<void> {
    await this.muteModel.replaceOne({ _id: m.kind }, { _id: m.kind, until: new Date(m.until) }, { upsert: true }).exec();
  }

  async mutes(now: number): Promise<AlertMute[]> {
    const docs = await this.muteModel.find({ until: { $gt: new Date(now) } }).sort({ _id: 1 }).lean<MuteDoc[]>().exec();
    return docs.map((d) => ({ kind: String(d._id), until: new Date(d.until).getTime() }));
  }

  private read(docs: readonly AlertDoc[]): StoredAlert[] {
    const out: StoredAlert[] = [];
    for (const d of docs) {
      const r = storedSchema.safeParse({ kind: d.kind, severity: d.severity, key: d.key, message: d.message, time: new Date(d.time).getTime(), value: d.value, threshold: d.threshold, muted: d.muted ?? false });
      if (r.success) out.push(r.data);
    }
    return out;
  }
}
