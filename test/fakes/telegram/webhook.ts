/** Webhook delivery: POST an update as Telegram does, with the secret token header when one was set. */
export interface WebhookDelivery {
  readonly updateId: number;
  readonly status: number;
  /** A method call answered in the webhook reply (telegraf's webhookReply), if any. */
  readonly replyMethod?: string;
}

export interface WebhookResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** Posts `update` to `url` as JSON with `X-Telegram-Bot-Api-Secret-Token` (if given) and returns the raw answer. */
export async function postUpdate(url: string, update: Record<string, unknown>, secretToken?: string): Promise<WebhookResponse> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (secretToken !== undefined) headers['x-telegram-bot-api-secret-token'] = secretToken;
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(update) });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: await res.text() };
}

/** The `{method, ...params}` a bot may answer a webhook call with, or null. */
export function webhookReplyCall(r: WebhookResponse): { method: string; params: Record<string, unknown> } | null {
  if (!r.contentType.includes('application/json') || r.body.length === 0) return null;
  try {
    const json: unknown = JSON.parse(r.body);
    if (typeof json !== 'object' || json === null || Array.isArray(json)) return null;
    const { method, ...params } = json as Record<string, unknown>;
    return typeof method === 'string' ? { method, params } : null;
  } catch {
    return null;
  }
}
