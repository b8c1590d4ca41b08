/**
 * The readiness check sent to the admins after each completed Kite login (issue 10): the Kite profile, the
 * equity margins, the instruments list and the ticker. Each part is asked for on its own; a part that fails says
 * so in its line (what was wrong, what to do) instead of failing the whole report.
 */
import { z } from 'zod';
import { err, ok, type Result } from '../core/result';
import type { NotificationInput } from '../notify/notification';

/** The kiteconnect calls the report makes (a real KiteConnect satisfies it). */
export interface ReadinessClient {
  getProfile(): Promise<unknown>;
  getMargins(segment?: 'equity' | 'commodity'): Promise<unknown>;
}

/** The live ticker as the report sees it. */
export interface TickerReadiness {
  readonly connected: boolean;
  readonly subscribed: number;
}

export interface ReadinessSources {
  readonly client: ReadinessClient;
  /** The instruments list, refreshed when stale: the number of instruments loaded. */
  readonly instruments: () => Promise<Result<number, string>>;
  /** The live ticker once it had a chance to connect; a reason when live ticks are off. */
  readonly ticker: () => Promise<Result<TickerReadiness, string>>;
}

export interface ReadinessReport {
  readonly lines: readonly string[];
  /** Parts that failed. */
  readonly problems: number;
}

const profileSchema = z.object({ user_id: z.string(), user_name: z.string().optional(), user_shortname: z.string().optional() });
const equitySchema = z.object({ net: z.number(), available: z.object({ cash: z.number(), live_balance: z.number().optional() }) });

const rupees = (n: number): string => `₹${n.toLocaleString('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

function reason(e: unknown): string {
  const m = typeof e === 'object' && e !== null && 'message' in e ? String((e as { message: unknown }).message) : String(e);
  return m.split('\n')[0]!.slice(0, 160);
}

async function profileLine(client: ReadinessClient): Promise<Result<string, string>> {
  try {
    const p = profileSchema.safeParse(await client.getProfile());
    if (!p.success) return err('Profile: Kite answered in an unexpected form; check the Kite app and try /login again.');
    const name = p.data.user_name ?? p.data.user_shortname;
    return ok(`Profile: ${p.data.user_id}${name ? ` (${name})` : ''}`);
  } catch (e) {
    return err(`Profile: not available (${reason(e)}); check the Kite session with /status.`);
  }
}

async function marginsLine(client: ReadinessClient): Promise<Result<string, string>> {
  try {
    const m = equitySchema.safeParse(await client.getMargins('equity'));
    if (!m.success) return err('Margins: Kite answered in an unexpected form; check the funds page on Kite.');
    return ok(`Margins (equity): available cash ${rupees(m.data.available.cash)}, net ${rupees(m.data.net)}`);
  } catch (e) {
    return err(`Margins: not available (${reason(e)}); check the funds page on Kite.`);
  }
}

async function instrumentsLine(s: ReadinessSources): Promise<Result<string, string>> {
  const r = await s.instruments().catch((e: unknown) => err(reason(e)));
  return r.ok ? ok(`Instruments: ${r.value.toLocaleString('en-IN')} loaded`) : err(`Instruments: not loaded (${r.error})`);
}

async function tickerLine(s: ReadinessSources): Promise<Result<string, string>> {
  const r = await s.ticker().catch((e: unknown) => err(reason(e)));
  if (!r.ok) return err(`Ticker: not connected (${r.error})`);
  const subs = `${r.value.subscribed} symbol(s) subscribed`;
  return r.value.connected ? ok(`Ticker: connected, ${subs}`) : err(`Ticker: not connected yet, ${subs}; the log shows the ticker's reconnects.`);
}

/** Asks for every part at once; the lines come back in a fixed order. */
export async function kiteReadiness(s: ReadinessSources): Promise<ReadinessReport> {
  const parts = await Promise.all([profileLine(s.client), marginsLine(s.client), instrumentsLine(s), tickerLine(s)]);
  return { lines: parts.map((p) => (p.ok ? p.value : p.error)), problems: parts.filter((p) => !p.ok).length };
}

/** The admins' notification: one message, the title saying whether everything is ready. */
export function readinessNotice(r: ReadinessReport, who: string | undefined): NotificationInput {
  const title = r.problems === 0 ? 'Kite login complete: trading is ready' : `Kite login complete: ${r.problems} readiness check(s) failed`;
  return {
    kind: 'system',
    severity: r.problems === 0 ? 'info' : 'warning',
    title,
    text: [...(who ? [`Logged in as ${who}.`] : []), ...r.lines].join('\n'),
  };
}
