/**
 * ALERT_SOURCES: who may send alerts to `POST /hooks/alerts/<source>`, as one JSON object keyed by the source's name:
 *
 *   {"tv": {"secret": "…", "product": "MIS", "size": "amount:20000", "approval": "always", "symbols": ["RELIANCE"]},
 *    "chartink": {"secret": "…", "action": "buy", "size": "qty:1"}}
 *
 * Per source: `secret` (16–128 letters, digits, `_` or `-`: it may travel in the URL path), and the defaults an alert
 * does not set itself — `product` (CNC|MIS, default CNC), `size` (`qty:N` shares, `amount:N` rupees, `pct:N` percent of
 * equity; default qty:1), `approval` (`always` — a person taps every order, the default; `policy` — the mode's
 * approval policy, /settings approval.<mode>; `below:N` — no tap below ₹N when the mode's policy agrees), `symbols` (the
 * only symbols it may trade; default any), `action` (buy|sell: what a ChartInk scan's stocks are, default buy) and
 * `perMinute` (alerts a minute before 429; default ALERT_RATE_PER_MINUTE). Problems name the source and the field,
 * never a secret's value.
 */
import { z } from 'zod';

export const ALERT_SOURCE_NAME = /^[a-z0-9][a-z0-9_-]{0,31}$/;
/** A secret that can sit in a URL path segment unescaped. */
export const ALERT_SECRET = /^[A-Za-z0-9_-]{16,128}$/;

export type AlertSizing =
  | { readonly kind: 'qty'; readonly quantity: number }
  | { readonly kind: 'amount'; readonly rupees: number }
  | { readonly kind: 'pct'; readonly percent: number };

/** always: a person approves every order; policy: the mode's approval policy; below: no tap under ₹N if the policy agrees. */
export type AlertApproval = { readonly kind: 'always' } | { readonly kind: 'policy' } | { readonly kind: 'below'; readonly rupees: number };

export interface AlertSourceConfig {
  readonly name: string;
  readonly secret: string;
  readonly product: 'CNC' | 'MIS';
  readonly sizing: AlertSizing;
  readonly approval: AlertApproval;
  /** The only symbols this source may trade (NSE trading symbols, upper case); empty: any. */
  readonly symbols: readonly string[];
  /** What a scanner's list of stocks (ChartInk) means. */
  readonly action: 'buy' | 'sell';
  /** Alerts a minute beyond which the source is answered 429 (undefined: ALERT_RATE_PER_MINUTE). */
  readonly perMinute?: number;
}

const positive = (max: number) => z.coerce.number().gt(0).max(max);

/** `qty:10` | `amount:20000` | `pct:5`. */
export const alertSizingSchema = z.string().transform((text, ctx): AlertSizing => {
  const m = /^(qty|amount|pct):(\d{1,12}(?:\.\d{1,4})?)$/.exec(text.trim().toLowerCase());
  const v = m ? Number(m[2]) : NaN;
  if (m?.[1] === 'qty' && Number.isInteger(v) && v >= 1 && v <= 1_000_000) return { kind: 'qty', quantity: v };
  if (m?.[1] === 'amount' && v > 0 && v <= 1e9) return { kind: 'amount', rupees: v };
  if (m?.[1] === 'pct' && v > 0 && v <= 100) return { kind: 'pct', percent: v };
  ctx.addIssue({ code: 'custom', message: 'size: expected qty:N (whole shares), amount:N (rupees) or pct:N (percent of equity, at most 100)' });
  return z.NEVER;
});

const approvalSchema = z.string().transform((text, ctx): AlertApproval => {
  const t = text.trim().toLowerCase();
  if (t === 'always' || t === 'policy') return { kind: t };
  const m = /^below:(\d{1,10})$/.exec(t);
  if (m && Number(m[1]) > 0) return { kind: 'below', rupees: Number(m[1]) };
  ctx.addIssue({ code: 'custom', message: 'approval: expected always, policy or below:N (whole rupees)' });
  return z.NEVER;
});

const symbolList = z
  .union([z.array(z.string()), z.string().transform((s) => s.split(','))])
  .transform((list) => list.map((s) => s.trim().toUpperCase().replace(/^NSE:/, '')).filter((s) => s !== ''))
  .pipe(z.array(z.string().regex(/^[A-Z0-9][A-Z0-9&_-]{0,29}$/, 'symbols: expected NSE symbols such as RELIANCE')).max(500));

const sourceSchema = z
  .object({
    secret: z.string({ error: 'secret: required' }).regex(ALERT_SECRET, 'secret: expected 16–128 letters, digits, _ or -'),
    product: z.string().trim().toUpperCase().pipe(z.enum(['CNC', 'MIS'], { error: 'product: expected CNC or MIS' })).default('CNC'),
    size: alertSizingSchema.default({ kind: 'qty', quantity: 1 } as never),
    approval: approvalSchema.default({ kind: 'always' } as never),
    symbols: symbolList.default([]),
    action: z.string().trim().toLowerCase().pipe(z.enum(['buy', 'sell'], { error: 'action: expected buy or sell' })).default('buy'),
    perMinute: positive(600).int('perMinute: expected a whole number').optional(),
  })
  .strict();

/** The ALERT_SOURCES text → the sources, or one sentence naming the first problem (never a secret's value). */
export const alertSourcesSchema = z.string().transform((text, ctx): AlertSourceConfig[] => {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'not JSON' });
    return z.NEVER;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    ctx.addIssue({ code: 'custom', message: 'expected a JSON object keyed by source name' });
    return z.NEVER;
  }
  const out: AlertSourceConfig[] = [];
  for (const [name, value] of Object.entries(raw)) {
    if (!ALERT_SOURCE_NAME.test(name)) {
      ctx.addIssue({ code: 'custom', message: `source "${name.slice(0, 40)}": a name is 1–32 lower-case letters, digits, _ or -` });
      return z.NEVER;
    }
    const parsed = sourceSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path[0];
      const message = issue?.code === 'unrecognized_keys' ? `unknown field ${issue.keys.join(', ')}` : issue?.message.startsWith(`${String(field)}:`) ? issue.message : `${String(field ?? 'value')}: ${issue?.message ?? 'invalid'}`;
      ctx.addIssue({ code: 'custom', message: `source "${name}": ${message}` });
      return z.NEVER;
    }
    const s = parsed.data;
    out.push({ name, secret: s.secret, product: s.product, sizing: s.size, approval: s.approval, symbols: s.symbols, action: s.action, ...(s.perMinute !== undefined ? { perMinute: s.perMinute } : {}) });
  }
  return out;
});
