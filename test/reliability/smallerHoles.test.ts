/**
 * Reliability, issue 16 item 8: the smaller holes, replayed with real HTTP and the real clients against the fakes.
 * (1) GET /metrics shows P&L, exposure and cash: without the API token it answers 401 and leaks nothing. (2)
 * /kite/callback exchanges a request token only with a one-time state that /login issued: the real KiteLoginPort over
 * kiteconnect against the fake Kite, the session stored encrypted in the MongoDB test server. (3) A symbol such as
 * `../../x` is refused by chat, by the REST API and by the services alike. Counted: attempts and effects (metrics
 * served, sessions stored, request tokens exchanged, service calls made).
 */
import { randomBytes } from 'node:crypto';
import { KiteConnect } from 'kiteconnect';
import mongoose, { type Connection } from 'mongoose';
import { KiteBroker } from '../../src/brokers/kite/kiteBroker';
import { KiteLoginPort } from '../../src/brokers/kite/kiteLoginPort';
import { KiteSessionManager } from '../../src/brokers/kite/kiteSessionManager';
import { SimulatedClock } from '../../src/core/clock';
import { err } from '../../src/core/result';
import { HealthRegistry } from '../../src/http/health';
import { AppMetrics } from '../../src/http/metrics';
import { startHttpServer, type HttpServer } from '../../src/http/server';
import { chartService } from '../../src/services/engine/chartService';
import { checkSymbols } from '../../src/services/symbols';
import { MongoSessionRepository } from '../../src/store/session/mongoSessionRepository';
import { Harness, trader } from '../commands/support/harness';
import { startFakeKite, type FakeKite } from '../fakes/kite';
import { engineFixture, type EngineFixture } from '../commands/support/engineServices';
import { createTestDatabase, type TestDatabase } from '../fakes/mongo/testDb';
import { capturedLogger, rawRequest } from './support';

const TOKEN = 'reliability-api-token-0123';
const HOSTILE = ['../../x', '..', '../etc/passwd', 'INFY/../../x', '%2e%2e%2fx', 'INFY;DROP', '<script>', 'x'.repeat(31), 'NSE:../x', '\u0000INFY', 'BSE:INFY', '-INFY'];

