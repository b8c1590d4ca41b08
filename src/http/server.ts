/** The HTTP server (fastify): GET /health now; metrics, the Kite login callback and the REST API come later. */
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { err, ok, type Result } from '../core/result';
import type { Logger } from '../log/logger';
import type { HealthRegistry } from './health';

export interface HttpServerOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly health: HealthRegistry;
  readonly logger: Logger;
}

export interface HttpServer {
  readonly app: FastifyInstance;
  /** The bound port (useful with port 0). */
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

export function buildHttpApp(options: Pick<HttpServerOptions, 'health' | 'logger'>): FastifyInstance {
  const log = options.logger.child({ component: 'http' });
  const app = Fastify({ logger: false });
  app.get('/health', async (_request, reply) => {
    const report = await options.health.run();
    if (report.status !== 'ok') log.warn({ checks: report.checks }, 'health check failed');
    return reply.code(report.status === 'ok' ? 200 : 503).send(report);
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    log.error({ err: error, url: request.url }, 'HTTP request failed');
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500;
    return reply.code(status).send({ error: status >= 500 ? 'internal error; see the bot log' : error.message });
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
