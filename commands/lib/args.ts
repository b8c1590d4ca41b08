/** Argument schemas shared by commands: every value arrives as a string or a list of strings. */
import { z } from 'zod';
import { INTERVALS } from '../../src/core/interval';
import { symbolSchema } from '../../src/services/symbols';

const text = z.string({ error: 'expected one value, not a list' });

/** An NSE trading symbol, upper-cased: RELIANCE, M&M, BAJAJ-AUTO (an `NSE:` prefix is dropped): the services' one check. */
export const symbol = symbolSchema;

/** One or more symbols: `TCS` or `RELIANCE,TCS`. */
export const symbols = z
  .union([z.string(), z.array(z.string())], { error: 'expected symbols such as RELIANCE,TCS' })
  .transform((v) => (typeof v === 'string' ? [v] : [...v]))
  .pipe(z.array(symbol).min(1, 'expected at least one symbol').max(50, 'expected at most 50 symbols'));

export const name = text.transform((s) => s.trim().toLowerCase()).pipe(z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'expected a name such as sma-cross'));

export const id = text.pipe(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, 'expected an id as listed (letters, digits, - _ . :)'));

export const interval = text.transform((s) => s.trim().toLowerCase().replace(/^1d$/, 'day')).pipe(z.enum(INTERVALS, { error: `expected one of ${INTERVALS.join(', ')}` }));

/** An ISO date `YYYY-MM-DD` that exists. */
export const isoDate = text.refine((s) => {
  const t = /^\d{4}-\d{2}-\d{2}$/.test(s) ? Date.parse(`${s}T00:00:00Z`) : NaN;
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
}, 'expected a date as YYYY-MM-DD');

export const wholeNumber = (min: number, max: number) =>
  text.transform((s) => Number(s)).pipe(z.number({ error: 'expected a number' }).int('expected a whole number').min(min, `expected at least ${min}`).max(max, `expected at most ${max}`));

/** Extra key=value arguments (strategy parameters), kept as typed. */
/** A sizing rule as typed (`pct:10`, `kelly`, `risk:1`, `fixed:100`, `all`); the service checks it. */
export const sizing = text.transform((s) => s.trim().toLowerCase());
export const extras = z.record(z.string(), z.union([z.string(), z.array(z.string())]));

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 };
/** A duration such as 30m, 2h, 1d (at most 7 days), in milliseconds. */
export const duration = text
  .transform((s, ctx) => {
    const m = /^(\d{1,4})(s|m|min|h|d)$/i.exec(s.trim());
    const ms = m ? Number(m[1]) * UNIT_MS[m[2]!.toLowerCase()]! : NaN;
    if (!(ms > 0) || ms > 7 * 86_400_000) {
      ctx.addIssue({ code: 'custom', message: 'expected a duration such as 30m, 2h or 1d (at most 7d)' });
      return z.NEVER;
    }
    return ms;
  });

/** `capital=0.1`, `capital=10%` (share of account capital) or `capital=250000` (rupees). */
export const capital = text.transform((s, ctx) => {
  const t = s.trim().replace(/[₹,_]/g, '');
  const pct = /^(\d+(?:\.\d+)?)%$/.exec(t);
  const n = Number(pct ? pct[1] : t);
  if (t === '' || !Number.isFinite(n) || n <= 0) {
    ctx.addIssue({ code: 'custom', message: 'expected a share such as 0.1 or 10%, or rupees such as 250000' });
    return z.NEVER;
  }
  if (pct) return { share: n / 100 } as const;
  return n <= 1 ? ({ share: n } as const) : ({ rupees: n } as const);
});

/** One of a few words, case-insensitive. */
export const choice = <const T extends readonly [string, ...string[]]>(values: T, message: string) =>
  text.transform((s) => s.trim().toLowerCase()).pipe(z.enum(values, { error: message }));

/** A value typed with Indian grouping (₹1,50,000) arrives as a list (the parser splits at commas): joined back. */
const grouped = z
  .union([z.string(), z.array(z.string())], { error: 'expected one value' })
  .transform((v) => (typeof v === 'string' ? v : v.join(',')).trim());

/** A price: `1500`, `1,500.50`, `₹1500` (above 0). */
export const priceValue = grouped.transform((s, ctx) => {
  const n = Number(s.replace(/^₹/, '').replace(/,/g, ''));
  if (!/^₹?\d[\d,]*(?:\.\d+)?$/.test(s) || !(n > 0)) {
    ctx.addIssue({ code: 'custom', message: 'expected a price above 0, e.g. 1500 or 1500.50' });
    return z.NEVER;
  }
  return n;
});

/** How much to trade: whole shares (`10`) or rupees (`₹50000`, `₹50,000`, `rs50000`). */
export const orderSize = grouped.transform((s, ctx): { quantity: number } | { rupees: number } => {
  const m = /^(₹|rs\.?|inr)?(\d[\d,]*(?:\.\d+)?)$/i.exec(s);
  const n = m ? Number(m[2]!.replace(/,/g, '')) : NaN;
  if (m && m[1] !== undefined && n > 0) return { rupees: n };
  if (m && m[1] === undefined && Number.isInteger(n) && n > 0 && n <= 1_000_000) return { quantity: n };
  ctx.addIssue({ code: 'custom', message: 'expected whole shares such as 10, or rupees such as ₹50000' });
  return z.NEVER;
});
