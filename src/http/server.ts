/**
 * The HTTP server (fastify): GET /health, GET /metrics (Bearer API_TOKEN: it shows P&L, exposure and cash), GET
 * /openapi.json, the Kite login callback and postbacks, incoming alerts (POST /hooks/alerts/…, alertRoutes.ts) and the
 * REST API over the services (Bearer API_TOKEN). Each part is optional so the composition root can wire what the mode
 * offers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { userId } from '../core/ids';
import { err, ok, type Result } from '../core/result';
import { clip } from '../log/clip';
import type { Logger } from '../log/logger';
import type { Services } from '../services/services';
import type { User } from '../services/user';
import type { AlertsInService } from '../services/api/alertsIn';
import { registerAlertRoutes } from './alertRoutes';
import type { ApiRoute } from './apiRoute';
import { apiRoutes, type JobQueuePort } from './apiRoutes';
import { bearerMatches, UNAUTHORIZED_MESSAGE } from './auth';
import type { HealthRegistry } from './health';
import { registerKiteRoutes, type KiteRoutesOptions } from './kiteRoutes';
import type { AppMetrics } from './metrics';
import { buildOpenApi } from './openapi';

export interface RestApiOptions {
  readonly services: Services;
  /** API_TOKEN; without it every /api route answers 503 saying how to turn the API on. */
  readonly token: string | undefined;
  readonly jobs?: JobQueuePort;
  /** Who the token acts as (default: an admin called "api"). */
  readonly user?: User;
}

/** Telegram in webhook mode: the transport's handler checks method, path and the secret token header itself (403 when wrong). */
export interface TelegramWebhookRoute {
  /** The webhook URL's path, e.g. /telegram/hook. */
  readonly path: string;
  /** Reads the raw request body and answers on `res` (fastify hands the response over). */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

export interface HttpAppOptions {
  readonly health: HealthRegistry;
  readonly logger: Logger;
  readonly metrics?: AppMetrics;
  /**
   * The token GET /metrics requires (`Authorization: Bearer …`; the metrics show P&L, exposure and cash). Default:
   * the REST API's token. Without one, /metrics answers 503 saying to set API_TOKEN.
   */
  readonly metricsToken?: string;
  readonly api?: RestApiOptions;
  readonly kite?: Omit<KiteRoutesOptions, 'logger'>;
  readonly telegramWebhook?: TelegramWebhookRoute;
  /** Incoming alerts (POST /hooks/alerts/<source>[/<secret>]); absent: no such route (404). */
  readonly alerts?: Pick<AlertsInService, 'receive'>;
  /** Shown in the OpenAPI description (default 0.0.0). */
  readonly version?: string;
}

export interface HttpServerOptions extends HttpAppOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
}

export interface HttpServer {
  readonly app: FastifyInstance;
  /** The bound port (useful with port 0). */
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

const API_USER: User = { id: userId('api'), role: 'admin', name: 'REST API' };

/**
 * Request body limits, bytes (issue 16: a public request must not tie the process up). Fastify refuses a larger body
 * with 413 before parsing it. The REST API's bodies are small JSON objects (an instance to start, a backtest to
 * queue); routes without a body of their own (GET /health, /metrics …) take no more than the default. The Kite
 * postback's limit is in kiteRoutes.ts, the Telegram webhook's in the transport's handler (it reads its own body).
 */
export const BODY_LIMITS = { default: 16 * 1024, api: 64 * 1024 } as const;

function registerApi(app: FastifyInstance, routes: readonly ApiRoute[], o: RestApiOptions, log: Logger): void {
  const user = o.user ?? API_USER;
  for (const route of routes) {
    app.route({
      method: route.method,
      url: route.path,
      bodyLimit: BODY_LIMITS.api,
      handler: async (request, reply) => {
        if (o.token === undefined || o.token === '') return reply.code(503).send({ error: 'The REST API is off; set API_TOKEN and restart to turn it on.' });
        if (!bearerMatches(request.headers.authorization, o.token)) {
          log.warn({ url: clip(request.url), ip: request.ip }, 'REST API call with a missing or wrong token');
          return reply.code(401).header('www-authenticate', 'Bearer').send({ error: UNAUTHORIZED_MESSAGE });
        }
        const answer = await route.run({ params: request.params, query: request.query, body: request.body, user });
        return reply.code(answer.status).send(answer.body);
      },
    });
  }
}

/** POST <path>: the body is left unread for the handler (it parses the update after checking the secret). */
function registerTelegramWebhook(app: FastifyInstance, hook: TelegramWebhookRoute, log: Logger): void {
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
    scope.post(hook.path, async (request, reply) => {
      reply.hijack();
      try {
        await hook.handle(request.raw, reply.raw);
      } catch (e) {
        log.error({ err: e }, 'the Telegram webhook handler failed');
        if (!reply.raw.headersSent) reply.raw.writeHead(500);
        if (!reply.raw.writableEnded) reply.raw.end();
      }
    });
  });
}

