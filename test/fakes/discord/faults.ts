/**
 * Fault injection for the fake Discord REST API: per route rule (`POST /webhooks/:id/:token`, any method or route
 * when omitted), fired `times` times (default once): a 429 (optionally global), an error status, a hang, or a
 * dropped connection. `outage` makes every request fail or hang until cleared.
 */
export type DiscordFault =
  | { readonly kind: 'rateLimit'; readonly retryAfter: number; readonly global?: boolean }
  | { readonly kind: 'error'; readonly status: number }
  | { readonly kind: 'hang' }
  | { readonly kind: 'drop' };

export interface DiscordFaultRule {
  /** Route template as the fake names it, e.g. `/webhooks/:id/:token` or `/channels/:id/messages`. */
  readonly route?: string;
  readonly method?: string;
  readonly times?: number;
  readonly fault: DiscordFault;
}

export type Outage = false | 'fail' | 'hang';

export class DiscordFaults {
  private rules: { rule: DiscordFaultRule; remaining: number }[] = [];
  outage: Outage = false;

  add(rule: DiscordFaultRule): void {
    this.rules.push({ rule, remaining: rule.times ?? 1 });
  }

  clear(): void {
    this.rules = [];
    this.outage = false;
  }

  take(method: string, route: string): DiscordFault | null {
    if (this.outage === 'fail') return { kind: 'error', status: 503 };
    if (this.outage === 'hang') return { kind: 'hang' };
    for (const live of this.rules) {
      if (live.remaining <= 0) continue;
      if (live.rule.route !== undefined && live.rule.route !== route) continue;
      if (live.rule.method !== undefined && live.rule.method.toUpperCase() !== method) continue;
      live.remaining--;
      return live.rule.fault;
    }
    return null;
  }
}
