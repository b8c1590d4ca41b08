/**
 * The Kite session at rest on MongoDB: encrypted with ENCRYPTION_KEY, loaded at start, expired at 06:00 IST, and
 * the session manager halting KiteBroker (real kiteconnect, fake Kite) on TokenException until a new login.
 */
import { randomBytes } from 'node:crypto';
import { KiteConnect } from 'kiteconnect';
import mongoose, { type Connection } from 'mongoose';
import { KiteBroker } from '../../../src/brokers/kite/kiteBroker';
import { KiteSessionManager } from '../../../src/brokers/kite/kiteSessionManager';
import type { DomainEvent } from '../../../src/core/events';
import { MongoSessionRepository } from '../../../src/store/session/mongoSessionRepository';
import { startFakeKite } from '../../fakes/kite';
import { INFY } from '../../fakes/kite/support';
import { ManualClock, omsIntent } from '../../support/brokers/omsFixtures';
import { createTestDatabase, type TestDatabase } from '../../fakes/mongo/testDb';

const LOGIN = Date.parse('2025-01-06T09:00:00+05:30');
const EXPIRY = Date.parse('2025-01-07T06:00:00+05:30');
const TOKEN = 'kite_access_token_for_test_0123456789';

describe('MongoSessionRepository and KiteSessionManager', () => {
  let db: TestDatabase;
  let conn: Connection;
  const key = randomBytes(32);

  beforeAll(async () => {
    db = await createTestDatabase('session');
    conn = await mongoose.createConnection(db.uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
  });
  afterAll(async () => {
    await conn.close();
    await db.drop();
  });

  it('stores the token encrypted: the document never contains the plain token', async () => {
    const repo = new MongoSessionRepository(conn, key, 'apikey1');
    const saved = await repo.save(TOKEN, LOGIN, 'AB1234');
    expect(saved).toEqual({ accessToken: TOKEN, loginAt: LOGIN, expiresAt: EXPIRY, userId: 'AB1234' });
    const raw = await conn.db!.collection('kite_sessions').findOne({ _id: 'apikey1' as never });
    expect(raw).not.toBeNull();
    const text = JSON.stringify(raw);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(Buffer.from(TOKEN).toString('base64'));
    expect(text).not.toContain(Buffer.from(TOKEN).toString('hex'));
    expect(Object.keys(raw!).sort()).toEqual(['_id', 'data', 'expiresAt', 'iv', 'loginAt', 'tag', 'userId']);
    expect(await repo.load(LOGIN + 60_000)).toEqual({ ok: true, value: saved });
  });

  it('loads nothing usable after 06:00 IST, with another key, or when nothing is stored', async () => {
    const repo = new MongoSessionRepository(conn, key, 'apikey2');
    const none = await repo.load(LOGIN);
    expect(!none.ok && none.error).toMatch(/no stored Kite session; log in/);
    await repo.save(TOKEN, LOGIN);
    expect((await repo.load(EXPIRY - 1)).ok).toBe(true);
    const expired = await repo.load(EXPIRY);
    expect(!expired.ok && expired.error).toBe('The Kite session expired at 06:00 IST; log in to Kite again.');
    const otherKey = await new MongoSessionRepository(conn, randomBytes(32), 'apikey2').load(LOGIN);
    expect(!otherKey.ok && otherKey.error).toMatch(/cannot be decrypted with this ENCRYPTION_KEY/);
    await repo.clear();
    expect((await repo.load(LOGIN)).ok).toBe(false);
  });

  it('the manager resumes from the stored session, halts on TokenException with one session-expired event, resumes after login', async () => {
    const fake = await startFakeKite({ instruments: [INFY] });
    try {
      fake.setLtp(INFY.token, 1500);
      fake.sessions.addAccessToken(TOKEN, Date.now());
      const clock = new ManualClock(LOGIN + 60_000);
      const repo = new MongoSessionRepository(conn, key, 'apikey3');
      await repo.save(TOKEN, LOGIN);
      const kite = new KiteConnect({ api_key: fake.apiKey, root: fake.root });
      const broker = new KiteBroker({ kite, clock, sleep: async () => undefined });
      const events: DomainEvent[] = [];
      const manager = new KiteSessionManager({ repo, broker, clock, onEvent: (e) => events.push(e) });

      expect((await manager.start()).ok).toBe(true);
      expect((await broker.place(omsIntent())).ok).toBe(true);

      fake.sessions.expire(TOKEN);
      const r = await broker.place(omsIntent());
      expect(!r.ok && r.error.kind).toBe('session-expired');
      expect(events).toEqual([{ type: 'session-expired', broker: 'kite', message: expect.stringMatching(/halted until you log in again/), time: clock.t }]);
      const before = fake.requests.count();
      expect((await broker.positions()).ok).toBe(false);
      expect(fake.requests.count()).toBe(before);
      expect(manager.current).toBeUndefined();

      const fresh = 'fresh_token_after_login_42';
      fake.sessions.addAccessToken(fresh, Date.now());
      expect((await manager.login(fresh, 'AB1234')).ok).toBe(true);
      expect((await broker.place(omsIntent())).ok).toBe(true);
      expect((await repo.load(clock.t)).ok && manager.current?.accessToken).toBe(fresh);
      expect(events).toHaveLength(1);
      manager.close();
    } finally {
      await fake.close();
    }
  });

  it('a stored session past 06:00 IST halts the broker at start; the clock passing 06:00 halts it later', async () => {
    const repo = new MongoSessionRepository(conn, key, 'apikey4');
    await repo.save(TOKEN, LOGIN);
    const clock = new ManualClock(EXPIRY + 1);
    const broker = new KiteBroker({ kite: new KiteConnect({ api_key: 'k', root: 'http://127.0.0.1:9' }), clock, sleep: async () => undefined });
    const events: DomainEvent[] = [];
    const manager = new KiteSessionManager({ repo, broker, clock, onEvent: (e) => events.push(e) });
    const r = await manager.start();
    expect(!r.ok && r.error).toMatch(/expired at 06:00 IST/);
    expect(broker.sessionExpired).toBe(true);
    expect(events.map((e) => e.type)).toEqual(['session-expired']);

    clock.t = LOGIN + 1000;
    expect((await manager.start()).ok).toBe(true);
    expect(broker.sessionExpired).toBe(false);
    expect(manager.checkExpiry()).toBe(false);
    clock.t = EXPIRY;
    expect(manager.checkExpiry()).toBe(true);
    expect(broker.sessionExpired).toBe(true);
    expect(events.map((e) => e.type)).toEqual(['session-expired', 'session-expired']);
    manager.close();
  });
});