describe('reliability: the smaller holes (issue 16 item 8)', () => {
  let db: TestDatabase;
  let conn: Connection;
  let fake: FakeKite;
  let server: HttpServer;
  let port: KiteLoginPort;
  let repo: MongoSessionRepository;
  /** The services over the real engines (paper broker, strategies, instance manager). */
  let fx: EngineFixture;
  const metrics = new AppMetrics();
  const clock = new SimulatedClock(Date.parse('2026-04-06T03:00:00Z'));

  beforeAll(async () => {
    fx = await engineFixture();
    db = await createTestDatabase('reliability_holes');
    conn = await mongoose.createConnection(db.uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
    fake = await startFakeKite({ accessToken: null });
    const kite = new KiteConnect({ api_key: fake.apiKey, root: fake.root });
    const broker = new KiteBroker({ kite, clock, sleep: async () => undefined });
    repo = new MongoSessionRepository(conn, randomBytes(32), fake.apiKey);
    const manager = new KiteSessionManager({ repo, broker, clock });
    port = new KiteLoginPort({ kite, manager, repo, broker, apiSecret: fake.apiSecret, now: () => clock.now() });
    metrics.recordPerformance({ realised: 4321.5, unrealised: 10, charges: 1, net: 4330.5, grossExposure: 765432.1, netExposure: 0, available: 123456.7, positions: 4 });
    const started = await startHttpServer({
      host: '127.0.0.1', port: 0, health: new HealthRegistry(), logger: capturedLogger().logger, metrics,
      api: { services: fx.services, token: TOKEN }, kite: { login: port },
    });
    if (!started.ok) throw new Error(started.error);
    server = started.value;
  });
  afterAll(async () => {
    await server.close();
    metrics.close();
    await fake.close();
    await conn.close();
    await db.drop();
  });

  it('/metrics: 300 calls without the right token get 401 and none of the figures; the token gets them', async () => {
    const headers = [{}, { authorization: 'Bearer ' }, { authorization: 'Bearer wrong-token-0123456789' }, { authorization: TOKEN }, { authorization: `Basic ${TOKEN}` }, { authorization: `Bearer ${TOKEN}x` }];
    const answers = [];
    for (let i = 0; i < 300; i++) answers.push(await rawRequest(`${server.url}/metrics`, { headers: headers[i % headers.length] as Record<string, string> }));
    const leaked = answers.filter((a) => a.status !== 401 || /autoppm_|4321|765432|123456/.test(a.body));
    expect({ attempts: answers.length, leaked: leaked.length }).toEqual({ attempts: 300, leaked: 0 });
    const good = await rawRequest(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(good.status).toBe(200);
    expect(good.body).toContain('autoppm_exposure_rupees{kind="available"} 123456.7');
  });

  it('/kite/callback: 200 valid request tokens without a /login state, with forged, reused or expired states: 0 exchanged, 0 sessions; a /login link works once', async () => {
    const stateOf = (link: string): string => new URLSearchParams(new URL(link).searchParams.get('redirect_params') ?? '').get('state') ?? '';
    const callback = (token: string, state?: string) => rawRequest(`${server.url}/kite/callback?action=login&status=success&request_token=${token}${state === undefined ? '' : `&state=${encodeURIComponent(state)}`}`);
    const used = stateOf(port.loginUrl());
    expect((await callback(fake.sessions.issueRequestToken(), used)).status).toBe(200); // a real /login: exchanged once
    await repo.clear();
    const expired = stateOf(port.loginUrl());
    clock.advance(31 * 60_000);
    const states: (string | undefined)[] = [undefined, '', 'f'.repeat(32), used, expired, randomBytes(16).toString('hex'), `${used}0`, used.toUpperCase(), '../../x'];
    const before = fake.requests.count({ route: 'api.token' });
    const statuses: number[] = [];
    for (let i = 0; i < 200; i++) statuses.push((await callback(fake.sessions.issueRequestToken(), states[i % states.length])).status);
    const effects = { exchanged: fake.requests.count({ route: 'api.token' }) - before, sessions: (await repo.load(clock.now())).ok ? 1 : 0, accepted: statuses.filter((s) => s === 200).length };
    expect(effects).toEqual({ exchanged: 0, sessions: 0, accepted: 0 });
    const fresh = stateOf(port.loginUrl());
    expect((await callback(fake.sessions.issueRequestToken(), fresh)).status).toBe(200);
    expect((await repo.load(clock.now())).ok).toBe(true);
    expect((await callback(fake.sessions.issueRequestToken(), fresh)).status).not.toBe(200); // one time only
  });

  it(`a hostile symbol (${HOSTILE.length} shapes) is refused by chat, the REST API (instances, backtests) and the services alike: 0 reach a service`, async () => {
    const h = new Harness(fx.services, clock.now());
    const auth = { authorization: `Bearer ${TOKEN}` };
    const refused = { chat: 0, restInstances: 0, restBacktests: 0, services: 0, chart: 0 };
    const historyCalls: string[] = [];
    const charts = chartService({ synthetic: false, bars: async (q) => (historyCalls.push(q.symbol), err('no bars in this test')) }, clock);
    for (const s of HOSTILE) {
      if ((await h.text(`/run sma-cross ${s}`, trader)).includes('expected an NSE symbol')) refused.chat++;
      const a = await rawRequest(`${server.url}/api/v1/instances`, { method: 'POST', headers: auth, body: JSON.stringify({ strategy: 'sma-cross', symbols: [s] }) });
      if (a.status === 400 && a.body.includes('expected an NSE symbol')) refused.restInstances++;
      const b = await rawRequest(`${server.url}/api/v1/backtests`, { method: 'POST', headers: auth, body: JSON.stringify({ request: { strategy: 'sma-cross', symbols: ['INFY', s] } }) });
      if (b.status === 400 && b.body.includes('expected an NSE symbol')) refused.restBacktests++;
      if (!checkSymbols([s]).ok) refused.services++;
      if (!(await charts.candles(s, 'day', 30)).ok) refused.chart++;
    }
    const n = HOSTILE.length;
    expect(refused).toEqual({ chat: n, restInstances: n, restBacktests: n, services: n, chart: n });
    expect(fx.manager.list()).toEqual([]);
    expect(historyCalls).toEqual([]);
    // the same front ends still take a real symbol, normalised alike
    expect((await rawRequest(`${server.url}/api/v1/instances`, { method: 'POST', headers: auth, body: JSON.stringify({ strategy: 'sma-cross', symbols: ['nse:infy'] }) })).status).toBe(201);
    expect(fx.manager.list().map((i) => [i.strategy, i.symbols])).toEqual([['sma-cross', ['INFY']]]);
  });
});
