/** Number and time formatting for replies: Indian grouping, rupees to the paisa, IST times. */
import { refreshButton, type Reply } from '../../src/core/reply';
import type { Services } from '../../src/services/services';

/** Rupees, percentages and plain figures: one formatting for every reply, card and report (src/core/figures.ts). */
export { num, pct, rupees } from '../../src/core/figures';

const inr2 = new Intl.NumberFormat('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const inr0 = new Intl.NumberFormat('en-IN', { maximumFractionDigits: 0 });

export const wholeRupees = (v: number): string => (Number.isFinite(v) ? `${v < 0 ? '−' : ''}₹${inr0.format(Math.abs(v))}` : '–');

/** A price: up to 2 decimals, grouped. */
export const price = (v: number | undefined): string => (v === undefined || !Number.isFinite(v) ? '–' : inr2.format(v));

const istFmt = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Kolkata', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** 2025-01-06 09:15 IST */
export function istTime(t: number): string {
  if (!Number.isFinite(t)) return '–';
  const p = Object.fromEntries(istFmt.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** "5m ago" style age of an instant relative to `now`. */
export function age(t: number, now: number): string {
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.round(s / 60)}m ago`;
  if (s < 86_400) return `${(s / 3600).toFixed(1)}h ago`;
  return `${Math.round(s / 86_400)}d ago`;
}

export function duration(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000}d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return `${Math.round(ms / 1000)}s`;
}

/** How long a position was held: 45s, 12m, 2h 05m, 3d 4h. */
export function holding(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  const m = Math.floor(ms / 60_000);
  if (m < 1) return `${Math.round(ms / 1000)}s`;
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

const FEATURE: Record<keyof Services, string> = {
  status: 'Status',
  strategies: 'The strategy list',
  instances: 'Strategy instances',
  backtest: 'Backtests',
  research: 'The research queue (sweeps)',
  portfolio: 'The portfolio view',
  orders: 'The order book',
  pnl: 'P&L reports',
  history: 'Trade history',
  risk: 'Risk reports',
  approvals: 'Approvals',
  manual: 'Trading by hand',
  optimise: 'Portfolio optimisation',
  rebalance: 'Rebalancing',
  chart: 'Charts',
  alerts: 'Alerts',
  alertsIn: 'Incoming alerts',
  trading: 'The kill switch',
  session: 'The broker login',
  mode: 'Switching modes',
  settings: 'Settings',
  operator: 'Operator tools',
};

/** The error reply for a service group this build does not offer. */
export const notAvailable = (group: keyof Services): Reply => ({
  kind: 'error',
  message: `${FEATURE[group]} is not available in this build yet; send /help to see what you can do now.`,
});

/** A text or table reply with a Refresh button that runs `command` again in place (phones); others as they are. */
export function withRefresh(reply: Reply, command: string): Reply {
  return reply.kind === 'text' || reply.kind === 'table' ? { ...reply, buttons: [...(reply.buttons ?? []), ...refreshButton(command)] } : reply;
}

/** The error reply for a refused Result, or the reply built from its value. */
export function fromResult<T>(r: { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string }, f: (v: T) => Reply): Reply {
  return r.ok ? f(r.value) : { kind: 'error', message: r.error };
}
