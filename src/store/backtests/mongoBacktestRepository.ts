/**
 * The backtest results repository on MongoDB (mongoose). Documents read back are checked with zod; a
 * document that does not fit (an older layout, a hand edit) counts as absent, so the backtest is run
 * again and the document replaced.
 */
import type { Connection, Model } from 'mongoose';
import { z } from 'zod';
import type { Metrics } from '../../analytics/metrics';
import { compactForStorage, withCompactSeries, type BacktestResultRepository, type StoredBacktestSummary } from '../../backtest/resultRepository';
import type { BacktestRequest, BacktestResult, Trade } from '../../backtest/types';
import { backtestModel, type BacktestDoc } from './backtestModels';

const NON_FINITE = '__nonfinite__:';

/** JSON with NaN / ±Infinity kept (as tagged strings), so exact metrics survive a round trip. */
export function encodeJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'number' && !Number.isFinite(x) ? `${NON_FINITE}${String(x)}` : x));
}

export function decodeJson(text: string): unknown {
  return JSON.parse(text, (_k, x: unknown) => (typeof x === 'string' && x.startsWith(NON_FINITE) ? Number(x.slice(NON_FINITE.length)) : x));
}

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);
/** Any number, NaN and ±Infinity included (zod's z.number() refuses them; metrics can be non-finite). */
const num = z.custom<number>((x) => typeof x === 'number', { message: 'expected a number' });
const charges = z.object({ brokerage: num, stt: num, exchange: num, sebi: num, stampDuty: num, gst: num, dp: num, total: num });

const metricsSchema = z.looseObject({
  startTime: num,
  endTime: num,
  initialEquity: num,
  finalEquity: num,
  totalReturn: num,
  cagr: num,
  sharpe: num,
  sortino: num,
  maxDrawdown: num,
  drawdown: z.looseObject({ depth: num, peakTime: num, troughTime: num, recoveryTime: num.nullable() }),
  calmar: num,
  trades: num,
  winRate: num,
  profitFactor: num,
  exposure: num,
  costs: charges,
  benchmark: z.looseObject({ totalReturn: num }).nullable(),
});

const requestSchema = z.looseObject({
  strategy: z.string(),
  params: z.record(z.string(), z.unknown()),
  symbols: z.array(z.string()),
  interval: z.string(),
  cash: num,
  costs: z.string(),
  sizing: z.looseObject({ kind: z.string() }),
  fills: z.looseObject({ slippageBps: num }),
});

const tradeSchema = z.object({
  symbol: z.string(),
  side: z.enum(['long', 'short']),
  quantity: num,
  entryTime: num,
  entryPrice: num,
  exitTime: num,
  exitPrice: num,
  pnl: num,
  costs: num,
  charges,
  entryReason: z.string(),
  exitReason: z.enum(['signal', 'stop-loss', 'take-profit', 'mis-square-off', 'open-at-end']),
  open: z.boolean(),
});

const docSchema = z.object({
  key: z.string(),
  createdAt: z.date(),
  engineVersion: z.string(),
  synthetic: z.boolean(),
  dataFingerprint: z.string(),
  bars: num,
  fills: num,
  benchmark: z.string().nullable(),
  warnings: z.array(z.string()),
  refusals: z.record(z.string(), z.number().int().min(0)).optional(),
  requestJson: z.string(),
  metricsJson: z.string(),
  trades: z.array(tradeSchema),
  series: z.object({ time: z.array(num), equity: z.array(num), drawdown: z.array(num) }),
});

const SUMMARY_FIELDS = { key: 1, createdAt: 1, strategy: 1, symbols: 1, interval: 1, startTime: 1, endTime: 1, finalEquity: 1, totalReturn: 1, sharpe: 1, maxDrawdown: 1, tradeCount: 1, synthetic: 1 } as const;

const finiteOrMissing = z.number().nullable();
const summarySchema = z.object({
  key: z.string(),
  createdAt: z.date(),
  strategy: z.string(),
  symbols: z.array(z.string()),
  interval: z.string(),
  startTime: z.number(),
  endTime: z.number(),
  finalEquity: finiteOrMissing,
  totalReturn: finiteOrMissing,
  sharpe: finiteOrMissing,
  maxDrawdown: finiteOrMissing,
  tradeCount: z.number(),
  synthetic: z.boolean(),
});

export class MongoBacktestRepository implements BacktestResultRepository {
  private constructor(private readonly model: Model<BacktestDoc>) {}

  static async open(connection: Connection): Promise<MongoBacktestRepository> {
    return new MongoBacktestRepository(await backtestModel(connection));
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
        const s = summarySchema.safeParse({ ...raw, createdAt: raw.createdAt instanceof Date ? raw.createdAt : undefined });
        if (!s.success) continue;
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
    const d = docSchema.safeParse({ ...raw, createdAt: new Date(raw.createdAt) });
    if (!d.success) return undefined;
    let metrics: unknown;
    let request: unknown;
    try {
      metrics = decodeJson(d.data.metricsJson);
      request = decodeJson(d.data.requestJson);
    } catch {
      return undefined;
    }
    const m = metricsSchema.safeParse(metrics);
    const q = requestSchema.safeParse(request);
    if (!m.success || !q.success) return undefined;
    const v = d.data;
    const base: BacktestResult = {
      key: v.key,
      engineVersion: v.engineVersion,
      // The schemas above check the fields we rely on; the rest was written by save() from the same types.
      request: q.data as unknown as BacktestRequest,
      dataFingerprint: v.dataFingerprint,
      synthetic: v.synthetic,
      bars: v.bars,
      metrics: m.data as unknown as Metrics,
      trades: v.trades as Trade[],
      fills: v.fills,
      series: { time: new Float64Array(0), equity: new Float64Array(0), drawdown: new Float64Array(0) },
      benchmark: v.benchmark,
      warnings: v.warnings,
      refusals: v.refusals ?? {},
    };
    return withCompactSeries(base, v.series);
  }
}
