/**
 * Settings, mode and session groups on real modules: settings and the next-start mode persisted in MongoDB
 * (MongoSettingsRepository), the Kite login link and logout through KiteLoginPort with the real kiteconnect
 * against the fake Kite server, and the same groups driven through the chat commands.
 */
import { randomBytes } from 'node:crypto';
import { KiteConnect } from 'kiteconnect';
import mongoose, { type Connection } from 'mongoose';
import { KiteBroker } from '../../src/brokers/kite/kiteBroker';
import { KiteLoginPort } from '../../src/brokers/kite/kiteLoginPort';
import { KiteSessionManager } from '../../src/brokers/kite/kiteSessionManager';
import { SimulatedClock } from '../../src/core/clock';
import { userId } from '../../src/core/ids';
import { unwrap } from '../../src/core/result';
import { modeService, storedRunMode } from '../../src/services/engine/modeService';
import { sessionService } from '../../src/services/engine/sessionService';
import { openSettingsService } from '../../src/services/engine/settingsService';
import { MongoSessionRepository } from '../../src/store/session/mongoSessionRepository';
import { MongoSettingsRepository } from '../../src/store/settings/mongoSettingsRepository';
import { Harness } from '../commands/support/harness';
import { startFakeKite } from '../fakes/kite';
import { createTestDatabase, type TestDatabase } from '../fakes/mongo/testDb';

const admin = { id: userId('a1'), role: 'admin' as const, name: 'asha' };
const trader = { id: userId('t1'), role: 'trader' as const };
const NOW = Date.parse('2025-01-08T05:30:00Z');
const LIMITS = { maxPositionPct: 10, maxSectorPct: 30, maxOrderValue: 100_000, maxOrdersPerDay: 100, maxOrdersPerMinute: 20, dailyLossLimitPct: 2, varLimitPct: 5 };

