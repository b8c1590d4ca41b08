/**
 * POST /hooks/alerts/<source>[/<secret>] over real HTTP (a listening fastify on 127.0.0.1) into the real alert
 * service on the paper order stack: the secret in the body, the path or the X-Alert-Secret header; TradingView's
 * text/plain, JSON, no content type; 401 for an unknown source and a wrong secret alike with only the IP and a count
 * logged; 413 over 64 KB before anything is read (and the URL, which may hold the secret, never logged); 400 with the
 * reason; 429 with Retry-After; a repeat answered 200 placing nothing; no route without ALERT_SOURCES.
 */
import { request } from 'node:http';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { SimulatedClock } from '../../src/core/clock';
import { err, ok } from '../../src/core/result';
import { HealthRegistry } from '../../src/http/health';
import { buildHttpApp } from '../../src/http/server';
import { createLogger, SecretScrubber } from '../../src/log';
import { MemoryAlertInbox } from '../../src/core/ports/alertInbox';
import { alertsInService } from '../../src/services/engine/alertsIn/alertsInService';
import { paperBroker, pipelineOn, type Stack } from '../support/brokers/pipelineStack';
import { listen, type Call, type HttpAnswer } from './httpClient';

const T0 = Date.parse('2025-01-08T05:30:00Z');
const SECRET = 'tv-secret-0123456789';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function serve(o: { perMinute?: number; alerts?: boolean } = {}) {
  const clock = new SimulatedClock(T0);
  const broker = await paperBroker(clock, ['INFY', 'TCS']);
  const stack: Stack = pipelineOn(broker, clock, { prices: new Map([['INFY', 1500], ['TCS', 3500]]) });
  const lines: string[] = [];
  const out = new Writable({ write: (chunk, _enc, done) => void (lines.push(String(chunk)), done()) });
  const logger = createLogger({ level: 'info', format: 'json', scrubber: new SecretScrubber(), destination: out });
  const alerts = alertsInService({
    sources: [{ name: 'tv', secret: SECRET, product: 'CNC', sizing: { kind: 'qty', quantity: 1 }, approval: { kind: 'always' }, symbols: [], action: 'buy' }],
    perMinute: o.perMinute ?? 30,
    duplicateWindowMs: 600_000,
    inbox: new MemoryAlertInbox(),
    orders: stack.pipeline,
    order: async (id) => stack.pipeline.get(id),
    market: { price: async (s) => (s === 'INFY' ? ok(1500) : err('no price')), equity: () => 1e7, position: () => 0, lotSize: () => 1, tickSize: () => 0.05 },
    clock,
    emit: (e) => stack.events.emit(e),
  });
  app = buildHttpApp({ health: new HealthRegistry(), logger, ...(o.alerts === false ? {} : { alerts }) });
  const http = await listen(app);
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { http, port, stack, lines, logs: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.route === 'alerts') };
}

