/**
 * Where backtest results are kept, keyed by their result key (resultKey.ts): the port the runner
 * reads before running and writes after. A stored result keeps the exact metrics and trades and a
 * compact series (≤ MAX_SERIES_POINTS points, see compactForStorage), so a result read back draws the
 * same chart shape and reports the same numbers without re-running. Implementations: the in-memory
 * one below (one process, tests, the CLI) and MongoDB (src/store/backtests).
 */
import type { BacktestResult } from './types';

/** Most points a stored equity / drawdown series keeps. */
export const MAX_SERIES_POINTS = 2_000;

/** One line of the list of stored results (most recent first). */
export interface StoredBacktestSummary {
  readonly key: string;
  /** When the result was stored (epoch ms). */
  readonly createdAt: number;
  readonly strategy: string;
  readonly symbols: readonly string[];
  readonly interval: string;
  readonly startTime: number;
  readonly endTime: number;
  readonly finalEquity: number;
  readonly totalReturn: number;
  readonly sharpe: number;
  readonly maxDrawdown: number;
  readonly trades: number;
  readonly synthetic: boolean;
}

export interface BacktestResultRepository {
  /** The stored result with this key, or undefined. */
  get(key: string): Promise<BacktestResult | undefined>;
  /** Stores a result (its series compacted); storing the same key again replaces it. */
  save(result: BacktestResult, createdAt: number): Promise<void>;
  /** Most recent first. */
  list(limit: number): Promise<StoredBacktestSummary[]>;
}

export function summaryOf(r: BacktestResult, createdAt: number): StoredBacktestSummary {
  const m = r.metrics;
  return {
    key: r.key,
    createdAt,
    strategy: r.request.strategy,
    symbols: r.request.symbols,
    interval: r.request.interval,
    startTime: m.startTime,
    endTime: m.endTime,
    finalEquity: m.finalEquity,
    totalReturn: m.totalReturn,
    sharpe: m.sharpe,
    maxDrawdown: m.maxDrawdown,
    trades: m.trades,
    synthetic: r.synthetic,
  };
}

/**
 * Min/max decimation: the curve is cut into MAX_SERIES_POINTS / 2 buckets of consecutive points and
 * each bucket keeps its highest-equity and its deepest-drawdown point (in time order; one point when
 * they coincide). The first and last points, every peak a drawdown is measured from and the deepest
 * trough therefore survive. Curves already small enough are kept whole.
 */
export function compactIndices(equity: ArrayLike<number>, drawdown: ArrayLike<number>, maxPoints = MAX_SERIES_POINTS): number[] {
  const n = equity.length;
  if (n <= maxPoints) return Array.from({ length: n }, (_, i) => i);
  const buckets = Math.floor(maxPoints / 2);
  const out: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor((b * n) / buckets);
    const to = Math.floor(((b + 1) * n) / buckets);
    let hi = from;
    let lo = from;
    for (let i = from + 1; i < to; i++) {
      if (equity[i]! > equity[hi]!) hi = i;
      if (drawdown[i]! < drawdown[lo]!) lo = i;
    }
    if (b === 0) hi = 0;
    if (b === buckets - 1) lo = n - 1;
    const a = Math.min(hi, lo);
    const z = Math.max(hi, lo);
    out.push(a);
    if (z !== a) out.push(z);
  }
  return out;
}

export interface CompactSeries {
  readonly time: number[];
  readonly equity: number[];
  readonly drawdown: number[];
}

export function compactForStorage(r: BacktestResult, maxPoints = MAX_SERIES_POINTS): CompactSeries {
  const s = r.series;
  const idx = compactIndices(s.equity, s.drawdown, maxPoints);
  return { time: idx.map((i) => s.time[i]!), equity: idx.map((i) => s.equity[i]!), drawdown: idx.map((i) => s.drawdown[i]!) };
}

export function withCompactSeries(r: BacktestResult, c: CompactSeries): BacktestResult {
  return { ...r, series: { time: Float64Array.from(c.time), equity: Float64Array.from(c.equity), drawdown: Float64Array.from(c.drawdown) } };
}

/** Results kept in this process (tests, the CLI, a bot without MongoDB); the oldest go beyond `capacity`. */
export class MemoryResultRepository implements BacktestResultRepository {
  private readonly byKey = new Map<string, { result: BacktestResult; createdAt: number }>();

  constructor(private readonly capacity = 100) {}

  get(key: string): Promise<BacktestResult | undefined> {
    return Promise.resolve(this.byKey.get(key)?.result);
  }

  save(result: BacktestResult, createdAt: number): Promise<void> {
    this.byKey.delete(result.key);
    this.byKey.set(result.key, { result: withCompactSeries(result, compactForStorage(result)), createdAt });
    while (this.byKey.size > this.capacity) this.byKey.delete(this.byKey.keys().next().value!);
    return Promise.resolve();
  }

  list(limit: number): Promise<StoredBacktestSummary[]> {
    const all = [...this.byKey.values()].map((e) => summaryOf(e.result, e.createdAt));
    all.sort((a, b) => b.createdAt - a.createdAt);
    return Promise.resolve(all.slice(0, limit));
  }
}
