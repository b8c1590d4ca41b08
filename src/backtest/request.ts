/**
 * Building a BacktestSpec from user input (CLI flags, chat arguments, service calls): defaults,
 * the sizing spec parser (`all`, `pct:10`, `kelly`, `risk:1`, `fixed:100`) and one-sentence errors.
 */
import { z } from 'zod';
import { parseIstDate } from '../calendar/ist';
import { INTERVALS } from '../core/interval';
import { err, ok, type Result } from '../core/result';
import { parseSizing } from '../engine/sizingRules';
import { riskLimitsSchema } from '../risk/riskLimits';
import type { BacktestSpec } from './types';

export const DEFAULT_CASH = 1_000_000;

export { parseSizing, sizingLabel } from '../engine/sizingRules';

const isoDate = z.string().refine((s) => !Number.isNaN(parseIstDate(s)), { message: 'expected a date YYYY-MM-DD' });

/** Loose input (strings from a command line or chat) → request. */
export const requestInputSchema = z.object({
  strategy: z.string().min(1),
  symbols: z.array(z.string().min(1)).min(1),
  interval: z.enum(INTERVALS).default('day'),
  from: isoDate.optional(),
  to: isoDate.optional(),
  params: z.record(z.string(), z.unknown()).default({}),
  cash: z.coerce.number().positive().default(DEFAULT_CASH),
  costs: z.string().default('zerodha'),
  sizing: z.string().default('all'),
  product: z.enum(['CNC', 'MIS']).default('CNC'),
  allowShort: z.boolean().default(false),
  slippageBps: z.coerce.number().min(0).max(1000).default(0),
  tickSize: z.coerce.number().min(0).default(0.05),
  participation: z.coerce.number().min(0).max(1).default(0),
  bothTouched: z.enum(['stop-first', 'take-profit-first']).default('stop-first'),
  riskFreeRate: z.coerce.number().min(-1).max(1).default(0),
  /** The pre-trade limits the risk engine applies (absent: only the holdings and cash rules, as before). */
  riskLimits: riskLimitsSchema.optional(),
});
export type RequestInput = z.input<typeof requestInputSchema>;

export function buildRequest(input: RequestInput): Result<BacktestSpec, string> {
  const r = requestInputSchema.safeParse(input);
  if (!r.success) {
    const i = r.error.issues[0]!;
    return err(`Backtest setting ${i.path.join('.') || '(request)'} is invalid: ${i.message.replace(/^Invalid input: /, '')}; fix it and try again.`);
  }
  const v = r.data;
  const sizing = parseSizing(v.sizing);
  if (!sizing.ok) return sizing;
  return ok({
    strategy: v.strategy,
    params: v.params,
    symbols: v.symbols.map((s) => s.trim().toUpperCase()),
    interval: v.interval,
    ...(v.from ? { from: v.from } : {}),
    ...(v.to ? { to: v.to } : {}),
    cash: v.cash,
    costs: v.costs,
    sizing: sizing.value,
    product: v.product,
    allowShort: v.allowShort,
    fills: { slippageBps: v.slippageBps, tickSize: v.tickSize, participation: v.participation, bothTouched: v.bothTouched },
    riskFreeRate: v.riskFreeRate,
    ...(v.riskLimits ? { riskLimits: v.riskLimits } : {}),
  });
}
