/**
 * Fault injection per Bot API method (or every method with `method` omitted), optionally only for the calls whose
 * parameters `where` picks (a chosen message: a chat id, a text): answer an error (5xx, 429 with retry_after, any
 * status), answer a raw status with a body that is not the Bot API's JSON (a proxy's HTML page), close the
 * connection without answering, or hold the request until the fake closes. A rule fires `times` times (default
 * once; Infinity for every call).
 */
export type TelegramFault =
  | { readonly kind: 'error'; readonly status: number; readonly description?: string; readonly retryAfter?: number }
  /** A bare status with a body that is not JSON (default `<html>…</html>`, text/html). */
  | { readonly kind: 'raw'; readonly status: number; readonly body?: string; readonly contentType?: string }
  | { readonly kind: 'drop' }
  | { readonly kind: 'hang' };

export interface TelegramFaultRule {
  /** Bot API method name, case-insensitive (`sendMessage`); omitted matches every method. */
  readonly method?: string;
  /** Only calls whose parameters (chat_id, text, caption … as sent) this accepts. */
  readonly where?: (params: Readonly<Record<string, unknown>>) => boolean;
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

  take(method: string, params: Readonly<Record<string, unknown>> = {}): TelegramFault | null {
    const m = method.toLowerCase();
    for (const live of this.rules) {
      if (live.remaining <= 0) continue;
      if (live.rule.method !== undefined && live.rule.method.toLowerCase() !== m) continue;
      if (live.rule.where !== undefined && !live.rule.where(params)) continue;
      live.remaining--;
      return live.rule.fault;
    }
    return null;
  }
}
