/**
 * The settings an admin may change from chat, each with its zod bounds (the same bounds as the environment
 * variables in src/config/variables.ts), how to show it and what it means.
 *  - Approval policy per mode (`approval.paper`, `approval.live`) and per strategy instance
 *    (`approval.<instance id>`): `always`, `auto`, or `below:<rupees>` (auto-approve orders worth less).
 *  - Risk limits (`max_position_pct`, …): overrides of the configured values.
 */
import { z } from 'zod';
import type { RiskLimits } from '../../config/types';
import { RISK_PERCENT_BOUNDS } from '../../config/variables';
import type { ApprovalPolicy } from '../../oms/approvals';

export const approvalPolicySchema = z.union([
  z.object({ kind: z.literal('always-ask') }),
  z.object({ kind: z.literal('auto') }),
  z.object({ kind: z.literal('auto-below'), maxValue: z.number().gt(0).max(1e9) }),
]);

/** `always`, `auto`, `below:50000` (also `below:50,000`, `below:₹50000`). */
export function parseApprovalPolicy(text: string): ApprovalPolicy | undefined {
  const t = text.trim().toLowerCase();
  if (t === 'always') return { kind: 'always-ask' };
  if (t === 'auto') return { kind: 'auto' };
  const m = /^below:₹?([\d,_]+(?:\.\d+)?)$/.exec(t);
  if (!m) return undefined;
  const r = approvalPolicySchema.safeParse({ kind: 'auto-below', maxValue: Number(m[1]!.replace(/[,_]/g, '')) });
  return r.success ? r.data : undefined;
}

export function showApprovalPolicy(p: ApprovalPolicy): string {
  return p.kind === 'always-ask' ? 'always' : p.kind === 'auto' ? 'auto' : `below:${p.maxValue}`;
}

export const APPROVAL_VALUES_HINT = 'always, auto or below:<rupees> (e.g. below:50000)';

export interface LimitSetting {
  readonly key: string;
  readonly field: keyof RiskLimits;
  readonly schema: z.ZodType<number>;
  readonly bounds: string;
  readonly description: string;
}

const pct = (field: keyof typeof RISK_PERCENT_BOUNDS): z.ZodType<number> => z.number().min(RISK_PERCENT_BOUNDS[field][0]).max(RISK_PERCENT_BOUNDS[field][1]);
const pctText = (field: keyof typeof RISK_PERCENT_BOUNDS): string => `a percent from ${RISK_PERCENT_BOUNDS[field][0]} to ${RISK_PERCENT_BOUNDS[field][1]}`;
const limit = (key: string, field: keyof RiskLimits, schema: z.ZodType<number>, bounds: string, description: string): LimitSetting => ({ key, field, schema, bounds, description });

export const LIMIT_SETTINGS: readonly LimitSetting[] = [
  limit('max_position_pct', 'maxPositionPct', pct('maxPositionPct'), pctText('maxPositionPct'), 'largest single position, % of equity'),
  limit('max_sector_pct', 'maxSectorPct', pct('maxSectorPct'), pctText('maxSectorPct'), 'largest sector exposure, % of equity'),
  limit('max_order_value', 'maxOrderValue', z.number().gt(0).max(1e9), 'rupees above 0 and at most 1000000000', 'largest single order, ₹'),
  limit('max_orders_per_day', 'maxOrdersPerDay', z.number().int().min(1).max(5000), 'a whole number from 1 to 5000', 'orders per day'),
  limit('max_orders_per_minute', 'maxOrdersPerMinute', z.number().int().min(1).max(400), 'a whole number from 1 to 400', 'orders per minute'),
  limit('daily_loss_limit_pct', 'dailyLossLimitPct', pct('dailyLossLimitPct'), pctText('dailyLossLimitPct'), 'trading halts at this day loss, % of start equity'),
  limit('var_limit_pct', 'varLimitPct', pct('varLimitPct'), pctText('varLimitPct'), 'alert above this 1-day 95% VaR, % of equity'),
];

export const limitSetting = (key: string): LimitSetting | undefined => LIMIT_SETTINGS.find((l) => l.key === key);

/** Text → number for a limit: plain digits with optional `,`/`_` grouping, `%` or `₹`. */
export function parseLimitValue(text: string): number {
  const t = text.trim().replace(/[₹%,_]/g, '');
  return /^\d+(\.\d+)?$/.test(t) ? Number(t) : NaN;
}

/** Keys of stored values: `approval.<mode|instance>` and `limit.<field>`; the run mode is `mode`; the reply keyboard. */
export const STORE_KEYS = { mode: 'mode', approval: (scope: string) => `approval.${scope}`, limit: (key: string) => `limit.${key}`, keyboard: 'chat.keyboard' } as const;

/** The reply keyboard's setting: the main commands a phone keeps under the typing field, three to a row. */
export const KEYBOARD_KEY = 'keyboard';
export const DEFAULT_KEYBOARD: readonly string[] = ['/status', '/positions', '/orders', '/pnl', '/pending', '/help'];
export const KEYBOARD_MAX = 12;
const KEYBOARD_PER_ROW = 3;
export const keyboardSchema = z.array(z.string().regex(/^\/[a-z][a-z0-9_]{0,31}$/)).min(1).max(KEYBOARD_MAX);

/** `/status,/positions` (or a list) → the commands, or undefined when one is not `/name`. */
export function parseKeyboard(text: string): string[] | undefined {
  const items = text.split(',').map((s) => s.trim().toLowerCase()).filter((s) => s !== '').map((s) => (s.startsWith('/') ? s : `/${s}`));
  const r = keyboardSchema.safeParse(items);
  return r.success ? r.data : undefined;
}

/** The commands in rows of three. */
export function keyboardRows(commands: readonly string[]): string[][] {
  const rows: string[][] = [];
  for (let i = 0; i < commands.length; i += KEYBOARD_PER_ROW) rows.push(commands.slice(i, i + KEYBOARD_PER_ROW));
  return rows;
}
