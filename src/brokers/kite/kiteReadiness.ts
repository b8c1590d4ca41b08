/**
 * The readiness check sent to the admins after each completed Kite login (issue 10): the Kite profile, the
 * equity margins, the instruments list, the ticker and the static IPs orders must come from (issue 16). Each part is asked for on its own; a part that fails says
 * so in its line (what was wrong, what to do) instead of failing the whole report.
 */
import type { EquityMargins, KiteProfile } from './kiteBroker';
import { err, ok, type Result } from '../../core/result';

/** What the report asks Kite (the KiteBroker: its replies checked there, at the boundary). */
export interface ReadinessClient {
  profile(): Promise<Result<KiteProfile, { readonly message: string }>>;
  equityMargins(): Promise<Result<EquityMargins, { readonly message: string }>>;
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
  /** KITE_STATIC_IPS: the IPs this bot sends orders from (none configured counts as a problem). */
  readonly staticIps?: readonly string[];
}

export interface ReadinessReport {
  readonly lines: readonly string[];
  /** Parts that failed. */
  readonly problems: number;
}


const rupees = (n: number): string => `₹${n.toLocaleString('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

function reason(e: unknown): string {
  const m = typeof e === 'object' && e !== null && 'message' in e ? String((e as { message: unknown }).message) : String(e);
  return m.split('\n')[0]!.slice(0, 160).replace(/\.$/, '');
}

async function profileLine(client: ReadinessClient): Promise<Result<string, string>> {
  const p = await client.profile().catch((e: unknown) => err({ message: reason(e) }));
  if (!p.ok) return err(`Profile: not available (${reason(p.error)}); check the Kite session with /status.`);
  return ok(`Profile: ${p.value.userId}${p.value.name ? ` (${p.value.name})` : ''}`);
}

async function marginsLine(client: ReadinessClient): Promise<Result<string, string>> {
  const m = await client.equityMargins().catch((e: unknown) => err({ message: reason(e) }));
  if (!m.ok) return err(`Margins: not available (${reason(m.error)}); check the funds page on Kite.`);
  return ok(`Margins (equity): available cash ${rupees(m.value.cash)}, net ${rupees(m.value.net)}`);
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

/**
 * The static-IP rule (issue 16): since 1 April 2026 Kite accepts order requests only from the IPs whitelisted under
 * Profile → IP Whitelist on the Kite Connect developer console, at most two (Zerodha support, "Static IP", Kite API;
 * kite.trade forum, "Preparing to comply with SEBI's retail algo rules", March 2026). The bot cannot see Kite's
 * list, so the line states the rule and the IPs it was configured with.
 */
export function staticIpLine(ips: readonly string[] = []): Result<string, string> {
  const rule = 'since 1 April 2026 Kite accepts orders only from IPs whitelisted under Profile → IP Whitelist on developers.kite.trade';
  return ips.length > 0
    ? ok(`Static IP: ${rule}; this bot is configured to send them from ${ips.join(', ')} (KITE_STATIC_IPS) — check that this machine's public IP is one of them and is whitelisted.`)
    : err(`Static IP: none configured; ${rule}. Set KITE_STATIC_IPS to the static IP(s) you whitelisted there, and run the bot from one of them.`);
}

/** Asks for every part at once; the lines come back in a fixed order. */
export async function kiteReadiness(s: ReadinessSources): Promise<ReadinessReport> {
  const parts = [...(await Promise.all([profileLine(s.client), marginsLine(s.client), instrumentsLine(s), tickerLine(s)])), staticIpLine(s.staticIps)];
  return { lines: parts.map((p) => (p.ok ? p.value : p.error)), problems: parts.filter((p) => !p.ok).length };
}