const tv = (over: Record<string, unknown> = {}) => JSON.stringify({ secret: SECRET, symbol: 'NSE:INFY', action: 'buy', qty: 2, price: '1500.10', id: `t-${Math.random()}`, ...over });
const post = (url: string, payload: string, headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8' }): Call => ({ method: 'POST', url, payload, headers });
/** A POST with no Content-Type header at all (fetch always adds one for a text body); resolves with the status. */
function rawPost(port: number, path: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers: { 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}
const orderIds = (r: HttpAnswer): string[] => r.json<{ orders: { order?: string }[] }>().orders.flatMap((x) => (x.order ? [x.order] : []));

describe('POST /hooks/alerts/:source', () => {
  it('TradingView JSON (text/plain, as TradingView sends it) with the secret in the body → 200, the order waits for approval', async () => {
    const s = await serve();
    const r = await s.http(post('/hooks/alerts/tv', tv()));
    expect(r.statusCode).toBe(200);
    const body = r.json<{ ok: boolean; alert: string; orders: unknown[] }>();
    expect(body).toEqual({ ok: true, alert: expect.any(String), orders: [{ symbol: 'INFY', action: 'buy', side: 'BUY', quantity: 2, order: expect.any(String), status: 'PENDING_APPROVAL' }] });
    const order = s.stack.pipeline.get(orderIds(r)[0] as never);
    expect(order?.intent).toMatchObject({ source: { kind: 'alert', source: 'tv' }, symbol: 'INFY', quantity: 2, reason: 'TradingView: BUY INFY 2' });
    expect(JSON.stringify(s.lines)).not.toContain(SECRET);
  });

  it('the secret in the path (a text line), in the header, as application/json, and with no content type at all', async () => {
    const s = await serve();
    expect((await s.http(post(`/hooks/alerts/tv/${SECRET}`, 'BUY INFY 3'))).statusCode).toBe(200);
    expect((await s.http(post('/hooks/alerts/tv', 'BUY INFY 4', { 'content-type': 'text/plain', 'x-alert-secret': SECRET }))).statusCode).toBe(200);
    expect((await s.http(post('/hooks/alerts/tv', tv({ qty: 5 }), { 'content-type': 'application/json' }))).statusCode).toBe(200);
    expect(await rawPost(s.port, '/hooks/alerts/tv', tv({ qty: 6 }))).toBe(200);
    expect(s.stack.pipeline.openOrders().map((o) => o.intent.quantity).sort()).toEqual([3, 4, 5, 6]);
    expect(JSON.stringify(s.lines)).not.toContain(SECRET);
  });

  it('401 for a wrong secret and an unknown source alike; only the IP and a running count are logged; nothing placed', async () => {
    const s = await serve();
    const wrongBody = await s.http(post('/hooks/alerts/tv', tv({ secret: 'guess-0123456789abcd' })));
    const wrongPath = await s.http(post('/hooks/alerts/tv/guess-0123456789abcd', 'BUY INFY 1'));
    const unknown = await s.http(post(`/hooks/alerts/nosuch/${SECRET}`, 'BUY INFY 1'));
    const none = await s.http(post('/hooks/alerts/tv', 'BUY INFY 1'));
    for (const r of [wrongBody, wrongPath, unknown, none]) {
      expect(r.statusCode).toBe(401);
      expect(r.body).toBe(wrongBody.body);
    }
    expect(wrongBody.json()).toEqual({ error: 'Unknown alert source or wrong secret; use the URL and secret your AutoPPM admin configured (ALERT_SOURCES).' });
    const logged = s.logs().map(({ ip, refused, msg }) => ({ ip, refused, msg }));
    expect(logged).toEqual([1, 2, 3, 4].map((n) => ({ ip: '127.0.0.1', refused: n, msg: 'alert refused: unknown source or wrong secret' })));
    expect(s.lines.join('')).not.toMatch(/guess|nosuch|BUY INFY/);
    expect(s.stack.pipeline.openOrders()).toEqual([]);
  });

  it('413 for a body over 64 KB, refused before it is read; the URL (with its secret) is not logged; nothing placed', async () => {
    const s = await serve();
    const big = `BUY INFY 1 ${'x'.repeat(64 * 1024)}`;
    const r = await s.http(post(`/hooks/alerts/tv/${SECRET}`, big));
    expect(r.statusCode).toBe(413);
    expect(r.json()).toEqual({ error: 'The alert is over 64 KB; send one alert of at most 64 KB.' });
    expect(s.logs()).toEqual([expect.objectContaining({ ip: '127.0.0.1', status: 413, msg: 'alert hook request refused' })]);
    expect(s.lines.join('')).not.toContain(SECRET);
    expect(s.stack.pipeline.openOrders()).toEqual([]);
    // just under the limit is read (and refused as a payload: one line of at most 300 characters)
    const under = await s.http(post(`/hooks/alerts/tv/${SECRET}`, `BUY INFY 1 ${'x'.repeat(60 * 1024)}`));
    expect(under.statusCode).toBe(400);
  });

  it('400 with the reason for a malformed payload; nothing placed', async () => {
    const s = await serve();
    const bad = await s.http(post('/hooks/alerts/tv', tv({ price: '{{close}}' })));
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ error: 'The alert is not understood: price: expected a number, got "{{close}}".' });
    const notJson = await s.http(post(`/hooks/alerts/tv/${SECRET}`, '{"symbol": "INFY", "action": "buy",'));
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json<{ error: string }>().error).toMatch(/^The alert is not valid JSON/);
    expect(s.stack.pipeline.openOrders()).toEqual([]);
  });

  it('429 beyond the source rate, with Retry-After; a repeat answers 200 and places nothing', async () => {
    const s = await serve({ perMinute: 2 });
    const body = tv({ id: 'same-id' });
    const first = await s.http(post('/hooks/alerts/tv', body));
    const again = await s.http(post('/hooks/alerts/tv', body));
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ ok: true, duplicate: true, alert: expect.any(String), repeatOf: first.json<{ alert: string }>().alert, message: `A repeat of alert ${first.json<{ alert: string }>().alert}; nothing was placed again.` });
    const limited = await s.http(post('/hooks/alerts/tv', tv()));
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('60');
    expect(limited.json()).toEqual({ error: 'Alert source tv sent more than 2 alerts in a minute; the rest are refused (429) until the minute has passed.' });
    expect(s.stack.pipeline.openOrders()).toHaveLength(1);
  });

  it('without ALERT_SOURCES there is no alert route (404)', async () => {
    const s = await serve({ alerts: false });
    expect((await s.http(post(`/hooks/alerts/tv/${SECRET}`, 'BUY INFY 1'))).statusCode).toBe(404);
  });
});
