/** The REST routes of the fake (paths after /api/v10), as discord.js's WebhookClient and Client call them. */
import type { UploadedFile } from './body';
import {
  alreadyAcknowledged, invalidWebhookToken, json, noContent, unknownChannel, unknownInteraction, unknownMessage, unknownWebhook,
  apiError, type DiscordReply,
} from './errors';
import { checkMessage, messagePayloadSchema, type MessagePayload } from './messagePayload';
import { channelObject, messageObject, userObject, type Identity } from './objects';
import type { DiscordStore, Interaction, StoredMessage } from './store';

export interface RouteContext {
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly json: unknown;
  readonly files: readonly UploadedFile[];
}

export interface RouteDeps {
  readonly store: DiscordStore;
  readonly me: Identity;
  readonly gatewayUrl: () => string;
}

export interface Route {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  readonly path: string;
  /** Needs `Authorization: Bot <token>`. */
  readonly auth: boolean;
  readonly handle: (ctx: RouteContext, deps: RouteDeps) => DiscordReply;
}

/** A `:name` segment of the matched path (matchRoute fills every one; asking for another is a bug in the fake). */
function param(ctx: RouteContext, name: string): string {
  const v = ctx.params[name];
  if (v === undefined) throw new Error(`this route has no :${name} in its path`);
  return v;
}

type Payload = { ok: true; payload: MessagePayload } | { ok: false; reply: DiscordReply };

function payloadOf(ctx: RouteContext, requireContent: boolean): Payload {
  const parsed = messagePayloadSchema.safeParse(ctx.json ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, reply: apiError(400, 50035, 'Invalid Form Body', { [issue.path.join('.') || 'body']: { _errors: [{ code: 'BASE_TYPE_INVALID', message: issue.message }] } }) };
  }
  const problem = checkMessage(parsed.data, ctx.files.length, requireContent);
  return problem ? { ok: false, reply: problem } : { ok: true, payload: parsed.data };
}

/** The interaction a `/webhooks/{application id}/{interaction token}` path refers to, if any. */
function interactionByToken(deps: RouteDeps, appId: string, token: string): Interaction | undefined {
  if (appId !== deps.me.applicationId) return undefined;
  return [...deps.store.interactions.values()].find((i) => i.token === token);
}

function webhookMessage(ctx: RouteContext, deps: RouteDeps): { ok: true; message: StoredMessage } | { ok: false; reply: DiscordReply } {
  const id = param(ctx, 'id');
  const token = param(ctx, 'token');
  const messageId = param(ctx, 'messageId');
  const interaction = interactionByToken(deps, id, token);
  if (interaction) {
    const mid = messageId === '@original' ? (interaction.originalMessageId ?? interaction.messageId) : messageId;
    const m = deps.store.message(interaction.channelId, mid);
    return m ? { ok: true, message: m } : { ok: false, reply: unknownMessage() };
  }
  const hook = deps.store.webhooks.get(id);
  if (!hook) return { ok: false, reply: unknownWebhook() };
  if (hook.token !== token) return { ok: false, reply: invalidWebhookToken() };
  const m = deps.store.message(hook.channelId, messageId);
  return m && m.webhookId === hook.id ? { ok: true, message: m } : { ok: false, reply: unknownMessage() };
}

const executeWebhook: Route['handle'] = (ctx, deps) => {
  const id = param(ctx, 'id');
  const token = param(ctx, 'token');
  const interaction = interactionByToken(deps, id, token);
  const hook = deps.store.webhooks.get(id);
  if (!interaction && !hook) return unknownWebhook();
  if (hook && hook.token !== token) return invalidWebhookToken();
  const p = payloadOf(ctx, true);
  if (!p.ok) return p.reply;
  const channelId = interaction ? interaction.channelId : (hook?.channelId ?? '');
  const author = interaction ? { name: deps.me.botName } : { webhookId: hook?.id, name: p.payload.username ?? hook?.name ?? 'webhook' };
  const message = deps.store.createMessage(channelId, p.payload, ctx.files, author);
  return ctx.query.get('wait') === 'true' || interaction ? json(200, messageObject(message, deps.me)) : noContent();
};

const channelPost: Route['handle'] = (ctx, deps) => {
  const channel = deps.store.channels.get(param(ctx, 'channelId'));
  if (!channel) return unknownChannel();
  const p = payloadOf(ctx, true);
  if (!p.ok) return p.reply;
  return json(200, messageObject(deps.store.createMessage(channel.id, p.payload, ctx.files, { name: deps.me.botName }), deps.me));
};

function channelMessage(ctx: RouteContext, deps: RouteDeps): { ok: true; message: StoredMessage } | { ok: false; reply: DiscordReply } {
  const channelId = param(ctx, 'channelId');
  if (!deps.store.channels.has(channelId)) return { ok: false, reply: unknownChannel() };
  const m = deps.store.message(channelId, param(ctx, 'messageId'));
  return m ? { ok: true, message: m } : { ok: false, reply: unknownMessage() };
}

function editReply(found: ReturnType<typeof channelMessage>, ctx: RouteContext, deps: RouteDeps): DiscordReply {
  if (!found.ok) return found.reply;
  const p = payloadOf(ctx, false);
  if (!p.ok) return p.reply;
  deps.store.editMessage(found.message, p.payload, ctx.files);
  return json(200, messageObject(found.message, deps.me));
}

