/**
 * Requests to Kite as KiteBroker makes them: failures classified (kiteErrors.ts), calls that are safe to repeat
 * retried on network errors, 5xx and 429 with exponential backoff, replies checked with zod, and the session
 * state: a TokenException (or `halt` when the clock passes 06:00 IST) halts every request — each answers
 * `session-expired` without reaching Kite — until `resume` with a fresh access token.
 */
import type { z } from 'zod';
import type { BrokerError } from '../../core/broker';
import { err, ok, type Result } from '../../core/result';
import { classifyKiteError, toBrokerError, type KiteFailure } from './kiteErrors';

export interface KiteRequestOptions {
  readonly sleep: (ms: number) => Promise<void>;
  /** Retries of repeatable calls and of 429s (default 3). */
  readonly retries?: number;
  /** Backoff base in ms (default 200, doubling). */
  readonly backoffMs?: number;
  /** KITE_STATIC_IPS, named in the sentence of an order refused for its IP. */
  readonly staticIps?: readonly string[];
}

const HALT_MESSAGE = 'The Kite session has expired; trading through Kite is halted until you log in again.';

export class KiteRequests {
  private readonly expiryListeners = new Set<(message: string) => void>();
  private readonly ipListeners = new Set<(error: BrokerError) => void>();
  private stopped = false;
  /** Requests Kite answered with an error or not at all (for reports). */
  failures = 0;

  constructor(private readonly o: KiteRequestOptions) {}

  get halted(): boolean {
    return this.stopped;
  }

  halt(message = HALT_MESSAGE): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const l of [...this.expiryListeners]) l(message);
  }

  resume(): void {
    this.stopped = false;
  }

  onSessionExpired(listener: (message: string) => void): () => void {
    this.expiryListeners.add(listener);
    return () => this.expiryListeners.delete(listener);
  }

  /**
   * Called each time Kite refuses an order request for the IP it came from (issue 16, the 2026 static-IP rule), with
   * the `ip-not-whitelisted` error whose sentence says what to do. Returns the unsubscribe function.
   */
  onIpRejected(listener: (error: BrokerError) => void): () => void {
    this.ipListeners.add(listener);
    return () => this.ipListeners.delete(listener);
  }

  /** Counts and classifies a failure; a TokenException halts the session; an IP refusal is told to its listeners. */
  fail(e: unknown): KiteFailure {
    this.failures++;
    const f = classifyKiteError(e);
    if (f.kind === 'token') this.halt();
    if (f.kind === 'ip-not-whitelisted') {
      const error = this.error(f);
      for (const l of [...this.ipListeners]) l(error);
    }
    return f;
  }

  /** The failure as a BrokerError (with KITE_STATIC_IPS in an IP refusal's sentence). */
  error(f: KiteFailure): BrokerError {
    return toBrokerError(f, this.o.staticIps);
  }

  expired(): Result<never, BrokerError> {
    return err({ kind: 'session-expired', message: 'The Kite session has expired; log in to Kite again to resume trading.' });
  }

  backoff(n: number): number {
    return (this.o.backoffMs ?? 200) * 2 ** (n - 1);
  }

  get retries(): number {
    return this.o.retries ?? 3;
  }

  /** A call that is safe to repeat: network errors, 5xx and 429 retry with exponential backoff. */
  async call<T>(fn: () => Promise<T>): Promise<Result<T, BrokerError>> {
    if (this.stopped) return this.expired();
    for (let attempt = 0; ; attempt++) {
      try {
        return ok(await fn());
      } catch (e) {
        const f = this.fail(e);
        if (f.kind === 'token') return this.expired();
        if (f.kind === 'rejected' || f.kind === 'ip-not-whitelisted' || attempt >= this.retries) return err(this.error(f));
        await this.o.sleep(this.backoff(attempt + 1));
      }
    }
  }

  /** A repeatable call whose reply is checked with `schema`. */
  async read<S extends z.ZodType>(fn: () => Promise<unknown>, schema: S, what: string): Promise<Result<z.infer<S>, BrokerError>> {
    const r = await this.call(fn);
    if (!r.ok) return r;
    const p = schema.safeParse(r.value);
    return p.success ? ok(p.data) : err({ kind: 'network', message: `Kite sent ${what} we cannot read; try again, and report it if it persists.` });
  }
}
