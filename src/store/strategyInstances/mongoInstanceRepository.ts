/**
 * InstanceRepository on MongoDB (mongoose). Documents read back are checked with the engine's
 * record schema: a document that does not fit is left out of `list` and reported by `problems`.
 */
import type { Connection, Model } from 'mongoose';
import type { InstanceStatus } from '../../core/events';
import { strategyInstanceId, type StrategyInstanceId } from '../../core/ids';
import type { JsonObject, Params } from '../../core/strategy';
import { instanceRecordSchema, type InstanceRecord, type InstanceRepository } from '../../core/ports/instanceRepository';
import { instanceModel, type InstanceDoc } from './instanceModel';

export class MongoInstanceRepository implements InstanceRepository {
  /** Ids of stored documents that failed validation on the last read, with the reason. */
  readonly problems: { id: string; message: string }[] = [];

  private constructor(private readonly model: Model<InstanceDoc>) {}

  static async open(connection: Connection): Promise<MongoInstanceRepository> {
    return new MongoInstanceRepository(await instanceModel(connection));
  }

  async save(r: InstanceRecord): Promise<void> {
    const doc: InstanceDoc = {
      _id: r.id,
      strategy: r.strategy,
      params: { ...r.params },
      symbols: [...r.symbols],
      capitalShare: r.capitalShare,
      status: r.status,
      state: { ...r.state },
      positions: { ...r.positions },
      allowShort: r.allowShort,
      product: r.product,
      ...(r.sizing !== undefined ? { sizing: r.sizing } : {}),
      createdAt: new Date(r.createdAt),
      updatedAt: new Date(r.updatedAt),
      ...(r.message !== undefined ? { message: r.message } : {}),
      ...(r.cash !== undefined ? { cash: r.cash } : {}),
      ...(r.performance !== undefined ? { performance: { ...r.performance } } : {}),
    };
    await this.model.replaceOne({ _id: r.id }, doc, { upsert: true }).exec();
  }

  async get(id: StrategyInstanceId): Promise<InstanceRecord | undefined> {
    const doc = await this.model.findById(id).lean<InstanceDoc>().exec();
    return doc ? this.toRecord(doc) : undefined;
  }

  async list(filter?: { readonly status?: readonly InstanceStatus[] }): Promise<InstanceRecord[]> {
    const q = filter?.status ? { status: { $in: [...filter.status] } } : {};
    const docs = await this.model.find(q).sort({ createdAt: 1, _id: 1 }).lean<InstanceDoc[]>().exec();
    this.problems.length = 0;
    const out: InstanceRecord[] = [];
    for (const d of docs) {
      const r = this.toRecord(d);
      if (r) out.push(r);
    }
    return out;
  }

  async remove(id: StrategyInstanceId): Promise<void> {
    await this.model.deleteOne({ _id: id }).exec();
  }

  private toRecord(d: InstanceDoc): InstanceRecord | undefined {
    const { _id, createdAt, updatedAt, ...rest } = d;
    const parsed = instanceRecordSchema.safeParse({
      ...rest,
      id: _id,
      createdAt: new Date(createdAt).getTime(),
      updatedAt: new Date(updatedAt).getTime(),
    });
    if (!parsed.success) {
      this.problems.push({ id: String(_id), message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
      return undefined;
    }
    const p = parsed.data;
    return { ...p, id: strategyInstanceId(p.id), params: p.params as Params, state: p.state as JsonObject };
  }
}
