/** getMe, webhooks, command lists, callback answers and chat actions. */
import { z } from 'zod';
import { MAX_CALLBACK_ANSWER } from './limits';
import { boolParam, chatIdParam, jsonParam, parseParams } from './params';
import { badRequest, failed, value } from './reply';
import type { MethodHandler } from './state';

const getMe: MethodHandler = (state) =>
  value({
    id: state.bot.id,
    is_bot: true,
    first_name: state.bot.firstName,
    username: state.bot.username,
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
  });

const setWebhookParams = z.object({
  url: z.string(),
  secret_token: z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, 'must be 1-256 characters A-Z, a-z, 0-9, _ and -').optional(),
  allowed_updates: jsonParam.optional(),
  drop_pending_updates: boolParam.optional(),
});

const setWebhook: MethodHandler = (state, body) => {
  const p = parseParams(setWebhookParams, body.params);
  if (!p.ok) return p;
  if (p.value.drop_pending_updates) state.updates.dropAll();
  if (p.value.url === '') {
    state.webhook = null;
    return value(true);
  }
  if (!/^https?:\/\/[^\s]+$/.test(p.value.url)) return failed(badRequest('bad webhook: invalid webhook URL specified'));
  const allowed = Array.isArray(p.value.allowed_updates) ? p.value.allowed_updates.filter((u): u is string => typeof u === 'string') : undefined;
  state.webhook = { url: p.value.url, secretToken: p.value.secret_token, allowedUpdates: allowed };
  return value(true);
};

const deleteWebhook: MethodHandler = (state, body) => {
  const p = parseParams(z.object({ drop_pending_updates: boolParam.optional() }), body.params);
  if (!p.ok) return p;
  state.webhook = null;
  if (p.value.drop_pending_updates) state.updates.dropAll();
  return value(true);
};

const getWebhookInfo: MethodHandler = (state) =>
  value({
    url: state.webhook?.url ?? '',
    has_custom_certificate: false,
    pending_update_count: state.updates.pending().length,
    ...(state.webhook?.allowedUpdates ? { allowed_updates: state.webhook.allowedUpdates } : {}),
  });

const commandSchema = z.array(
  z.object({
    command: z.string().regex(/^[a-z0-9_]{1,32}$/, 'command must be 1-32 characters a-z, 0-9 and _'),
    description: z.string().min(1).max(256),
  }),
).max(100);
const scopeParams = { scope: jsonParam.optional(), language_code: z.string().optional() };
const scopeKey = (scope: unknown, lang: string | undefined): string => `${JSON.stringify(scope ?? { type: 'default' })}|${lang ?? ''}`;

const setMyCommands: MethodHandler = (state, body) => {
  const p = parseParams(z.object({ commands: jsonParam, ...scopeParams }), body.params);
  if (!p.ok) return p;
  const commands = commandSchema.safeParse(p.value.commands);
  if (!commands.success) return failed(badRequest(`BOT_COMMAND_INVALID`));
  state.commands.set(scopeKey(p.value.scope, p.value.language_code), commands.data);
  return value(true);
};

const getMyCommands: MethodHandler = (state, body) => {
  const p = parseParams(z.object(scopeParams), body.params);
  if (!p.ok) return p;
  return value(state.commands.get(scopeKey(p.value.scope, p.value.language_code)) ?? []);
};

const deleteMyCommands: MethodHandler = (state, body) => {
  const p = parseParams(z.object(scopeParams), body.params);
  if (!p.ok) return p;
  state.commands.delete(scopeKey(p.value.scope, p.value.language_code));
  return value(true);
};

const answerParams = z.object({
  callback_query_id: z.string().min(1),
  text: z.string().optional(),
  show_alert: boolParam.optional(),
  url: z.string().optional(),
  cache_time: z.union([z.number(), z.string()]).optional(),
});

const answerCallbackQuery: MethodHandler = (state, body) => {
  const p = parseParams(answerParams, body.params);
  if (!p.ok) return p;
  const pending = state.callbacks.get(p.value.callback_query_id);
  if (!pending || pending.answered) return failed(badRequest('query is too old and response timeout expired or query ID is invalid'));
  if (p.value.text !== undefined && p.value.text.length > MAX_CALLBACK_ANSWER) return failed(badRequest('MESSAGE_TOO_LONG'));
  pending.answered = true;
  state.chats.emit({
    kind: 'callbackAnswer',
    answer: { callbackQueryId: p.value.callback_query_id, text: p.value.text, showAlert: p.value.show_alert ?? false, url: p.value.url },
  });
  return value(true);
};

const CHAT_ACTIONS = ['typing', 'upload_photo', 'record_video', 'upload_video', 'record_voice', 'upload_voice', 'upload_document', 'choose_sticker', 'find_location', 'record_video_note', 'upload_video_note'];

const sendChatAction: MethodHandler = (state, body) => {
  const p = parseParams(z.object({ chat_id: chatIdParam, action: z.string() }), body.params);
  if (!p.ok) return p;
  if (!CHAT_ACTIONS.includes(p.value.action)) return failed(badRequest('wrong parameter action in request'));
  state.chats.emit({ kind: 'chatAction', chatId: p.value.chat_id, action: p.value.action });
  return value(true);
};

export const botMethods: Readonly<Record<string, MethodHandler>> = {
  getme: getMe,
  setwebhook: setWebhook,
  deletewebhook: deleteWebhook,
  getwebhookinfo: getWebhookInfo,
  setmycommands: setMyCommands,
  getmycommands: getMyCommands,
  deletemycommands: deleteMyCommands,
  answercallbackquery: answerCallbackQuery,
  sendchataction: sendChatAction,
};
