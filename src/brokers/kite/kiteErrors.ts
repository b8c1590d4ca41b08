/**
 * kiteconnect rejects with Kite's error body `{ message, error_type }` (the HTTP status is not kept), or with
 * `{ error_type: 'NetworkException' }` for timeouts and non-JSON replies. This maps them onto `BrokerError`.
 */
import { z } from 'zod';
import type { BrokerError } from '../../core/broker';

const kiteErrorSchema = z.object({ error_type: z.string().optional(), message: z.string().optional() });

export type KiteFailureKind = 'token' | 'rejected' | 'rate-limited' | 'transient';

export interface KiteFailure {
  readonly kind: KiteFailureKind;
  readonly errorType: string;
  readonly message: string;
}

const REJECTIONS = new Set(['InputException', 'OrderException', 'MarginException', 'HoldingException', 'UserException', 'PermissionException']);

export function classifyKiteError(e: unknown): KiteFailure {
  const parsed = kiteErrorSchema.safeParse(e);
  const errorType = parsed.success ? (parsed.data.error_type ?? 'GeneralException') : 'GeneralException';
  const raw = parsed.success ? parsed.data.message : undefined;
  const message = (raw ?? (e instanceof Error ? e.message : 'no message')).replace(/\s+/g, ' ').trim().slice(0, 300);
  if (errorType === 'TokenException') return { kind: 'token', errorType, message };
  if (REJECTIONS.has(errorType)) return { kind: 'rejected', errorType, message };
  if (errorType === 'NetworkException' && /too many requests/i.test(message)) return { kind: 'rate-limited', errorType, message };
  return { kind: 'transient', errorType, message };
}

export function toBrokerError(f: KiteFailure): BrokerError {
  switch (f.kind) {
    case 'token':
      return { kind: 'session-expired', message: 'The Kite session has expired; log in to Kite again to resume trading.' };
    case 'rejected':
      return { kind: 'rejected', message: `Kite rejected the request: ${f.message}` };
    case 'rate-limited':
      return { kind: 'rate-limited', message: 'Kite is limiting our request rate; the request will be retried shortly.' };
    case 'transient':
      return { kind: 'network', message: `Kite did not answer properly (${f.errorType}: ${f.message}); try again in a moment.` };
  }
}
