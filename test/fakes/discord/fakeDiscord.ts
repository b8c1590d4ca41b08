/**
 * A fake Discord (REST under /api/v10 + gateway over ws) on 127.0.0.1 (random port) for the real discord.js:
 * `new WebhookClient({ url: hook.url }, { rest: { api: fake.api } })` and
 * `new Client({ intents, rest: { api: fake.api }, waitGuildTimeout: 0 })` + `login(fake.botToken)`. See README.md.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { parseBody, readRaw } from './body';
import { apiError, notFound, rateLimited, unauthorized, type DiscordReply } from './errors';
import { DiscordFaults, type DiscordFaultRule, type Outage } from './faults';
import { FakeGateway, type IdentifyRecord } from './gateway';
import { Snowflakes, webhookToken } from './ids';
import { buttonClick, type ClickInput } from './interactions';
import type { Identity } from './objects';
import { BucketLimiter, type DiscordRateLimitOptions } from './rateLimit';
import { matchRoute, type RouteDeps } from './routes';
import { DiscordStore, type Channel, type DiscordEvent, type InteractionCallback, type StoredMessage, type Webhook } from './store';

export interface FakeDiscordOptions {
  readonly botToken?: string;
  /** HELLO's heartbeat_interval; default 41250 ms like Discord. */
  readonly heartbeatIntervalMs?: number;
  readonly rateLimit?: DiscordRateLimitOptions;
  readonly now?: () => number;
}

export interface LoggedRequest {
  readonly method: string;
  readonly path: string;
  /** Route template, e.g. `/webhooks/:id/:token`; '' when nothing matched. */
  readonly route: string;
  readonly status: number;
}

export interface FakeDiscord {
  readonly api: string;
  readonly gatewayUrl: string;
  readonly botToken: string;
  readonly applicationId: string;
  readonly botUserId: string;
  readonly guildId: string;
  createWebhook(options?: { name?: string; channelId?: string }): Webhook;
  createChannel(options?: { kind?: 'guildText' | 'dm'; name?: string; recipientId?: string }): Channel;
  messages(channelId: string): StoredMessage[];
  interactionCallbacks(): InteractionCallback[];
  events(): readonly DiscordEvent[];
  waitFor(predicate: (e: DiscordEvent) => boolean, timeoutMs?: number): Promise<DiscordEvent>;
  /** Sends INTERACTION_CREATE for a button click to every connected bot; returns the interaction id and token. */
  clickButton(input: ClickInput): { interactionId: string; token: string };
  readonly faults: { add(rule: DiscordFaultRule): void; clear(): void };
  /** 'fail' answers every REST request 503, 'hang' never answers; false ends the outage. */
  setOutage(mode: Outage): void;
  setRateLimits(options: DiscordRateLimitOptions): void;
  requests(): readonly LoggedRequest[];
  readonly gateway: {
    connectionCount(): number;
    dropConnections(code?: number): void;
    identifies(): readonly IdentifyRecord[];
    heartbeats(): number;
  };
  close(): Promise<void>;
}

function write(res: ServerResponse, reply: DiscordReply, extraHeaders: Record<string, string>): void {
  if (res.destroyed || res.writableEnded) return;
  const headers: Record<string, string> = { ...extraHeaders, ...(reply.headers ?? {}) };
  if (reply.body === undefined) {
    res.writeHead(reply.status, headers);
    res.end();
    return;
  }
  res.writeHead(reply.status, { ...headers, 'content-type': 'application/json' });
  res.end(JSON.stringify(reply.body));
}

