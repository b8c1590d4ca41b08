/**
 * Rebalance triggers besides the calendar:
 * - drift: some weight is off its target by more than `threshold` (1–20%), measured in ABSOLUTE
 *   percentage points of equity (`absolute`, default: |w − w*| > threshold) or RELATIVE to the target
 *   (`relative`: |w − w*| > threshold × w*; a symbol with target 0 and any holding counts as drifted).
 * - risk: portfolio volatility or value at risk above its limit → scale all targets down by
 *   s = min(1, volLimit / vol, varLimit / VaR) and hold the rest in cash. Vol and VaR are linear in
 *   the weights (parametric, zero mean), so the scaled portfolio sits exactly at the binding limit.
 */
import { z } from 'zod';

export const driftTriggerSchema = z.object({
  threshold: z.number().min(0.01).max(0.2),
  mode: z.enum(['absolute', 'relative']).default('absolute'),
});
export type DriftTrigger = z.output<typeof driftTriggerSchema>;

export interface Drift {
  readonly symbol: string;
  readonly current: number;
  readonly target: number;
}

/** Symbols whose current weight is off target by more than the threshold (union of both maps). */
export function driftedSymbols(current: ReadonlyMap<string, number>, target: ReadonlyMap<string, number>, t: DriftTrigger): Drift[] {
  const out: Drift[] = [];
  for (const symbol of new Set([...current.keys(), ...target.keys()])) {
    const c = current.get(symbol) ?? 0;
    const w = target.get(symbol) ?? 0;
    const off = Math.abs(c - w);
    const limit = t.mode === 'absolute' ? t.threshold : t.threshold * w;
    if (off > limit + 1e-12) out.push({ symbol, current: c, target: w });
  }
  return out.sort((a, b) => Math.abs(b.current - b.target) - Math.abs(a.current - a.target));
}

/** Parametric z-scores of the supported VaR confidence levels. */
export const Z_SCORES = { 0.9: 1.2815515655446004, 0.95: 1.6448536269514722, 0.975: 1.959963984540054, 0.99: 2.3263478740408408 } as const;
export type VarConfidence = keyof typeof Z_SCORES;

export const riskLimitSchema = z
  .object({
    /** Annualised volatility limit (0.2 = 20%). */
    maxVolatility: z.number().positive().optional(),
    /** One-day VaR limit as a fraction of equity (0.02 = 2%). */
    maxVar: z.number().positive().optional(),
    confidence: z.union([z.literal(0.9), z.literal(0.95), z.literal(0.975), z.literal(0.99)]).default(0.95),
    periodsPerYear: z.number().positive().default(252),
  })
  .refine((o) => o.maxVolatility !== undefined || o.maxVar !== undefined, { message: 'set maxVolatility or maxVar' });
export type RiskLimit = z.output<typeof riskLimitSchema>;

export interface RiskFigures {
  /** Daily volatility of portfolio returns (fraction of equity). */
  readonly dailyVolatility: number;
  /** One-day VaR at the limit's confidence (fraction of equity, positive = loss). */
  readonly var1d: number;
}

export interface RiskCheck {
  readonly annualVolatility: number;
  readonly var1d: number;
  readonly breached: boolean;
  /** Factor to multiply every target weight by (1 when within limits). */
  readonly scale: number;
}

/** Parametric figures of weights `w` under daily covariance `quadForm(w) = w'Σw`. */
export function parametricRisk(dailyVariance: number, confidence: VarConfidence): RiskFigures {
  const vol = Math.sqrt(Math.max(0, dailyVariance));
  return { dailyVolatility: vol, var1d: Z_SCORES[confidence] * vol };
}

/**
 * Checks figures against the limits. `figures` normally come from `parametricRisk`, or from
 * src/risk (historical VaR) when the caller has them — the trigger only compares and scales.
 */
export function riskTrigger(figures: RiskFigures, limit: RiskLimit): RiskCheck {
  const annual = figures.dailyVolatility * Math.sqrt(limit.periodsPerYear);
  let scale = 1;
  if (limit.maxVolatility !== undefined && annual > limit.maxVolatility) scale = Math.min(scale, limit.maxVolatility / annual);
  if (limit.maxVar !== undefined && figures.var1d > limit.maxVar) scale = Math.min(scale, limit.maxVar / figures.var1d);
  return { annualVolatility: annual, var1d: figures.var1d, breached: scale < 1, scale };
}

/** Targets scaled down by the risk check; the released weight becomes cash. */
export function scaleTargets(target: ReadonlyMap<string, number>, scale: number): Map<string, number> {
  return new Map([...target].map(([s, w]) => [s, w * scale]));
}
