/**
 * A fake Telegram Bot API server on 127.0.0.1 (random port) for the real telegraf client:
 * `new Telegraf(fake.token, { telegram: { apiRoot: fake.apiRoot } })`. See README.md for the control API.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { z } from 'zod';
import { parseBody, readRaw, type RequestBody } from './body';
import { botMethods } from './botMethods';
import type { CallbackAnswer, StoredMessage, TelegramEvent } from './chats';
import { editMethods } from './editMethods';
import { TelegramFaults, type TelegramFaultRule } from './faults';
import { intParam, jsonParam, parseParams } from './params';
import { TelegramRateLimiter, type RateLimitOptions } from './rateLimit';
import { badRequest, conflict, notFound, serverError, unauthorized, type ApiReply, type Outcome } from './reply';
import { sendMethods } from './sendMethods';
import { TelegramState, type BotCommand, type MethodHandler, type WebhookInfo } from './state';
import type { Update } from './updates';
import { buttonPressUpdate, userMessageUpdate, type ButtonPressInput, type UserMessageInput } from './userActions';
import { postUpdate, webhookReplyCall, type WebhookDelivery } from './webhook';

export interface FakeTelegramOptions {
  /** The bot token (`<bot id>:<secret>`); requests with any other token get 401. */
  readonly token?: string;
  readonly botUsername?: string;
  /** Cap on how long getUpdates holds a request (telegraf asks for 50 s); default 1000 ms. */
  readonly maxPollMs?: number;
  /** Enforce Telegram's send limits (true = the real defaults); off by default. */
  readonly rateLimit?: boolean | RateLimitOptions;
  /** Clock for message dates and rate limits (epoch ms); defaults to Date.now. */
  readonly now?: () => number;
}

export interface LoggedCall {
  readonly method: string;
  readonly params: Record<string, unknown>;
  readonly fileFields: readonly string[];
  readonly status: number;
}

export interface FakeTelegram {
  readonly apiRoot: string;
  readonly token: string;
  readonly bot: { readonly id: number; readonly username: string };
  sendUserMessage(input: UserMessageInput): Promise<Update>;
  pressButton(input: ButtonPressInput): Promise<Update>;
  messages(chatId: number): StoredMessage[];
  callbackAnswers(): CallbackAnswer[];
  events(): readonly TelegramEvent[];
  waitFor(predicate: (e: TelegramEvent) => boolean, timeoutMs?: number): Promise<TelegramEvent>;
  /** The next message the bot sends to `chatId` (or an earlier one not yet seen by `after`). */
  waitForMessage(chatId: number, timeoutMs?: number, after?: number): Promise<StoredMessage>;
  readonly faults: { add(rule: TelegramFaultRule): void; clear(): void };
  setRateLimits(limits: false | true | RateLimitOptions): void;
  calls(method?: string): LoggedCall[];
  commands(scope?: unknown, languageCode?: string): BotCommand[];
  webhook(): WebhookInfo | null;
  webhookDeliveries(): readonly WebhookDelivery[];
  pendingUpdates(): readonly Update[];
  /** The most 'close' listeners on any open connection of the fake's (a waiting long poll holds one). */
  closeListeners(): number;
  close(): Promise<void>;
}

const METHODS: Readonly<Record<string, MethodHandler>> = { ...botMethods, ...sendMethods, ...editMethods };

const getUpdatesParams = z.object({
  offset: intParam.optional(),
  limit: intParam.optional(),
  timeout: intParam.optional(),
  allowed_updates: jsonParam.optional(),
});

function writeReply(res: ServerResponse, reply: ApiReply): void {
  if (res.destroyed || res.writableEnded) return;
  const status = reply.ok ? 200 : reply.error_code;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(reply));
}

const toReply = (o: Outcome<unknown>): ApiReply => (o.ok ? { ok: true, result: o.value } : o.error);

