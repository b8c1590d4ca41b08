/**
 * Kite call failures and the retry policy. kiteconnect rejects with Kite's error body
 * `{ error_type, message }` (NetworkException for timeouts, refused connections, 429 and bare 5xx;
 * GeneralException for Kite's own 500). Those two are retried with exponential backoff and full jitter,
 * a bounded number of times; every other type (InputException, TokenException, …) is returned at once.
 */
import { z } from 'zod';
import { err, ok, type Result } from '../../core/result';

export interface KiteFailure {
  readonly errorType: string;
  readonly message: string;
  readonly attempts: number;
}

const kiteErrorSchema = z.object({ error_type: z.string(), message: z.string().optional() });

/** Reads a kiteconnect rejection (or any thrown value) as Kite's error type and message. */
export function readKiteError(e: unknown): { errorType: string; message: string } {
  const parsed = kiteErrorSchema.safeParse(e);
  if (parsed.success) return { errorType: parsed.data.error_type, message: parsed.data.message ?? parsed.data.error_type };
  if (e instanceof Error) return { errorType: 'GeneralException', message: e.message };
  return { errorType: 'GeneralException', message: String(e) };
}

const RETRIED = new Set(['NetworkException', 'GeneralException']);

export const isRetriedKiteError = (errorType: string): boolean => RETRIED.has(errorType);

export interface RetryPolicy {
  /** Total attempts including the first (default 5). */
  readonly maxAttempts: number;
  /** Backoff before retry k (k = 1, 2, …) is uniform in [0, min(maxDelayMs, baseDelayMs * 2^(k-1))]. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Uniform [0, 1) source for the jitter (default Math.random). */
  readonly random?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 300, maxDelayMs: 5000 };

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The jittered delay before retry number `retry` (1-based). */
export function backoffDelay(policy: RetryPolicy, retry: number, random: () => number): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * cap);
}

/** Calls `attempt` until it succeeds, fails with a non-retried error, or the attempts run out. */
export async function withKiteRetry<T>(attempt: () => Promise<T>, policy: RetryPolicy = DEFAULT_RETRY): Promise<Result<T, KiteFailure>> {
  const random = policy.random ?? Math.random;
  const sleep = policy.sleep ?? defaultSleep;
  for (let n = 1; ; n++) {
    try {
      return ok(await attempt());
    } catch (e) {
      const { errorType, message } = readKiteError(e);
      if (!isRetriedKiteError(errorType) || n >= policy.maxAttempts) return err({ errorType, message, attempts: n });
      await sleep(backoffDelay(policy, n, random));
    }
  }
}
