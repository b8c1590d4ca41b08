/**
 * Outgoing webhooks (issue 19): a notification POSTed to a URL of your own, as JSON
 * (`{"id", "time", "kind", "severity", "title", "text", "fields": {"Order": …}}`) or as a form
 * (`id=…&kind=fill&…&fields.Order=…`). One sink per URL, each registered with the Notifier (src/notify), so every
 * endpoint has its own queue: retries with backoff, an outage kept in the outbox until the endpoint answers again, and
 * a dead or slow endpoint never delays Telegram, Discord, another webhook or the engine (`notify` returns at once).
 * A 2xx answer is delivered; 408, 429 and 5xx, a timeout or no connection are worth retrying; any other answer drops
 * that message (the endpoint refused it). The URL never appears in a reason or a log line: it may hold a token.
 */
import { createHash } from 'node:crypto';
import { err, ok } from '../core/result';
import type { Logger } from '../log/logger';
import type { Notification, NotificationKind } from './notification';
import type { NotificationSink, SendResult, SinkRoute } from './sink';

export type WebhookFormat = 'json' | 'form';

export interface WebhookSinkOptions {
  readonly url: string;
  readonly format: WebhookFormat;
  readonly log: Logger;
  /**
   * One request's time limit (default 5 s). Below the Notifier's sendTimeoutMs (10 s), so a slow attempt is abandoned
   * here and retried by the queue, never left running beside its retry.
   */
  readonly timeoutMs?: number;
}

/** A stable name per URL (the outbox keys queued messages by it) that does not reveal the URL. */
export const webhookSinkName = (url: string): string => `webhook:${createHash('sha256').update(url).digest('hex').slice(0, 12)}`;

/** The JSON a webhook receives. */
export function webhookPayload(n: Notification): Record<string, unknown> {
  return {
    id: n.id,
    time: new Date(n.time).toISOString(),
    kind: n.kind,
    severity: n.severity,
    title: n.title,
    ...(n.text !== undefined ? { text: n.text } : {}),
    fields: Object.fromEntries(n.fields.map((f) => [f.name, f.value])),
  };
}

/** The same as form fields: `fields.<name>` for each field. */
export function webhookForm(n: Notification): URLSearchParams {
  const form = new URLSearchParams({ id: n.id, time: new Date(n.time).toISOString(), kind: n.kind, severity: n.severity, title: n.title });
  if (n.text !== undefined) form.set('text', n.text);
  for (const f of n.fields) form.append(`fields.${f.name}`, f.value);
  return form;
}

export class WebhookSink implements NotificationSink {
  readonly name: string;
  private readonly log: Logger;

  constructor(private readonly o: WebhookSinkOptions) {
    this.name = webhookSinkName(o.url);
    this.log = o.log.child({ component: 'notify', sink: this.name });
  }

  async send(n: Notification): Promise<SendResult> {
    const json = this.o.format === 'json';
    let status: number;
    try {
      const r = await fetch(this.o.url, {
        method: 'POST',
        headers: { 'content-type': json ? 'application/json' : 'application/x-www-form-urlencoded', 'user-agent': 'AutoPPM' },
        body: json ? JSON.stringify(webhookPayload(n)) : webhookForm(n).toString(),
        signal: AbortSignal.timeout(this.o.timeoutMs ?? 5_000),
        redirect: 'error',
      });
      status = r.status;
      await r.body?.cancel().catch(() => undefined);
    } catch (e) {
      const name = errorName(e);
      const timedOut = name === 'TimeoutError' || name === 'AbortError';
      return err({ reason: timedOut ? 'the webhook did not answer in time' : `could not reach the webhook (${causeOf(e)})`, permanent: false });
    }
    if (status >= 200 && status < 300) return ok(undefined);
    const transient = status >= 500 || status === 429 || status === 408;
    if (!transient) this.log.warn({ kind: n.kind, id: n.id, status }, 'the webhook refused a notification; dropped');
    return err({ reason: `the webhook answered ${status}`, permanent: !transient });
  }
}

/**
 * An error's name, read by shape: fetch's errors may come from another realm (a VM context), where `instanceof Error`
 * is false.
 */
function errorName(e: unknown): string | undefined {
  const name = typeof e === 'object' && e !== null ? (e as { name?: unknown }).name : undefined;
  return typeof name === 'string' ? name : undefined;
}

/** A network error's code (ECONNREFUSED …), never its message (which may carry the URL). */
function causeOf(e: unknown): string {
  const cause = typeof e === 'object' && e !== null ? (e as { cause?: unknown }).cause : undefined;
  const code = typeof cause === 'object' && cause !== null ? (cause as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : (errorName(e) ?? 'unknown error');
}

/** Per URL, the kinds it receives (the config lists URLs per kind). */
export function webhookRoutes(urls: Readonly<Record<NotificationKind, readonly string[]>>): Map<string, SinkRoute & { readonly kinds: NotificationKind[] }> {
  const routes = new Map<string, SinkRoute & { readonly kinds: NotificationKind[] }>();
  for (const [kind, list] of Object.entries(urls) as [NotificationKind, readonly string[]][]) {
    for (const url of list) {
      const r = routes.get(url) ?? { kinds: [] };
      r.kinds.push(kind);
      routes.set(url, r);
    }
  }
  return routes;
}
