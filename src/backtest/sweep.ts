/**
 * Sweeps: run one request over many parameter combinations and rank them by a metric. What the combinations share is
 * prepared once per sweep (prepare.ts `checkShared` + `prepareSweep`: strategy, cost model, rules, bars, benchmark,
 * fingerprint); `evaluate` — the unit of work
 * both the single-thread path and the worker threads run (sweepPool.ts) — checks only the combination's parameters
 * and runs it. Combinations the strategy rejects (e.g. fast ≥ slow) are reported as skipped, not failures.
 */
import { metricsToJson } from '../analytics';
import type { Metrics } from '../analytics/metrics';
import type { Result } from '../core/result';
import { err, ok } from '../core/result';
import type { Combination } from './grid';
import { prepareCombination, type PreparedSweep, type StrategySource } from './prepare';
import { runPrepared } from './runBacktest';

export const RANK_METRICS = ['sharpe', 'sortino', 'cagr', 'totalReturn', 'calmar', 'profitFactor', 'winRate', 'finalEquity', 'maxDrawdown'] as const;
export type RankMetric = (typeof RANK_METRICS)[number];

export interface SweepRow {
  readonly params: Combination;
  /** null when the strategy rejected the combination. */
  readonly metrics: Pick<Metrics, 'finalEquity' | 'totalReturn' | 'cagr' | 'sharpe' | 'sortino' | 'maxDrawdown' | 'calmar' | 'winRate' | 'profitFactor' | 'trades'> | null;
  readonly error?: string;
}

export function evaluate(sweep: PreparedSweep, combo: Combination, strategies: StrategySource): SweepRow {
  const prepared = prepareCombination(sweep, combo, strategies);
  if (!prepared.ok) return { params: combo, metrics: null, error: prepared.error };
  const r = runPrepared(prepared.value, {});
  if (!r.ok) return { params: combo, metrics: null, error: r.error };
  const m = r.value.metrics;
  return {
    params: combo,
    metrics: { finalEquity: m.finalEquity, totalReturn: m.totalReturn, cagr: m.cagr, sharpe: m.sharpe, sortino: m.sortino, maxDrawdown: m.maxDrawdown, calmar: m.calmar, winRate: m.winRate, profitFactor: m.profitFactor, trades: m.trades },
  };
}

/** Best first: higher is better except for maxDrawdown; NaN ranks last; ties keep grid order. */
export function rank(rows: readonly SweepRow[], by: RankMetric): SweepRow[] {
  const score = (r: SweepRow): number => {
    const v = r.metrics ? r.metrics[by] : NaN;
    if (Number.isNaN(v)) return -Infinity;
    return by === 'maxDrawdown' ? -v : v;
  };
  return rows
    .map((r, k) => ({ r, k, s: score(r) }))
    .sort((a, b) => (b.s === a.s ? a.k - b.k : b.s > a.s ? 1 : -1))
    .map((x) => x.r);
}

export function parseRankMetric(s: string): Result<RankMetric, string> {
  return (RANK_METRICS as readonly string[]).includes(s) ? ok(s as RankMetric) : err(`Cannot rank by "${s}"; use one of ${RANK_METRICS.join(', ')}.`);
}

/** JSON-safe row (±Infinity → strings, NaN → null, as metricsToJson does). */
export function rowToJson(r: SweepRow): unknown {
  return { params: r.params, metrics: r.metrics ? metricsToJson(r.metrics as Metrics) : null, ...(r.error ? { error: r.error } : {}) };
}
