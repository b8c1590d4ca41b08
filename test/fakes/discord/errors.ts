/** Discord's JSON error bodies: `{message, code, errors?}`; 429 bodies carry `retry_after` and `global`. */
export interface DiscordReply {
  readonly status: number;
  /** undefined = no body and no Content-Type (204). */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export const json = (status: number, body: unknown): DiscordReply => ({ status, body });
export const noContent = (): DiscordReply => ({ status: 204 });

export const apiError = (status: number, code: number, message: string, errors?: unknown): DiscordReply =>
  json(status, errors === undefined ? { message, code } : { message, code, errors });

export const unauthorized = (): DiscordReply => apiError(401, 0, '401: Unauthorized');
export const notFound = (): DiscordReply => apiError(404, 0, '404: Not Found');
export const unknownWebhook = (): DiscordReply => apiError(404, 10015, 'Unknown Webhook');
export const invalidWebhookToken = (): DiscordReply => apiError(401, 50027, 'Invalid Webhook Token');
export const unknownChannel = (): DiscordReply => apiError(404, 10003, 'Unknown Channel');
export const unknownMessage = (): DiscordReply => apiError(404, 10008, 'Unknown Message');
export const unknownInteraction = (): DiscordReply => apiError(404, 10062, 'Unknown interaction');
export const alreadyAcknowledged = (): DiscordReply => apiError(400, 40060, 'Interaction has already been acknowledged.');

/** One field error inside "Invalid Form Body" (50035), at `path` (e.g. ['embeds', '0', 'title']). */
export interface FieldError {
  readonly path: readonly string[];
  readonly code: string;
  readonly message: string;
}

export function invalidFormBody(problems: readonly FieldError[]): DiscordReply {
  const errors: Record<string, unknown> = {};
  for (const p of problems) {
    let node = errors;
    for (const key of p.path) {
      const child = (node[key] ?? {}) as Record<string, unknown>;
      node[key] = child;
      node = child;
    }
    const list = (node._errors ?? []) as { code: string; message: string }[];
    list.push({ code: p.code, message: p.message });
    node._errors = list;
  }
  return apiError(400, 50035, 'Invalid Form Body', errors);
}

export function rateLimited(retryAfterSeconds: number, global: boolean, bucket: string): DiscordReply {
  const headers: Record<string, string> = {
    'retry-after': String(retryAfterSeconds),
    'x-ratelimit-scope': global ? 'global' : 'user',
    'x-ratelimit-bucket': bucket,
    'x-ratelimit-limit': '1',
    'x-ratelimit-remaining': '0',
    'x-ratelimit-reset-after': String(retryAfterSeconds),
  };
  if (global) headers['x-ratelimit-global'] = 'true';
  return { status: 429, body: { message: 'You are being rate limited.', retry_after: retryAfterSeconds, global }, headers };
}