export async function startFakeTelegram(options: FakeTelegramOptions = {}): Promise<FakeTelegram> {
  const token = options.token ?? '123456789:AAFakeTelegramTokenForAutoPPMTests_00';
  const botId = Number(token.split(':')[0]);
  if (!Number.isSafeInteger(botId) || botId <= 0) throw new Error('fake Telegram: the token must start with the numeric bot id');
  const now = options.now ?? Date.now;
  const state = new TelegramState({ id: botId, username: options.botUsername ?? 'autoppm_fake_bot', firstName: 'AutoPPM Fake Bot' }, now);
  const maxPollMs = options.maxPollMs ?? 1000;
  const faults = new TelegramFaults();
  const log: LoggedCall[] = [];
  const deliveries: WebhookDelivery[] = [];
  const setRateLimits = (limits: boolean | RateLimitOptions): void => {
    state.limiter = limits === false ? null : new TelegramRateLimiter(limits === true ? {} : limits, now);
  };
  setRateLimits(options.rateLimit ?? false);

  async function getUpdates(body: RequestBody, req: IncomingMessage): Promise<Outcome<unknown>> {
    if (state.webhook) return { ok: false, error: conflict("can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first") };
    const p = parseParams(getUpdatesParams, body.params);
    if (!p.ok) return p;
    const limit = Math.min(100, Math.max(1, p.value.limit ?? 100));
    const allowed = Array.isArray(p.value.allowed_updates) ? p.value.allowed_updates.filter((u): u is string => typeof u === 'string') : undefined;
    const result = await state.updates.poll(
      { offset: p.value.offset ?? 0, limit, timeoutMs: Math.min(maxPollMs, Math.max(0, p.value.timeout ?? 0) * 1000), allowedUpdates: allowed },
      (cancel) => {
        req.socket.once('close', cancel);
        return () => req.socket.off('close', cancel);
      },
    );
    if (result.kind === 'conflict') return { ok: false, error: conflict('terminated by other getUpdates request; make sure that only one bot instance is running') };
    return { ok: true, value: result.kind === 'updates' ? result.updates : [] };
  }

  async function callMethod(name: string, body: RequestBody, req: IncomingMessage | null): Promise<Outcome<unknown>> {
    const key = name.toLowerCase();
    if (key === 'getupdates') return req ? getUpdates(body, req) : { ok: false, error: badRequest('getUpdates is not allowed here') };
    const handler = METHODS[key];
    if (!handler) return { ok: false, error: notFound() };
    return handler(state, body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    const raw = await readRaw(req);
    if (!m) return writeReply(res, notFound());
    const reqToken = m[1]!;
    const method = m[2]!;
    const parsed = await parseBody(raw, req.headers['content-type'] ?? '', url.searchParams);
    const params = parsed.ok ? parsed.body.params : {};
    const record = (status: number): void => {
      log.push({ method, params, fileFields: parsed.ok ? [...parsed.body.files.keys()] : [], status });
    };
    if (reqToken !== token) {
      record(401);
      return writeReply(res, unauthorized());
    }
    const fault = faults.take(method, params);
    if (fault?.kind === 'drop') {
      record(0);
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'hang') {
      record(0);
      return;
    }
    if (fault?.kind === 'raw') {
      record(fault.status);
      res.writeHead(fault.status, { 'content-type': fault.contentType ?? 'text/html' });
      res.end(fault.body ?? `<html><body><h1>${fault.status}</h1>nginx</body></html>`);
      return;
    }
    if (fault?.kind === 'error') {
      const retryAfter = fault.retryAfter ?? (fault.status === 429 ? 1 : undefined);
      const reply: ApiReply = {
        ok: false,
        error_code: fault.status,
        description: fault.description ?? (fault.status === 429 ? `Too Many Requests: retry after ${retryAfter}` : 'Internal Server Error'),
        ...(retryAfter !== undefined ? { parameters: { retry_after: retryAfter } } : {}),
      };
      record(fault.status);
      return writeReply(res, reply);
    }
    const outcome: Outcome<unknown> = parsed.ok ? await callMethod(method, parsed.body, req) : { ok: false, error: badRequest(parsed.error) };
    const reply = toReply(outcome);
    record(reply.ok ? 200 : reply.error_code);
    writeReply(res, reply);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      // A bug in the fake: answer 500 so the test sees it rather than hanging.
      writeReply(res, serverError(500, `fake Telegram bug: ${e instanceof Error ? e.message : String(e)}`));
    });
  });
  const connections = new Set<Socket>();
  server.on('connection', (socket) => {
    connections.add(socket);
    socket.once('close', () => connections.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  async function deliver(body: Record<string, unknown>): Promise<Update> {
    const hook = state.webhook;
    if (!hook) return state.updates.push(body);
    const update: Update = { update_id: state.updates.allocateId(), ...body };
    const answer = await postUpdate(hook.url, update, hook.secretToken);
    const call = webhookReplyCall(answer);
    deliveries.push({ updateId: update.update_id, status: answer.status, ...(call ? { replyMethod: call.method } : {}) });
    if (call) await callMethod(call.method, { params: call.params, files: new Map() }, null);
    return update;
  }

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    token,
    bot: { id: state.bot.id, username: state.bot.username },
    sendUserMessage: async (input) => deliver(userMessageUpdate(state, input)),
    pressButton: async (input) => deliver(buttonPressUpdate(state, input)),
    messages: (chatId) => state.chats.list(chatId),
    callbackAnswers: () => state.chats.history().flatMap((e) => (e.kind === 'callbackAnswer' ? [e.answer] : [])),
    events: () => state.chats.history(),
    waitFor: (predicate, timeoutMs = 5000) => state.chats.waitFor(predicate, timeoutMs),
    async waitForMessage(chatId, timeoutMs = 5000, after = 0) {
      const e = await state.chats.waitFor((ev) => ev.kind === 'message' && ev.message.chatId === chatId && ev.message.messageId > after, timeoutMs);
      if (e.kind !== 'message') throw new Error('fake Telegram: unexpected event kind');
      return e.message;
    },
    faults: { add: (rule) => faults.add(rule), clear: () => faults.clear() },
    setRateLimits,
    calls: (method) => (method === undefined ? [...log] : log.filter((c) => c.method.toLowerCase() === method.toLowerCase())),
    commands: (scope, languageCode) => state.commands.get(`${JSON.stringify(scope ?? { type: 'default' })}|${languageCode ?? ''}`) ?? [],
    webhook: () => state.webhook,
    webhookDeliveries: () => deliveries,
    pendingUpdates: () => state.updates.pending(),
    closeListeners: () => Math.max(0, ...[...connections].map((c) => c.listenerCount('close'))),
    async close() {
      state.updates.release();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