export function buildHttpApp(options: HttpAppOptions): FastifyInstance {
  const log = options.logger.child({ component: 'http' });
  const app = Fastify({ logger: false, bodyLimit: BODY_LIMITS.default });
  app.get('/health', async (_request, reply) => {
    const report = await options.health.run();
    if (report.status !== 'ok') log.warn({ checks: report.checks }, 'health check failed');
    return reply.code(report.status === 'ok' ? 200 : 503).send(report);
  });
  const metrics = options.metrics;
  if (metrics) {
    const token = options.metricsToken ?? options.api?.token;
    app.get('/metrics', async (request, reply) => {
      if (token === undefined || token === '') return reply.code(503).send({ error: '/metrics needs a token: set API_TOKEN, restart, and send it as "Authorization: Bearer <API_TOKEN>".' });
      if (!bearerMatches(request.headers.authorization, token)) {
        log.warn({ ip: request.ip }, 'GET /metrics with a missing or wrong token');
        return reply.code(401).header('www-authenticate', 'Bearer').send({ error: UNAUTHORIZED_MESSAGE });
      }
      return reply.code(200).type(metrics.contentType).send(await metrics.text());
    });
  }
  const routes = options.api ? apiRoutes(options.api.services, options.api.jobs) : [];
  if (options.api) registerApi(app, routes, options.api, log);
  const openapi = buildOpenApi(routes, { version: options.version ?? '0.0.0' });
  app.get('/openapi.json', async (_request, reply) => reply.code(200).send(openapi));
  registerKiteRoutes(app, { ...options.kite, logger: options.logger });
  if (options.telegramWebhook) registerTelegramWebhook(app, options.telegramWebhook, log);
  if (options.alerts) registerAlertRoutes(app, { alerts: options.alerts, logger: options.logger });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) log.error({ err: error, url: clip(request.url) }, 'HTTP request failed');
    else log.warn({ url: clip(request.url), reason: clip(error.message, 200) }, 'HTTP request refused');
    return reply.code(status).send({ error: status >= 500 ? 'internal error; see the bot log' : `${clip(error.message, 200)}; fix the request and try again.` });
  });
  return app;
}

/** Listens, or answers an error value naming the address when the port is taken or not permitted. */
export async function startHttpServer(options: HttpServerOptions): Promise<Result<HttpServer, string>> {
  const app = buildHttpApp(options);
  try {
    await app.listen({ host: options.host, port: options.port });
  } catch (e) {
    await app.close().catch(() => undefined);
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'EADDRINUSE' ? 'the port is already in use' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    return err(`cannot listen on ${options.host}:${options.port} (${why}); set HTTP_PORT or HTTP_HOST to a free address`);
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  options.logger.child({ component: 'http' }).info({ port }, 'HTTP server listening');
  return ok({ app, port, url: `http://${host}:${port}`, close: () => app.close() });
}
