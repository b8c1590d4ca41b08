/**
 * Pre-trade risk limits: one zod schema with safe defaults and hard bounds. Percentages are
 * fractions (0.1 = 10%). `parseRiskLimits` turns bad settings into one sentence for people.
 */
import { z } from 'zod';
import { err, ok, type Result } from '../core/result';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export const riskLimitsSchema = z
  .object({
    /** Largest position as a fraction of equity (1–50%). */
    maxPositionFraction: z.number().min(0.01).max(0.5).default(0.1),
    /** Largest gross exposure to one sector as a fraction of equity (10–80%). */
    maxSectorFraction: z.number().min(0.1).max(0.8).default(0.3),
    /** Largest single order value in rupees. */
    maxOrderValue: z.number().positive().default(500_000),
    maxOrdersPerDay: z.number().int().positive().max(10_000).default(200),
    maxOrdersPerMinute: z.number().int().positive().max(600).default(10),
    /** Same symbol, side and quantity again within this many seconds is a duplicate (0 disables). */
    duplicateWindowSeconds: z.number().int().min(0).max(3600).default(30),
    /** New entries stop once the day's loss reaches this fraction of the day's starting equity. */
    dailyLossFraction: z.number().min(0.001).max(0.2).default(0.02),
    /** 1-day portfolio VaR may not exceed this fraction of equity (1–10%). */
    maxVarFraction: z.number().min(0.01).max(0.1).default(0.05),
    /** No new MIS entries at or after this IST time. */
    misSquareOffTime: z.string().regex(HHMM, 'use HH:MM, e.g. 15:20').default('15:20'),
    /** A limit or trigger price must lie within this fraction of the last price. */
    priceBandFraction: z.number().min(0.001).max(0.2).default(0.05),
    /** Shrink an order to the largest allowed size instead of denying it. */
    allowResize: z.boolean().default(true),
  })
  .strict();

export type RiskLimits = z.output<typeof riskLimitsSchema>;
export type RiskLimitsInput = z.input<typeof riskLimitsSchema>;

/** The defaults: every limit on, at its safe default. */
export const DEFAULT_RISK_LIMITS: RiskLimits = riskLimitsSchema.parse({});

export function parseRiskLimits(input: unknown): Result<RiskLimits, string> {
  const r = riskLimitsSchema.safeParse(input ?? {});
  if (r.success) return ok(r.data);
  const issue = r.error.issues[0]!;
  const where = issue.path.length > 0 ? issue.path.join('.') : 'risk limits';
  return err(`Risk limit "${where}" is invalid (${issue.message}); fix it or remove it to use the default.`);
}

/** Minutes after IST midnight of an `HH:MM` time. */
export function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/** The config's percent limits (src/config RiskLimits, /settings) as the risk engine's fractions. */
export interface PercentLimits {
  readonly maxPositionPct: number;
  readonly maxSectorPct: number;
  readonly maxOrderValue: number;
  readonly maxOrdersPerDay: number;
  readonly maxOrdersPerMinute: number;
  readonly dailyLossLimitPct: number;
  readonly varLimitPct: number;
}

export function riskLimitsFromPercent(p: PercentLimits): Result<RiskLimits, string> {
  return parseRiskLimits({
    maxPositionFraction: p.maxPositionPct / 100,
    maxSectorFraction: p.maxSectorPct / 100,
    maxOrderValue: p.maxOrderValue,
    maxOrdersPerDay: p.maxOrdersPerDay,
    maxOrdersPerMinute: p.maxOrdersPerMinute,
    dailyLossFraction: p.dailyLossLimitPct / 100,
    maxVarFraction: p.varLimitPct / 100,
  });
}
