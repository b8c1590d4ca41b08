import type { FastifyInstance } from 'fastify';
import { clientOrderId } from '../../src/core/ids';
import { err, ok } from '../../src/core/result';
import { HealthRegistry } from '../../src/http/health';
import { buildHttpApp } from '../../src/http/server';
import type { JobQueuePort } from '../../src/http/apiRoutes';
import type { JobRun } from '../../src/jobs/jobRuns';
import { ResearchQueue } from '../../src/jobs/researchQueue';
import { createLogger, SecretScrubber } from '../../src/log';
import { listen, type Call, type HttpAnswer } from './httpClient';
import type { Services } from '../../src/services/services';
import { engineFixture, type EngineFixture } from '../commands/support/engineServices';

const logger = createLogger({ level: 'silent', format: 'json', scrubber: new SecretScrubber() });
const TOKEN = 's3cret-token-value';
const auth = { authorization: `Bearer ${TOKEN}` };

class TestJobs implements JobQueuePort {
  readonly queued: Array<[string, unknown]> = [];
  names = () => ['backtest', 'end-of-day-summary'];
  async enqueue(name: string, data: unknown) {
    this.queued.push([name, data]);
    return ok(`job-${this.queued.length}`);
  }
  async runNow(name: string) {
    if (!this.names().includes(name)) return err(`There is no job called "${name}"; known jobs: ${this.names().join(', ')}.`);
    const run: JobRun = { jobId: 'j9', name, status: 'done', note: 'summary sent', attempt: 1, worker: 'w', startedAt: 1, finishedAt: 2 };
    return ok(run);
  }
  async history() {
    return [];
  }
  async status() {
    return { state: 'unknown' as const };
  }
}

let app: FastifyInstance;
/** The services over the real engines (paper broker, order pipeline, approvals, strategies): the tests' one services layer. */
let fx: EngineFixture;
let services: Services;
let jobs: TestJobs;
let http: (c: Call) => Promise<HttpAnswer>;
beforeEach(async () => {
  fx = await engineFixture();
  jobs = new TestJobs();
  // Backtests are queued through the research service, as chat queues them.
  const research = new ResearchQueue();
  research.bind(jobs);
  app = buildHttpApp({ health: new HealthRegistry(), logger, api: { services: (services = { ...fx.services, research }), token: TOKEN, jobs }, version: '1.2.3' });
  http = await listen(app);
});
afterEach(async () => {
  await app.close();
});

