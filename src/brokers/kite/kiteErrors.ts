/**
 * kiteconnect rejects with Kite's error body `{ message, error_type }` (the HTTP status is not kept), or with
 * `{ error_type: 'NetworkException' }` for timeouts and non-JSON replies. This maps them onto `BrokerError`.
 */
import { z } from 'zod';
import type { BrokerError } from '../../core/broker';

const kiteErrorSchema = z.object({ error_type: z.string().optional(), message: z.string().optional() });

export type KiteFailureKind = 'token' | 'rejected' | 'ip-not-whitelisted' | 'rate-limited' | 'transient';

export interface KiteFailure {
  readonly kind: KiteFailureKind;
  readonly errorType: string;
  readonly message: string;
}

const REJECTIONS = new Set(['InputException', 'OrderException', 'MarginException', 'HoldingException', 'UserException', 'PermissionException']);

/**
 * An order request refused because of the IP it came from. Since 1 April 2026 Kite accepts order requests (place,
 * modify, cancel) only from the static IPs registered under "IP Whitelist" on the Kite Connect developer console
 * (Zerodha, "Preparing to comply with SEBI's retail algo rules (Static IP, ratelimits, order types)", kite.trade
 * forum, March 2026: "All order requests from an unregistered IP will be rejected"; Zerodha support, "Static IP",
 * effective 1 April 2026). Kite's exact error text is not published in the sources we found, so the refusal is
 * recognised by what any wording of it must say: an IP, and that it is not whitelisted / registered / static. Two
 * small linear patterns, not one combined pattern.
 */
const MENTIONS_IP = /\bIPs?\b/i;
const IP_NOT_ALLOWED = /whitelist|white-list|white list|allowlist|registered|static/i;
export const isIpRejection = (errorType: string, message: string): boolean =>
  (REJECTIONS.has(errorType) || errorType === 'GeneralException') && MENTIONS_IP.test(message) && IP_NOT_ALLOWED.test(message);

export function classifyKiteError(e: unknown): KiteFailure {
  const parsed = kiteErrorSchema.safeParse(e);
  const errorType = parsed.success ? (parsed.data.error_type ?? 'GeneralException') : 'GeneralException';
  const raw = parsed.success ? parsed.data.message : undefined;
  const message = (raw ?? (e instanceof Error ? e.message : 'no message')).replace(/\s+/g, ' ').trim().slice(0, 300);
  if (errorType === 'TokenException') return { kind: 'token', errorType, message };
  if (isIpRejection(errorType, message)) return { kind: 'ip-not-whitelisted', errorType, message };
  if (REJECTIONS.has(errorType)) return { kind: 'rejected', errorType, message };
  if (errorType === 'NetworkException' && /too many requests/i.test(message)) return { kind: 'rate-limited', errorType, message };
  return { kind: 'transient', errorType, message };
}

/** `staticIps` (KITE_STATIC_IPS) goes into the IP refusal's sentence. */
export function toBrokerError(f: KiteFailure, staticIps: readonly string[] = []): BrokerError {
  switch (f.kind) {
    case 'token':
      return { kind: 'session-expired', message: 'The Kite session has expired; log in to Kite again to resume trading.' };
    case 'rejected':
      return { kind: 'rejected', message: `Kite rejected the request: ${f.message}` };
    case 'ip-not-whitelisted':
      return { kind: 'ip-not-whitelisted', message: ipRejectionMessage(f.message, staticIps) };
    case 'rate-limited':
      return { kind: 'rate-limited', message: 'Kite is limiting our request rate; the request will be retried shortly.' };
    case 'transient':
      return { kind: 'network', message: `Kite did not answer properly (${f.errorType}: ${f.message}); try again in a moment.` };
  }
}

/**
 * What the admins are told when Kite refuses an order for its IP: exactly that, and how to fix it. `staticIps` is
 * KITE_STATIC_IPS (the addresses this bot is meant to send orders from).
 */
export function ipRejectionMessage(kiteSaid: string, staticIps: readonly string[] = []): string {
  const configured = staticIps.length > 0 ? `KITE_STATIC_IPS lists ${staticIps.join(', ')}` : 'KITE_STATIC_IPS is not set';
  return (
    `Kite refused the order because it came from an IP address that is not whitelisted for this Kite Connect account (Kite said: ${kiteSaid.slice(0, 200)}). ` +
    'Since 1 April 2026 Kite accepts orders only from registered static IPs, so new orders are halted. ' +
    `To fix it: run the bot from a static IP and add that IP under Profile → IP Whitelist on developers.kite.trade (at most two; one change a week); ${configured}. ` +
    'Then resume trading.'
  );
}