describe('settings, mode and session services', () => {
  let db: TestDatabase;
  let conn: Connection;
  beforeAll(async () => {
    db = await createTestDatabase('settings');
    conn = await mongoose.createConnection(db.uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
  });
  afterAll(async () => {
    await conn.close();
    await db.drop();
  });

  const open = (mode: 'paper' | 'live' = 'paper') =>
    openSettingsService({ repo: new MongoSettingsRepository(conn), clock: new SimulatedClock(NOW), mode, approval: { policy: 'above_value', minValue: 25_000 }, limits: LIMITS, instanceIds: () => ['sma-cross-1'] }).then(unwrap);

  it('settings: configured defaults, bounded changes by admins only, persisted across a restart', async () => {
    const s = await open();
    expect(s.approvalPolicy('paper')).toEqual({ kind: 'auto-below', maxValue: 25_000 });
    expect(s.approvalPolicy('live')).toEqual({ kind: 'always-ask' });
    expect(await s.set('max_position_pct', '12.5', trader)).toEqual({ ok: false, error: 'Only an admin can change settings; ask an admin to do it.' });
    expect(await s.set('max_position_pct', '150', admin)).toEqual({ ok: false, error: 'max_position_pct must be a percent from 1 to 50, not "150"; send it again with a value in range.' });
    expect(await s.set('max_orders_per_minute', '2.5', admin)).toMatchObject({ ok: false });
    expect(await s.set('approval.live', 'sometimes', admin)).toMatchObject({ ok: false, error: expect.stringContaining('always, auto or below:<rupees>') });
    expect(await s.set('approval.ghost-1', 'auto', admin)).toMatchObject({ ok: false, error: expect.stringContaining('There is no strategy instance ghost-1') });
    expect(await s.set('colour', 'blue', admin)).toEqual({ ok: false, error: 'There is no setting colour; send /settings to see the keys you can change.' });
    expect(await s.set('max_position_pct', '12.5', admin)).toMatchObject({ ok: true, value: { key: 'max_position_pct', value: '12.5' } });
    expect(await s.set('approval.live', 'below:50,000', admin)).toMatchObject({ ok: true, value: { key: 'approval.live', value: 'below:50000' } });
    expect(await s.set('approval.sma-cross-1', 'always', admin)).toMatchObject({ ok: true });
    expect(s.riskLimits()).toEqual({ ...LIMITS, maxPositionPct: 12.5 });

    const again = await open();
    expect(again.riskLimits().maxPositionPct).toBe(12.5);
    expect(again.approvalPolicy('live')).toEqual({ kind: 'auto-below', maxValue: 50_000 });
    expect(again.approvalPolicy('paper', 'sma-cross-1')).toEqual({ kind: 'always-ask' });
    expect(again.approvalPolicy('paper', 'other-2')).toEqual({ kind: 'auto-below', maxValue: 25_000 });
    expect(again.get().map((v) => `${v.key}=${v.value}`)).toEqual(expect.arrayContaining(['approval.paper=below:25000', 'approval.live=below:50000', 'approval.sma-cross-1=always', 'max_position_pct=12.5', 'max_order_value=100000']));
  });

  it('mode: live needs credentials, key and session; the choice is stored for the next start', async () => {
    const repo = new MongoSettingsRepository(conn);
    let session = false;
    const live = (creds: boolean, key: boolean) => modeService({ mode: 'paper', repo, clock: new SimulatedClock(NOW), live: { kiteCredentials: creds, encryptionKey: key, session: () => session } });
    expect(await live(false, true).set('live', admin)).toMatchObject({ ok: false, error: expect.stringContaining('KITE_API_KEY and KITE_API_SECRET') });
    expect(await live(true, false).set('live', admin)).toMatchObject({ ok: false, error: expect.stringContaining('ENCRYPTION_KEY') });
    expect(await live(true, true).set('live', admin)).toMatchObject({ ok: false, error: expect.stringContaining('/login') });
    expect(await live(true, true).set('paper', trader)).toMatchObject({ ok: false });
    expect(await storedRunMode(repo)).toEqual({ ok: true, value: undefined });
    session = true;
    expect(await live(true, true).set('live', admin)).toEqual({ ok: true, value: { mode: 'live', note: 'Saved: the bot switches to live mode at the next restart (it keeps running in paper mode until then).' } });
    expect(await storedRunMode(repo)).toEqual({ ok: true, value: 'live' });
  });

  it('session: the kiteconnect login link, status until 06:00 IST, logout invalidates the token at Kite', async () => {
    const fake = await startFakeKite();
    try {
      const clock = new SimulatedClock(NOW);
      const kite = new KiteConnect({ api_key: fake.apiKey, root: fake.root });
      const broker = new KiteBroker({ kite, clock, sleep: async () => undefined });
      const repo = new MongoSessionRepository(conn, randomBytes(32), fake.apiKey);
      const manager = new KiteSessionManager({ repo, broker, clock });
      const svc = sessionService({ port: new KiteLoginPort({ kite, manager, repo, broker, apiSecret: fake.apiSecret }), now: () => clock.now() });
      // Kite's login link with a one-time state in redirect_params (Kite appends it to the redirect)
      expect(svc.loginUrl()).toEqual({ ok: true, value: expect.stringMatching(new RegExp(`^https://kite\\.zerodha\\.com/connect/login\\?api_key=${fake.apiKey}&v=3&redirect_params=state%3D[0-9a-f]{32}$`)) });
      expect(svc.status()).toEqual({ configured: true, loggedIn: false });
      expect(await svc.logout()).toEqual({ ok: false, error: 'There is no Kite session to end; send /login to start one.' });
      fake.sessions.addAccessToken('token_for_logout_test_0123', Date.now());
      unwrap(await manager.login('token_for_logout_test_0123', 'AB1234'));
      expect(svc.status()).toEqual({ configured: true, loggedIn: true, expiresAt: Date.parse('2025-01-09T00:30:00Z'), userId: 'AB1234' });
      expect(await svc.logout()).toEqual({ ok: true, value: undefined });
      expect(svc.status()).toEqual({ configured: true, loggedIn: false });
      expect((await repo.load(clock.now())).ok).toBe(false);
      expect(fake.requests.count({ method: 'DELETE', path: '/session/token' })).toBe(1);
      expect(sessionService({ now: () => NOW }).loginUrl()).toMatchObject({ ok: false, error: expect.stringContaining('KITE_API_KEY') });
    } finally {
      await fake.close();
    }
  });

  it('session: the login redirect exchanges the request_token and stores the token encrypted', async () => {
    const fake = await startFakeKite();
    try {
      const clock = new SimulatedClock(NOW);
      const kite = new KiteConnect({ api_key: fake.apiKey, root: fake.root });
      const broker = new KiteBroker({ kite, clock, sleep: async () => undefined });
      const repo = new MongoSessionRepository(conn, randomBytes(32), fake.apiKey);
      const manager = new KiteSessionManager({ repo, broker, clock });
      const port = new KiteLoginPort({ kite, manager, repo, broker, apiSecret: fake.apiSecret });
      const state = (): string => decodeURIComponent(port.loginUrl().split('redirect_params=')[1]!).replace(/^state=/, '');
      expect(await port.completeLogin('bad token!', state())).toMatchObject({ ok: false, error: expect.stringContaining('/login') });
      expect(await port.completeLogin('unknownrequesttoken1', state())).toMatchObject({ ok: false, error: expect.stringContaining('Kite refused the login') });
      // a valid request token without a state /login issued (or with one used already) never reaches Kite
      const used = state();
      expect(await port.completeLogin(fake.sessions.issueRequestToken(), undefined)).toMatchObject({ ok: false, error: expect.stringContaining('not started from /login') });
      expect(await port.completeLogin(fake.sessions.issueRequestToken(), 'f'.repeat(32))).toMatchObject({ ok: false, error: expect.stringContaining('not started from /login') });
      const done = await port.completeLogin(fake.sessions.issueRequestToken(), used);
      expect(await port.completeLogin(fake.sessions.issueRequestToken(), used)).toMatchObject({ ok: false, error: expect.stringContaining('used already') });
      expect(done.ok).toBe(true);
      const s = manager.current;
      expect(s?.accessToken).toMatch(/\w/);
      // the malformed token never reaches Kite; the unknown and the valid one do
      expect(fake.requests.count({ method: 'POST', path: '/session/token' })).toBe(2);
      const stored = await repo.load(clock.now());
      expect(stored.ok && stored.value.accessToken).toBe(s?.accessToken);
      const raw = JSON.stringify(await conn.db!.collection('kite_sessions').find({}).toArray());
      expect(raw).not.toContain(s!.accessToken);
    } finally {
      await fake.close();
    }
  });

  it('commands: /settings, /mode and /login over the real groups', async () => {
    const settings = await open();
    const repo = new MongoSettingsRepository(conn);
    const h = new Harness(
      { settings, mode: modeService({ mode: 'paper', repo, clock: new SimulatedClock(NOW), live: { kiteCredentials: false, encryptionKey: true, session: () => false } }), session: sessionService({ now: () => NOW }) },
      NOW,
    );
    expect(await h.text('/settings var_limit_pct=4', admin)).toMatch(/^Changed var_limit_pct=4[\s\S]*var_limit_pct = 4\n/);
    expect(await h.text('/settings var_limit_pct=0', admin)).toBe('✖ var_limit_pct must be a percent from 1 to 10, not "0"; send it again with a value in range.');
    expect(await h.text('/mode paper', admin)).toBe('Mode: paper. The bot already runs in paper mode and will start in it next time too.');
    expect(await h.text('/mode turbo', admin)).toMatch(/expected paper or live/);
    expect(await h.text('/login', admin)).toBe('✖ Kite is not configured in this build; set KITE_API_KEY, KITE_API_SECRET and ENCRYPTION_KEY and restart to log in.');
    expect(await h.text('/logout', admin)).toMatch(/^✖ Kite is not configured/);
  });
});
