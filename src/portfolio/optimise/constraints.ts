/**
 * Constraints every optimiser honours: long-only, per-asset minimum/maximum weight, sector caps and
 * a cash buffer. Weights are fractions of EQUITY: invested weights sum to 1 − cashBuffer.
 * The zod schema is the boundary for user and file input; `resolveConstraints` checks feasibility.
 */
import { z } from 'zod';
import type { Result } from '../../core/result';
import { err, ok } from '../../core/result';
import { optimiseError, type OptimiseError } from './optimiseError';
import { sectorOf, type SectorMap } from '../sectors/sectorMap';

const weight = z.number().min(0).max(1);

export const portfolioConstraintsSchema = z.object({
  /** Minimum weight per asset: one value for all, or per symbol (missing symbols use `default`). */
  minWeight: z.union([weight, z.record(z.string(), weight)]).default(0),
  maxWeight: z.union([weight, z.record(z.string(), weight)]).default(1),
  /** Share of equity kept in cash, 0–20%. */
  cashBuffer: z.number().min(0).max(0.2).default(0),
  /** Maximum share of equity per sector name (e.g. { "Financial Services": 0.35 }). */
  sectorCaps: z.record(z.string(), weight).default({}),
});

export type PortfolioConstraintsInput = z.input<typeof portfolioConstraintsSchema>;
export type PortfolioConstraints = z.output<typeof portfolioConstraintsSchema>;

/** Constraints resolved against a universe, in equity terms. */
export interface ResolvedConstraints {
  readonly symbols: readonly string[];
  readonly min: Float64Array;
  readonly max: Float64Array;
  /** Sum of invested weights: 1 − cashBuffer. */
  readonly invested: number;
  readonly cashBuffer: number;
  /** Sector index of each asset and the cap of each sector (Infinity when uncapped). */
  readonly sectorIndex: Int32Array;
  readonly sectorNames: readonly string[];
  readonly sectorCap: Float64Array;
}

const EPS = 1e-12;

export function parseConstraints(input: unknown): Result<PortfolioConstraints, OptimiseError> {
  const r = portfolioConstraintsSchema.safeParse(input ?? {});
  if (r.success) return ok(r.data);
  const i = r.error.issues[0];
  const where = i && i.path.length > 0 ? ` at ${i.path.join('.')}` : '';
  return err(optimiseError('invalid-input', `Portfolio constraints are invalid${where}: ${i?.message ?? 'unknown problem'}; fix them and try again.`));
}

const pick = (v: number | Readonly<Record<string, number>>, symbol: string, fallback: number): number =>
  typeof v === 'number' ? v : (v[symbol] ?? fallback);

/** Checks Σmin ≤ 1 − cash ≤ Σmax, min ≤ max per asset, and that the sector caps leave room for 1 − cash. */
export function resolveConstraints(symbols: readonly string[], c: PortfolioConstraints, sectors: SectorMap): Result<ResolvedConstraints, OptimiseError> {
  const k = symbols.length;
  if (k === 0) return err(optimiseError('invalid-input', 'The portfolio has no assets; add at least one symbol.'));
  if (new Set(symbols).size !== k) return err(optimiseError('invalid-input', 'A symbol appears twice in the universe; list each symbol once.'));
  const min = new Float64Array(k);
  const max = new Float64Array(k);
  const invested = 1 - c.cashBuffer;
  let sumMin = 0;
  let sumMax = 0;
  for (let i = 0; i < k; i++) {
    const s = symbols[i]!;
    min[i] = pick(c.minWeight, s, 0);
    max[i] = Math.min(pick(c.maxWeight, s, 1), invested);
    if (min[i]! > max[i]! + EPS) {
      return err(optimiseError('infeasible-bounds', `The minimum weight of ${s} (${pct(min[i]!)}) is above its maximum (${pct(max[i]!)}); lower the minimum or raise the maximum.`));
    }
    sumMin += min[i]!;
    sumMax += max[i]!;
  }
  if (sumMin > invested + EPS) {
    return err(optimiseError('infeasible-bounds', `The minimum weights add up to ${pct(sumMin)}, more than the ${pct(invested)} left after the cash buffer; lower the minimums or the cash buffer.`));
  }
  if (sumMax < invested - EPS) {
    return err(optimiseError('infeasible-bounds', `The maximum weights add up to only ${pct(sumMax)}, less than the ${pct(invested)} to invest; raise the maximums, add assets or raise the cash buffer.`));
  }
  const sectorNames: string[] = [];
  const sectorIndex = new Int32Array(k);
  for (let i = 0; i < k; i++) {
    const name = sectorOf(sectors, symbols[i]!);
    let idx = sectorNames.indexOf(name);
    if (idx < 0) idx = sectorNames.push(name) - 1;
    sectorIndex[i] = idx;
  }
  const sectorCap = new Float64Array(sectorNames.length).fill(Infinity);
  for (let s = 0; s < sectorNames.length; s++) {
    const cap = c.sectorCaps[sectorNames[s]!];
    if (cap !== undefined) sectorCap[s] = cap;
  }
  // Per sector: its minimums must fit under the cap; overall: capped capacity must reach `invested`.
  let capacity = 0;
  for (let s = 0; s < sectorNames.length; s++) {
    let sMin = 0;
    let sMax = 0;
    for (let i = 0; i < k; i++) {
      if (sectorIndex[i] !== s) continue;
      sMin += min[i]!;
      sMax += max[i]!;
    }
    if (sMin > sectorCap[s]! + EPS) {
      return err(optimiseError('infeasible-sector-caps', `The minimum weights in ${sectorNames[s]} add up to ${pct(sMin)}, above its ${pct(sectorCap[s]!)} cap; lower those minimums or raise the cap.`));
    }
    capacity += Math.min(sMax, sectorCap[s]!);
  }
  if (capacity < invested - EPS) {
    return err(optimiseError('infeasible-sector-caps', `The sector caps and maximum weights allow only ${pct(capacity)} invested but ${pct(invested)} must be; raise the caps, add assets from other sectors or raise the cash buffer.`));
  }
  return ok({ symbols, min, max, invested, cashBuffer: c.cashBuffer, sectorIndex, sectorNames, sectorCap });
}

export const pct = (x: number): string => `${(x * 100).toFixed(2).replace(/\.?0{1,2}$/, '')}%`;