export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const now = options.now ?? Date.now;
  const ids = new Snowflakes(now);
  const botToken = options.botToken ?? 'MTAwMDAwMDAwMDAwMDAwMDAw.FakeBt.AutoPPM-fake-discord-bot-token-000000';
  const store = new DiscordStore(ids, now);
  const faults = new DiscordFaults();
  const limiter = new BucketLimiter(options.rateLimit ?? {}, now);
  const log: LoggedRequest[] = [];
  const hanging = new Set<ServerResponse>();
  let port = 0;
  const me: Identity = { botUserId: ids.next(), applicationId: ids.next(), botName: 'AutoPPM Fake Bot', guildId: ids.next(), get apiBase() { return `http://127.0.0.1:${port}/api`; } };
  const gatewayUrl = (): string => `ws://127.0.0.1:${port}`;
  const deps: RouteDeps = { store, me, gatewayUrl };
  const gateway = new FakeGateway({ token: botToken, me, heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250, url: gatewayUrl, channels: () => [...store.channels.values()] });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readRaw(req);
    const method = (req.method ?? 'GET').toUpperCase();
    const m = /^\/api\/v(\d+)(\/.*)$/.exec(url.pathname);
    const path = m?.[2] ?? url.pathname;
    const found = m && m[1] === '10' ? matchRoute(method, path) : null;
    const route = found?.route.path ?? '';
    const record = (status: number): void => void log.push({ method, path, route, status });
    const fault = faults.take(method, route);
    if (fault?.kind === 'hang') {
      record(0);
      hanging.add(res);
      return;
    }
    if (fault?.kind === 'drop') {
      record(0);
      req.socket.destroy();
      return;
    }
    const bucketKey = `${method} ${route || path} ${found?.params.channelId ?? found?.params.id ?? found?.params.interactionId ?? ''}`;
    if (fault?.kind === 'rateLimit') {
      record(429);
      return write(res, rateLimited(fault.retryAfter, fault.global ?? false, 'fault'), {});
    }
    if (fault?.kind === 'error') {
      record(fault.status);
      return write(res, apiError(fault.status, 0, `${fault.status}: injected fault`), {});
    }
    if (!found) {
      record(404);
      return write(res, notFound(), {});
    }
    if (found.route.auth && req.headers.authorization !== `Bot ${botToken}`) {
      record(401);
      return write(res, unauthorized(), {});
    }
    const decision = limiter.take(bucketKey);
    if (!decision.allowed) {
      record(429);
      return write(res, rateLimited(Number(decision.retryAfter.toFixed(3)), false, decision.hash), {});
    }
    const body = await parseBody(raw, req.headers['content-type'] ?? '');
    const reply = body.ok
      ? found.route.handle({ params: found.params, query: url.searchParams, json: body.json, files: body.files }, deps)
      : apiError(400, 50109, 'The request body contains invalid JSON.');
    record(reply.status);
    write(res, reply, decision.headers);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => write(res, apiError(500, 0, `fake Discord bug: ${e instanceof Error ? e.message : String(e)}`), {}));
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    gateway.wss.handleUpgrade(req, socket, head, (ws) => gateway.wss.emit('connection', ws, req));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;

  const createChannel: FakeDiscord['createChannel'] = (o = {}) => {
    const kind = o.kind ?? 'guildText';
    const id = ids.next();
    const channel: Channel = kind === 'dm' ? { id, kind, name: '', recipientId: o.recipientId ?? ids.next() } : { id, kind, name: o.name ?? `alerts-${store.channels.size + 1}`, guildId: me.guildId };
    store.channels.set(id, channel);
    return channel;
  };

  return {
    api: `http://127.0.0.1:${port}/api`,
    gatewayUrl: gatewayUrl(),
    botToken,
    applicationId: me.applicationId,
    botUserId: me.botUserId,
    guildId: me.guildId,
    createWebhook(o = {}) {
      const channelId = o.channelId ?? createChannel({}).id;
      const id = ids.next();
      const token = webhookToken();
      const hook: Webhook = { id, token, channelId, name: o.name ?? 'AutoPPM alerts', url: `https://discord.com/api/webhooks/${id}/${token}` };
      store.webhooks.set(id, hook);
      return hook;
    },
    createChannel,
    messages: (channelId) => store.inChannel(channelId),
    interactionCallbacks: () => store.history().flatMap((e) => (e.kind === 'interactionCallback' ? [e.callback] : [])),
    events: () => store.history(),
    waitFor: (predicate, timeoutMs = 5000) => store.waitFor(predicate, timeoutMs),
    clickButton(input) {
      const { interaction, payload } = buttonClick(store, ids, me, input);
      if (gateway.dispatch('INTERACTION_CREATE', payload) === 0) throw new Error('fake Discord: no bot is connected to the gateway to receive the click');
      return { interactionId: interaction.id, token: interaction.token };
    },
    faults: { add: (rule) => faults.add(rule), clear: () => faults.clear() },
    setOutage(mode) {
      faults.outage = mode;
      if (mode === false) for (const res of hanging) res.destroy();
    },
    setRateLimits: (o) => limiter.configure(o),
    requests: () => log,
    gateway: {
      connectionCount: () => gateway.connectionCount(),
      dropConnections: (code) => gateway.dropConnections(code),
      identifies: () => gateway.identifies,
      heartbeats: () => gateway.heartbeats,
    },
    async close() {
      for (const res of hanging) res.destroy();
      await gateway.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