describe('REST API', () => {
  test('a missing or wrong token is a 401 JSON error; the right one passes', async () => {
    for (const headers of [{} as Record<string, string>, { authorization: 'Bearer wrong' }, { authorization: `Bearer ${TOKEN}x` }, { authorization: TOKEN }, { authorization: `Basic ${TOKEN}` }]) {
      const r = await http({ method: 'GET', url: '/api/v1/status', headers });
      expect(r.statusCode).toBe(401);
      expect(r.headers['www-authenticate']).toBe('Bearer');
      expect(r.json()).toEqual({ error: 'Missing or wrong API token; send the header "Authorization: Bearer <API_TOKEN>".' });
    }
    await fx.submit({});
    const r = await http({ method: 'GET', url: '/api/v1/status', headers: auth });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ mode: 'paper', tradingState: 'ACTIVE', pendingApprovals: 1 });
  });

  test('without API_TOKEN the API is off and says how to turn it on', async () => {
    const off = buildHttpApp({ health: new HealthRegistry(), logger, api: { services, token: undefined } });
    const r = await (await listen(off))({ method: 'GET', url: '/api/v1/status', headers: auth });
    expect(r.statusCode).toBe(503);
    expect(r.json()).toEqual({ error: 'The REST API is off; set API_TOKEN and restart to turn it on.' });
    await off.close();
  });

  test('instances: start validates the body (400 naming the field), then starts; stop', async () => {
    const bad = await http({ method: 'POST', url: '/api/v1/instances', headers: auth, payload: { strategy: 'sma-cross', symbols: [] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatch(/^Invalid request: body\.symbols: .+; see \/openapi\.json for the expected shape\.$/);
    const badCapital = await http({ method: 'POST', url: '/api/v1/instances', headers: auth, payload: { strategy: 'sma-cross', symbols: ['NSE:INFY'], capital: { share: 2 } } });
    expect(badCapital.statusCode).toBe(400);

    const started = await http({ method: 'POST', url: '/api/v1/instances', headers: auth, payload: { strategy: 'sma-cross', symbols: ['NSE:INFY'], params: { fast: '10' }, capital: { rupees: 50000 } } });
    expect(started.statusCode).toBe(201);
    const view = started.json<{ id: string; symbols: string[]; capital: number }>();
    expect(view).toMatchObject({ strategy: 'sma-cross', status: 'running', symbols: ['INFY'], capital: 50000 }); // normalised as chat does
    expect((await http({ method: 'GET', url: '/api/v1/instances', headers: auth })).json()).toHaveLength(1);
    const stopped = await http({ method: 'POST', url: `/api/v1/instances/${view.id}/stop`, headers: auth });
    expect(stopped.json()).toMatchObject({ id: view.id, status: 'stopped' });
    const missing = await http({ method: 'POST', url: '/api/v1/instances/i-9/stop', headers: auth });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().error).toMatch(/\bi-9\b/);
  });

  test('approvals: list, approve as the API user (the order goes to the broker), unknown id refused; reject', async () => {
    const id = await fx.submit({ quantity: 10, price: 1500 });
    const list = await http({ method: 'GET', url: '/api/v1/approvals', headers: auth });
    expect(list.json()).toEqual([expect.objectContaining({ id, symbol: 'INFY', value: 15000 })]);
    const yes = await http({ method: 'POST', url: `/api/v1/approvals/${id}/approve`, headers: auth });
    expect([yes.statusCode, yes.json()]).toEqual([200, { id, status: 'APPROVED', by: 'REST API' }]);
    await fx.settle();
    expect((await fx.oms.get(clientOrderId(id)))?.status).not.toBe('PENDING_APPROVAL');
    const unknown = await http({ method: 'POST', url: '/api/v1/approvals/ap-404/approve', headers: auth });
    expect([unknown.statusCode, unknown.json()]).toEqual([422, { error: 'There is no approval or order ap-404; /pending lists what waits for approval.' }]);
    const other = await fx.submit({ quantity: 5, price: 1500 });
    const no = await http({ method: 'POST', url: `/api/v1/approvals/${other}/reject`, headers: auth });
    expect(no.json()).toEqual({ id: other, status: 'CANCELLED', by: 'REST API' });
    expect((await fx.oms.get(clientOrderId(other)))?.status).toBe('CANCELLED');
  });

  test('orders with a validated filter, one order or 404; strategies; risk; a missing group is 501', async () => {
    const id = await fx.submit({});
    const today = await http({ method: 'GET', url: '/api/v1/orders?filter=today', headers: auth });
    expect(today.statusCode).toBe(200);
    expect(today.json<{ id: string }[]>().map((o) => o.id)).toContain(id);
    const badFilter = await http({ method: 'GET', url: '/api/v1/orders?filter=yesterday', headers: auth });
    expect(badFilter.statusCode).toBe(400);
    expect(badFilter.json().error).toMatch(/^Invalid request: query\.filter: /);
    expect((await http({ method: 'GET', url: `/api/v1/orders/${id}`, headers: auth })).json()).toMatchObject({ id, price: 1500 });
    expect((await http({ method: 'GET', url: '/api/v1/orders/zz99zz99', headers: auth })).statusCode).toBe(404);
    const nope = await http({ method: 'GET', url: '/api/v1/strategies/nope', headers: auth });
    expect([nope.statusCode, nope.json().error]).toEqual([404, expect.stringContaining('nope')]);
    const portfolio = await http({ method: 'GET', url: '/api/v1/portfolio', headers: auth });
    expect(portfolio.statusCode).toBe(200);
    expect(portfolio.json()).toHaveProperty('summary');
    // The risk report over the paper book: nothing is held (the order waits for approval), so no VaR lines.
    const risk = await http({ method: 'GET', url: '/api/v1/risk', headers: auth });
    expect(risk.statusCode).toBe(200);
    expect(risk.json()).toMatchObject({ equity: 1_000_000, grossExposure: 0, netExposure: 0, var: [] });
    // A build without the group: the route says what is missing.
    const { risk: _absent, ...withoutRisk } = services;
    const bare = buildHttpApp({ health: new HealthRegistry(), logger, api: { services: withoutRisk, token: TOKEN } });
    try {
      const missing = await (await listen(bare))({ method: 'GET', url: '/api/v1/risk', headers: auth });
      expect([missing.statusCode, missing.json()]).toEqual([501, { error: 'This bot has no risk service in this mode; start it with the configuration that enables it.' }]);
    } finally {
      await bare.close();
    }
  });

  test('backtests are queued as jobs through the research service chat uses (202 with the job id); jobs can be run now', async () => {
    const r = await http({ method: 'POST', url: '/api/v1/backtests', headers: auth, payload: { request: { strategy: 'sma-cross', symbols: ['NSE:INFY'], from: '2024-01-01', interval: 'day' } } });
    expect(r.statusCode).toBe(202);
    expect(r.json()).toEqual({ jobId: 'job-1' });
    expect(jobs.queued).toEqual([['backtest', { request: { strategy: 'sma-cross', symbols: ['INFY'], from: '2024-01-01', interval: 'day', params: {} } }]]);
    const badDate = await http({ method: 'POST', url: '/api/v1/backtests', headers: auth, payload: { request: { strategy: 'x', symbols: ['NSE:INFY'], from: '1 Jan' } } });
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().error).toBe('Invalid request: body.request.from: use YYYY-MM-DD; see /openapi.json for the expected shape.');
    const run = await http({ method: 'POST', url: '/api/v1/jobs/end-of-day-summary/run', headers: auth });
    expect(run.json()).toMatchObject({ name: 'end-of-day-summary', status: 'done', note: 'summary sent' });
    expect((await http({ method: 'POST', url: '/api/v1/jobs/nope/run', headers: auth })).statusCode).toBe(422);
  });

  test('malformed JSON is a 400 with a sentence, not a stack', async () => {
    const r = await http({ method: 'POST', url: '/api/v1/instances', headers: { ...auth, 'content-type': 'application/json' }, payload: '{"strategy":' });
    expect(r.statusCode).toBe(400);
    expect(r.json().error).toMatch(/; fix the request and try again\.$/);
    expect(r.body).not.toMatch(/at .*\.js/);
  });

  test('GET /openapi.json describes every route with its schemas', async () => {
    const r = await http({ method: 'GET', url: '/openapi.json' });
    expect(r.statusCode).toBe(200);
    interface Op {
      requestBody: { content: Record<string, { schema: unknown }> };
      responses: Record<string, unknown>;
      parameters: unknown[];
    }
    const doc = r.json<{ components: { securitySchemes: Record<string, unknown> }; paths: Record<string, Record<string, Op>> }>();
    expect(doc).toMatchObject({ openapi: '3.0.3', info: { title: 'AutoPPM REST API', version: '1.2.3' } });
    expect(doc.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer', description: 'The API_TOKEN of the bot' });
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/status', '/api/v1/instances', '/api/v1/instances/{id}/stop', '/api/v1/approvals/{id}/approve', '/api/v1/orders', '/health', '/metrics', '/kite/callback', '/kite/postback']));
    const start = doc.paths['/api/v1/instances']!.post!;
    expect(start.requestBody.content['application/json']!.schema).toMatchObject({ type: 'object', required: expect.arrayContaining(['strategy', 'symbols']), properties: { symbols: { type: 'array', minItems: 1 } } });
    expect(start.responses['201']).toBeDefined();
    expect(doc.paths['/api/v1/orders']!.get!.parameters).toEqual([{ name: 'filter', in: 'query', required: false, schema: { default: 'open', type: 'string', enum: ['open', 'today'] } }]);
    expect(doc.paths['/api/v1/orders/{id}']!.get!.parameters[0]).toMatchObject({ name: 'id', in: 'path', required: true });
  });
});
