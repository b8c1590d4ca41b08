import { z } from 'zod';
import { NseCalendar } from '../../calendar/nseCalendar';
import { parseIstDate } from '../../calendar/ist';
import { INTERVALS } from '../../core/interval';

const isoDate = z.string().refine((s) => !Number.isNaN(parseIstDate(s)), { message: 'expected a date YYYY-MM-DD' });
const perSymbol = (min: number, max: number) => z.union([z.number().min(min).max(max), z.array(z.number().min(min).max(max))]);

/** Options of the synthetic market generator; annual figures assume 252 sessions of 375 minutes. */
export const syntheticOptionsSchema = z
  .object({
    symbols: z.array(z.string().min(1)).min(1),
    /** First IST calendar day to consider; bars start on the first trading day on or after it. */
    start: isoDate,
    /** Bars per symbol (give this or `end`). */
    bars: z.number().int().positive().max(50_000_000).optional(),
    /** Last IST calendar day, inclusive (give this or `bars`). */
    end: isoDate.optional(),
    interval: z.enum(INTERVALS).default('day'),
    seed: z.number().int().min(0).max(0xffffffff).default(1),
    /** Annual drift μ of the log-price process (per symbol or one for all). */
    drift: perSymbol(-5, 5).default(0.08),
    /** Annual volatility σ in the calm regime (per symbol or one for all). */
    vol: perSymbol(0, 5).default(0.25),
    startPrice: perSymbol(0.05, 1e7).default(1000),
    tickSize: z.number().positive().default(0.05),
    /** Pairwise correlation of returns (one market factor) or a full correlation matrix. */
    correlation: z.union([z.number().min(-1).max(1), z.array(z.array(z.number()))]).default(0.5),
    /** Markov switching between calm and stressed volatility, or false for constant volatility. */
    regimes: z
      .union([
        z.literal(false),
        z.object({
          stressedVolMultiplier: z.number().min(1).default(2.5),
          /** Probability per trading day of entering the stressed regime. */
          toStressedPerDay: z.number().min(0).max(1).default(0.03),
          /** Probability per trading day of returning to calm. */
          toCalmPerDay: z.number().min(0).max(1).default(0.15),
        }),
      ])
      .default({ stressedVolMultiplier: 2.5, toStressedPerDay: 0.03, toCalmPerDay: 0.15 }),
    /** Overnight gap volatility as a fraction of one day's volatility. */
    gapVol: z.number().min(0).max(5).default(0.3),
    /** Mean shares traded per 375 minutes (scaled to the bar's length). */
    dailyVolume: z.number().positive().default(1_000_000),
    calendar: z.instanceof(NseCalendar).optional(),
  })
  .refine((o) => (o.bars === undefined) !== (o.end === undefined), { message: 'give either bars or end, not both and not neither' })
  .refine((o) => o.end === undefined || o.end >= o.start, { message: 'end must not be before start' })
  .refine(
    (o) => ['drift', 'vol', 'startPrice'].every((k) => {
      const v = o[k as 'drift' | 'vol' | 'startPrice'];
      return typeof v === 'number' || v.length === o.symbols.length;
    }),
    { message: 'per-symbol drift, vol and startPrice lists need one value per symbol' },
  );

export type SyntheticOptions = z.input<typeof syntheticOptionsSchema>;
export type ParsedSyntheticOptions = z.output<typeof syntheticOptionsSchema>;