function deleteReply(found: ReturnType<typeof channelMessage>, deps: RouteDeps): DiscordReply {
  if (!found.ok) return found.reply;
  deps.store.deleteMessage(found.message);
  return noContent();
}

/** Interaction response types: 4 reply, 5 deferred reply, 6 deferred update, 7 update the message. */
const interactionCallback: Route['handle'] = (ctx, deps) => {
  const interaction = deps.store.interactions.get(param(ctx, 'interactionId'));
  if (!interaction || interaction.token !== ctx.params.token) return unknownInteraction();
  if (interaction.responded) return alreadyAcknowledged();
  const body = (ctx.json ?? {}) as { type?: unknown; data?: unknown };
  const type = typeof body.type === 'number' ? body.type : -1;
  if (![4, 5, 6, 7].includes(type)) return apiError(400, 50035, 'Invalid Form Body', { type: { _errors: [{ code: 'BASE_TYPE_CHOICES', message: `Value must be one of {4, 5, 6, 7}.` }] } });
  const p = type === 4 || type === 7 ? payloadOf({ ...ctx, json: body.data ?? {} }, type === 4) : ({ ok: true, payload: {} } as Payload);
  if (!p.ok) return p.reply;
  interaction.responded = true;
  let resource: StoredMessage | undefined;
  if (type === 7) {
    resource = deps.store.message(interaction.channelId, interaction.messageId);
    if (resource) deps.store.editMessage(resource, p.payload, ctx.files);
  } else if (type === 4) {
    resource = deps.store.createMessage(interaction.channelId, p.payload, ctx.files, { name: deps.me.botName });
    interaction.originalMessageId = resource.id;
  }
  deps.store.emit({ kind: 'interactionCallback', callback: { interactionId: interaction.id, type, data: type === 4 || type === 7 ? p.payload : undefined, files: ctx.files } });
  if (ctx.query.get('with_response') !== 'true') return noContent();
  return json(200, {
    interaction: { id: interaction.id, type: 3, activity_instance_id: null, response_message_id: resource?.id ?? null, response_message_loading: false, response_message_ephemeral: false },
    resource: { type, ...(resource ? { message: messageObject(resource, deps.me) } : {}) },
  });
};

export const ROUTES: readonly Route[] = [
  {
    method: 'GET',
    path: '/gateway/bot',
    auth: true,
    handle: (_c, d) => json(200, { url: d.gatewayUrl(), shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 } }),
  },
  { method: 'GET', path: '/gateway', auth: false, handle: (_c, d) => json(200, { url: d.gatewayUrl() }) },
  { method: 'GET', path: '/users/@me', auth: true, handle: (_c, d) => json(200, { ...userObject(d.me.botUserId, d.me.botName, true), verified: true, flags: 0, mfa_enabled: false }) },
  {
    method: 'GET',
    path: '/applications/@me',
    auth: true,
    handle: (_c, d) => json(200, { id: d.me.applicationId, name: d.me.botName, icon: null, description: '', bot_public: false, bot_require_code_grant: false, flags: 0, bot: userObject(d.me.botUserId, d.me.botName, true) }),
  },
  { method: 'GET', path: '/channels/:channelId', auth: true, handle: (c, d) => { const ch = d.store.channels.get(param(c, 'channelId')); return ch ? json(200, channelObject(ch)) : unknownChannel(); } },
  { method: 'POST', path: '/channels/:channelId/messages', auth: true, handle: channelPost },
  { method: 'GET', path: '/channels/:channelId/messages/:messageId', auth: true, handle: (c, d) => { const f = channelMessage(c, d); return f.ok ? json(200, messageObject(f.message, d.me)) : f.reply; } },
  { method: 'PATCH', path: '/channels/:channelId/messages/:messageId', auth: true, handle: (c, d) => editReply(channelMessage(c, d), c, d) },
  { method: 'DELETE', path: '/channels/:channelId/messages/:messageId', auth: true, handle: (c, d) => deleteReply(channelMessage(c, d), d) },
  { method: 'POST', path: '/webhooks/:id/:token', auth: false, handle: executeWebhook },
  { method: 'GET', path: '/webhooks/:id/:token/messages/:messageId', auth: false, handle: (c, d) => { const f = webhookMessage(c, d); return f.ok ? json(200, messageObject(f.message, d.me)) : f.reply; } },
  { method: 'PATCH', path: '/webhooks/:id/:token/messages/:messageId', auth: false, handle: (c, d) => editReply(webhookMessage(c, d), c, d) },
  { method: 'DELETE', path: '/webhooks/:id/:token/messages/:messageId', auth: false, handle: (c, d) => deleteReply(webhookMessage(c, d), d) },
  { method: 'POST', path: '/interactions/:interactionId/:token/callback', auth: false, handle: interactionCallback },
];

export function matchRoute(method: string, path: string): { route: Route; params: Record<string, string> } | null {
  const parts = path.split('/').filter(Boolean);
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const pattern = route.path.split('/').filter(Boolean);
    if (pattern.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const matched = pattern.every((seg, i) => {
      if (seg.startsWith(':')) {
        params[seg.slice(1)] = decodeURIComponent(parts[i]!);
        return true;
      }
      return seg === parts[i];
    });
    if (matched) return { route, params };
  }
  return null;
}
