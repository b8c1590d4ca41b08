/**
 * The backtest results repository on MongoDB (mongoose). Documents read back are parsed with zod
 * (backtestSchemas.ts); a document that does not fit (an older layout, a hand edit) is skipped with a
 * warning naming it and the field that is wrong, and counts as absent, so the backtest is run again and
 * the document replaced.
 */
import type { Connection, Model } from 'mongoose';
import type { z } from 'zod';
import { compactForStorage, withCompactSeries, type BacktestResultRepository, type StoredBacktestSummary } from '../../backtest/resultRepository';
import type { BacktestResult } from '../../backtest/types';
import type { Logger } from '../../log/logger';
import { unreadable } from '../corruptDocument';
import { backtestModel, type BacktestDoc } from './backtestModels';
import { backtestDocSchema, backtestSummarySchema, metricsSchema, requestSchema } from './backtestSchemas';

const NON_FINITE = '__nonfinite__:';

/** JSON with NaN / ±Infinity kept (as tagged strings), so exact metrics survive a round trip. */
export function encodeJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'number' && !Number.isFinite(x) ? `${NON_FINITE}${String(x)}` : x));
}

export function decodeJson(text: string): unknown {
  return JSON.parse(text, (_k, x: unknown) => (typeof x === 'string' && x.startsWith(NON_FINITE) ? Number(x.slice(NON_FINITE.length)) : x));
}

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

const SUMMARY_FIELDS = { key: 1, createdAt: 1, strategy: 1, symbols: 1, interval: 1, startTime: 1, endTime: 1, finalEquity: 1, totalReturn: 1, sharpe: 1, maxDrawdown: 1, tradeCount: 1, synthetic: 1 } as const;

export class MongoBacktestRepository implements BacktestResultRepository {
  private readonly log: Logger;

  private constructor(
    private readonly model: Model<BacktestDoc>,
    logger: Logger,
  ) {
    this.log = logger.child({ component: 'store', collection: 'backtests' });
  }

  static async open(connection: Connection, logger: Logger): Promise<MongoBacktestRepository> {
    return new MongoBacktestRepository(await backtestModel(connection), logger);
  }

  async get(key: string): Promise<BacktestResult | undefined> {
    const doc = await this.model.findOne({ key }).lean<BacktestDoc>().exec();
    return doc ? this.read(doc) : undefined;
  }

  async save(r: BacktestResult, createdAt: number): Promise<void> {
    const m = r.metrics;
    const doc: BacktestDoc = {
      key: r.key,
      createdAt: new Date(createdAt),
      engineVersion: r.engineVersion,
      strategy: r.request.strategy,
      symbols: [...r.request.symbols],
      interval: r.request.interval,
      startTime: m.startTime,
      endTime: m.endTime,
      finalEquity: finiteOrNull(m.finalEquity),
      totalReturn: finiteOrNull(m.totalReturn),
      sharpe: finiteOrNull(m.sharpe),
      maxDrawdown: finiteOrNull(m.maxDrawdown),
      tradeCount: m.trades,
      synthetic: r.synthetic,
      dataFingerprint: r.dataFingerprint,
      bars: r.bars,
      fills: r.fills,
      benchmark: r.benchmark,
      warnings: [...r.warnings],
      refusals: { ...r.refusals },
      requestJson: encodeJson(r.request),
      metricsJson: encodeJson(m),
      trades: r.trades.map((t) => ({ ...t, charges: { ...t.charges } })),
      series: compactForStorage(r),
    };
    await this.model.replaceOne({ key: r.key }, doc, { upsert: true }).exec();
  }

  async list(limit: number): Promise<StoredBacktestSummary[]> {
    const out: StoredBacktestSummary[] = [];
    const cursor = this.model.find({}, SUMMARY_FIELDS).sort({ createdAt: -1, _id: -1 }).lean<BacktestDoc>().cursor();
    try {
      for await (const raw of cursor) {
        const s = backtestSummarySchema.safeParse({ ...raw, createdAt: raw.createdAt instanceof Date ? raw.createdAt : undefined });
        if (!s.success) {
          this.skip(raw.key, s.error);
          continue;
        }
        const d = s.data;
        const orNaN = (x: number | null): number => x ?? NaN;
        out.push({
          key: d.key,
          createdAt: d.createdAt.getTime(),
          strategy: d.strategy,
          symbols: d.symbols,
          interval: d.interval,
          startTime: d.startTime,
          endTime: d.endTime,
          finalEquity: orNaN(d.finalEquity),
          totalReturn: orNaN(d.totalReturn),
          sharpe: orNaN(d.sharpe),
          maxDrawdown: orNaN(d.maxDrawdown),
          trades: d.tradeCount,
          synthetic: d.synthetic,
        });
        if (out.length >= limit) break;
      }
    } finally {
      await cursor.close();
    }
    return out;
  }

  private read(raw: BacktestDoc): BacktestResult | undefined {
    const d = backtestDocSchema.safeParse({ ...raw, createdAt: new Date(raw.createdAt) });
    if (!d.success) return this.skip(raw.key, d.error);
    const v = d.data;
    let metricsJson: unknown;
    let requestJson: unknown;
    try {
      metricsJson = decodeJson(v.metricsJson);
      requestJson = decodeJson(v.requestJson);
    } catch (e) {
      this.log.warn({ key: v.key, reason: e instanceof Error ? e.message : String(e) }, 'stored backtest has unreadable JSON; skipped (it runs again)');
      return undefined;
    }
    const metrics = metricsSchema.safeParse(metricsJson);
    if (!metrics.success) return this.skip(v.key, metrics.error, 'metricsJson');
    const request = requestSchema.safeParse(requestJson);
    if (!request.success) return this.skip(v.key, request.error, 'requestJson');
    const base: BacktestResult = {
      key: v.key,
      engineVersion: v.engineVersion,
      request: request.data,
      dataFingerprint: v.dataFingerprint,
      synthetic: v.synthetic,
      bars: v.bars,
      metrics: metrics.data,
      trades: v.trades,
      fills: v.fills,
      series: { time: new Float64Array(0), equity: new Float64Array(0), drawdown: new Float64Array(0) },
      benchmark: v.benchmark,
      warnings: v.warnings,
      refusals: v.refusals ?? {},
    };
    return withCompactSeries(base, v.series);
  }

  /** A document that does not parse: logged with the field that is wrong, and treated as absent. */
  private skip(key: unknown, error: z.ZodError, part?: string): undefined {
    const what = `backtest ${typeof key === 'string' ? key : '?'}${part ? ` (${part})` : ''}`;
    this.log.warn({ key }, `${unreadable(what, error)}; skipped (it runs again)`);
    return undefined;
  }
}
