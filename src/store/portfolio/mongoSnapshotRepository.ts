/**
 * SnapshotRepository on MongoDB (mongoose). Saving the same (portfolio, time, kind) twice replaces
 * the document, so a retried job does not duplicate history. Failures come back as values.
 */
import type { Connection, Model } from 'mongoose';
import { strategyInstanceId } from '../../core/ids';
import type { Result } from '../../core/result';
import { err, ok } from '../../core/result';
import type { PortfolioSnapshot, SnapshotRepository, SnapshotStoreError } from '../../portfolio/snapshots/snapshot';
import { errorReason } from '../connection';
import { snapshotModel, type SnapshotDoc } from './snapshotModel';

const unavailable = (e: unknown): SnapshotStoreError => ({
  kind: 'store-unavailable',
  message: `Portfolio snapshots could not be read or written (${errorReason(e)}); check that MongoDB is running and try again.`,
});

const nanToNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

function toDoc(s: PortfolioSnapshot): SnapshotDoc {
  return {
    portfolioId: s.portfolioId,
    time: new Date(s.time),
    kind: s.kind,
    cash: s.cash,
    equity: s.equity,
    positions: s.positions.map((p) => ({ ...p, instanceId: p.instanceId ?? null })),
    sectorExposure: new Map(Object.entries(s.sectorExposure)),
    risk: { volatility: nanToNull(s.risk.volatility), var1d: nanToNull(s.risk.var1d) },
    externalFlow: s.externalFlow,
    costs: s.costs,
  };
}

interface LeanDoc extends Omit<SnapshotDoc, 'sectorExposure'> {
  sectorExposure: Record<string, number> | Map<string, number>;
}

function fromDoc(d: LeanDoc): PortfolioSnapshot {
  const exposure = d.sectorExposure instanceof Map ? Object.fromEntries(d.sectorExposure) : { ...d.sectorExposure };
  return {
    portfolioId: d.portfolioId,
    time: d.time.getTime(),
    kind: d.kind,
    cash: d.cash,
    equity: d.equity,
    positions: d.positions.map((p) => ({
      symbol: p.symbol,
      instanceId: p.instanceId === null ? null : strategyInstanceId(p.instanceId),
      quantity: p.quantity,
      price: p.price,
      value: p.value,
      weight: p.weight,
      sector: p.sector,
    })),
    sectorExposure: exposure,
    risk: { volatility: d.risk.volatility ?? NaN, var1d: d.risk.var1d ?? NaN },
    externalFlow: d.externalFlow,
    costs: d.costs,
  };
}

export class MongoSnapshotRepository implements SnapshotRepository {
  private constructor(private readonly model: Model<SnapshotDoc>) {}

  static async open(connection: Connection): Promise<Result<MongoSnapshotRepository, SnapshotStoreError>> {
    try {
      return ok(new MongoSnapshotRepository(await snapshotModel(connection)));
    } catch (e) {
      return err(unavailable(e));
    }
  }

  async save(s: PortfolioSnapshot): Promise<Result<void, SnapshotStoreError>> {
    if (!Number.isFinite(s.time) || !Number.isFinite(s.equity) || !Number.isFinite(s.cash)) {
      return err({ kind: 'invalid-snapshot', message: 'The snapshot has a missing time, cash or equity value; mark the portfolio to market before saving.' });
    }
    try {
      await this.model.replaceOne({ portfolioId: s.portfolioId, time: new Date(s.time), kind: s.kind }, toDoc(s), { upsert: true });
      return ok(undefined);
    } catch (e) {
      return err(unavailable(e));
    }
  }

  async latest(portfolioId: string): Promise<Result<PortfolioSnapshot | null, SnapshotStoreError>> {
    try {
      const d = await this.model.findOne({ portfolioId }).sort({ time: -1, kind: -1 }).lean<LeanDoc>().exec();
      return ok(d ? fromDoc(d) : null);
    } catch (e) {
      return err(unavailable(e));
    }
  }

  async range(portfolioId: string, from: number, to: number): Promise<Result<PortfolioSnapshot[], SnapshotStoreError>> {
    try {
      const docs = await this.model
        .find({ portfolioId, time: { $gte: new Date(from), $lte: new Date(to) } })
        .sort({ time: 1, kind: 1 })
        .lean<LeanDoc[]>()
        .exec();
      return ok(docs.map(fromDoc));
    } catch (e) {
      return err(unavailable(e));
    }
  }
}
