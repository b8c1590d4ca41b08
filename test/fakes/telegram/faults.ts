/**
 * Fault injection per Bot API method (or every method with `method` omitted): answer an error (5xx, 429 with
 * retry_after, any status), close the connection without answering, or hold the request until the fake closes.
 * A rule fires `times` times (default once; Infinity for every call).
 */
export type TelegramFault =
  | { readonly kind: 'error'; readonly status: number; readonly description?: string; readonly retryAfter?: number }
  | { readonly kind: 'drop' }
  | { readonly kind: 'hang' };

export interface TelegramFaultRule {
  /** Bot API method name, case-insensitive (`sendMessage`); omitted matches every method. */
  readonly method?: string;
  readonly times?: number;
  readonly fault: TelegramFault;
}

export class TelegramFaults {
  private rules: { rule: TelegramFaultRule; remaining: number }[] = [];

  add(rule: TelegramFaultRule): void {
    this.rules.push({ rule, remaining: rule.times ?? 1 });
  }

  clear(): void {
    this.rules = [];
  }

  take(method: string): TelegramFault | null {
    const m = method.toLowerCase();
    for (const live of this.rules) {
      if (live.remaining <= 0) continue;
      if (live.rule.method !== undefined && live.rule.method.toLowerCase() !== m) continue;
      live.remaining--;
      return live.rule.fault;
    }
    return null;
  }
}
