/**
 * Incoming alerts (issue 19): `POST /hooks/alerts/<source>` and `POST /hooks/alerts/<source>/<secret>` — TradingView
 * cannot set headers, so the secret may be in the path or in the JSON body (or the `X-Alert-Secret` header). The body
 * is read as text whatever its content type (TradingView sends text/plain unless the message is JSON) and handed to
 * the alert service, which checks the secret in constant time, the source's rate, the payload and repeats.
 *
 * Answers: 200 (the orders made or refused, or a repeat that placed nothing), 400 (the payload's problem), 401 (an
 * unknown source or a wrong secret — the same answer for both; only the caller's IP and a running count are logged),
 * 413 (a body over 64 KB, refused before it is read), 429 (the source's rate, with Retry-After). The URL is never
 * logged: it may hold the secret.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { clip } from '../log/clip';
import type { Logger } from '../log/logger';
import type { AlertReceipt, AlertsInService, AlertView } from '../services/api/alertsIn';

/** Largest alert body, bytes (issue 19): a TradingView message is a few hundred bytes, a ChartInk scan a few KB. */
export const ALERT_BODY_LIMIT = 64 * 1024;
export const SECRET_HEADER = 'x-alert-secret';

export interface AlertRoutesOptions {
  readonly alerts: Pick<AlertsInService, 'receive'>;
  readonly logger: Logger;
}

const UNAUTHORIZED = 'Unknown alert source or wrong secret; use the URL and secret your AutoPPM admin configured (ALERT_SOURCES).';

function orders(a: AlertView) {
  return a.orders.map((x) => ({ symbol: x.symbol, action: x.action, ...(x.side ? { side: x.side, quantity: x.quantity } : {}), ...(x.orderId ? { order: x.orderId, status: x.status } : {}), ...(x.refused ? { refused: x.refused } : {}) }));
}

export function registerAlertRoutes(app: FastifyInstance, o: AlertRoutesOptions): void {
  const log = o.logger.child({ component: 'http', route: 'alerts' });
  let unauthorized = 0;

  const answer = (reply: FastifyReply, r: AlertReceipt, ip: string, source: string) => {
    switch (r.kind) {
      case 'unauthorized':
        unauthorized++;
        log.warn({ ip, refused: unauthorized }, 'alert refused: unknown source or wrong secret');
        return reply.code(401).send({ error: UNAUTHORIZED });
      case 'rate-limited':
        return reply.code(429).header('retry-after', String(r.retryAfterSeconds)).send({ error: r.message });
      case 'invalid':
        log.warn({ source, reason: clip(r.reason, 200) }, 'alert refused: not understood');
        return reply.code(400).send({ error: r.reason });
      case 'duplicate':
        log.info({ source, alert: r.alert.id, repeatOf: r.alert.repeatOf }, 'alert repeated; nothing placed');
        return reply.code(200).send({ ok: true, duplicate: true, alert: r.alert.id, repeatOf: r.alert.repeatOf, message: `A repeat of alert ${r.alert.repeatOf}; nothing was placed again.` });
      case 'accepted':
        log.info({ source, alert: r.alert.id, orders: r.alert.orders.map((x) => x.orderId ?? 'refused') }, 'alert received');
        return reply.code(200).send({ ok: true, alert: r.alert.id, orders: orders(r.alert) });
    }
  };

  void app.register(async (scope) => {
    // The body as text whatever its type (TradingView: text/plain or application/json), capped before it is read.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: ALERT_BODY_LIMIT }, (_request, body, done) => done(null, body));
    scope.setErrorHandler((error: FastifyError, request, reply) => {
      const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
      if (status >= 500) log.error({ err: error, ip: request.ip }, 'alert hook failed');
      else log.warn({ ip: request.ip, status }, 'alert hook request refused');
      const message = status === 413 ? `The alert is over ${ALERT_BODY_LIMIT / 1024} KB; send one alert of at most ${ALERT_BODY_LIMIT / 1024} KB.` : status >= 500 ? 'internal error; see the bot log' : `${clip(error.message, 200)}; fix the request and try again.`;
      return reply.code(status).send({ error: message });
    });
    const handle = async (request: FastifyRequest, reply: FastifyReply) => {
      const params = request.params as { source?: string; secret?: string };
      const header = request.headers[SECRET_HEADER];
      const secret = params.secret ?? (typeof header === 'string' ? header : undefined);
      const source = clip(params.source ?? '', 40);
      const r = await o.alerts.receive({ source, body: typeof request.body === 'string' ? request.body : '', ...(secret !== undefined ? { secret } : {}) });
      return answer(reply, r, request.ip, source);
    };
    scope.post('/hooks/alerts/:source', { bodyLimit: ALERT_BODY_LIMIT }, handle);
    scope.post('/hooks/alerts/:source/:secret', { bodyLimit: ALERT_BODY_LIMIT }, handle);
  });
}
