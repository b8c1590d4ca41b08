/**
 * Fault injection per route (kiteconnect route name, e.g. `order.place`) or per call. A rule fires `times` times
 * (default once; Infinity for "every call") after skipping its first `skip` matching calls.
 */
import type { KiteErrorType } from './reply';

export type FaultAction =
  /** Answer normally, but only after `ms`. */
  | { readonly kind: 'delay'; readonly ms: number }
  /** Accept the request and never answer (the client's timeout fires; the socket closes when the fake stops). */
  | { readonly kind: 'hang' }
  /** Answer with a Kite error body: 429 / 5xx / any status and error type. */
  | { readonly kind: 'error'; readonly status: number; readonly errorType?: KiteErrorType; readonly message?: string }
  /** Answer a bare status with a non-JSON body (the client reports NetworkException with the status text). */
  | { readonly kind: 'rawStatus'; readonly status: number }
  /** Answer 403 TokenException (the client's session-expiry hook fires). */
  | { readonly kind: 'tokenException' }
  /** Close the connection without handling the request. */
  | { readonly kind: 'dropConnection' }
  /**
   * Handle the request (an order is really placed, with its tag), then lose the reply: close the connection, or,
   * with `afterMs`, answer only after that long (past the client's timeout if you choose so).
   */
  | { readonly kind: 'lostReply'; readonly afterMs?: number };

export interface FaultRule {
  /** kiteconnect route name (`order.place`, `market.historical`, …); omitted matches every route. */
  readonly route?: string;
  readonly method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly times?: number;
  readonly skip?: number;
  readonly action: FaultAction;
}

interface LiveRule {
  readonly rule: FaultRule;
  remaining: number;
  toSkip: number;
}

export class Faults {
  private rules: LiveRule[] = [];

  add(rule: FaultRule): void {
    this.rules.push({ rule, remaining: rule.times ?? 1, toSkip: rule.skip ?? 0 });
  }

  /** The action for this call, consuming one use of the first matching rule; null when no rule applies. */
  take(route: string, method: string): FaultAction | null {
    for (const live of this.rules) {
      const r = live.rule;
      if ((r.route !== undefined && r.route !== route) || (r.method !== undefined && r.method !== method)) continue;
      if (live.remaining <= 0) continue;
      if (live.toSkip > 0) {
        live.toSkip--;
        continue;
      }
      live.remaining--;
      return r.action;
    }
    return null;
  }

  clear(): void {
    this.rules = [];
  }
}
