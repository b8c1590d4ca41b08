import { KiteConnect } from 'kiteconnect';
import { randomBytes } from 'node:crypto';
import { KiteBroker } from '../../../src/brokers/kite/kiteBroker';
import { kiteTokenExpiry, openToken, parseEncryptionKey, sealToken } from '../../../src/brokers/kite/kiteSession';
import { LiveClock } from '../../../src/core/clock';
import { startFakeKite } from '../../fakes/kite';
import { INFY } from '../../fakes/kite/support';
import { omsIntent } from '../../support/brokers/omsFixtures';

describe('Kite session', () => {
  it('expires at the next 06:00 IST', () => {
    expect(new Date(kiteTokenExpiry(Date.parse('2025-01-06T09:00:00+05:30'))).toISOString()).toBe('2025-01-07T00:30:00.000Z');
    expect(new Date(kiteTokenExpiry(Date.parse('2025-01-07T05:59:00+05:30'))).toISOString()).toBe('2025-01-07T00:30:00.000Z');
    expect(new Date(kiteTokenExpiry(Date.parse('2025-01-07T06:00:00+05:30'))).toISOString()).toBe('2025-01-08T00:30:00.000Z');
  });

  it('keeps the token encrypted at rest and refuses a wrong key, tampering and expiry', () => {
    const key = parseEncryptionKey(randomBytes(32).toString('hex'));
    expect(key.ok).toBe(true);
    if (!key.ok) return;
    const login = Date.parse('2025-01-06T09:00:00+05:30');
    const sealed = sealToken('secret_access_token', key.value, login);
    expect(JSON.stringify(sealed)).not.toContain('secret_access_token');
    expect(openToken(sealed, key.value, login + 1000)).toEqual({ ok: true, value: 'secret_access_token' });
    expect(openToken(sealed, randomBytes(32), login + 1000).ok).toBe(false);
    expect(openToken({ ...sealed, data: Buffer.from('x').toString('base64') }, key.value, login).ok).toBe(false);
    const expired = openToken(sealed, key.value, sealed.expiresAt);
    expect(!expired.ok && expired.error).toMatch(/06:00 IST/);
    expect(parseEncryptionKey('short').ok).toBe(false);
  });

  it('TokenException halts the broker with a session-expired event until re-login', async () => {
    const fake = await startFakeKite({ instruments: [INFY] });
    try {
      fake.setLtp(INFY.token, 1500);
      const events: string[] = [];
      const kite = new KiteConnect({ api_key: fake.apiKey, access_token: 'fake_access_token', root: fake.root });
      const broker = new KiteBroker({ kite, clock: new LiveClock(), sleep: async () => undefined, onSessionExpired: (m) => events.push(m) });
      fake.sessions.expire('fake_access_token');
      const r = await broker.place(omsIntent());
      expect(!r.ok && r.error.kind).toBe('session-expired');
      expect(events).toHaveLength(1);
      const before = fake.requests.count();
      expect((await broker.place(omsIntent())).ok).toBe(false);
      expect(fake.requests.count()).toBe(before);
      const reqToken = fake.sessions.issueRequestToken();
      const session = await kite.generateSession(reqToken, fake.apiSecret);
      broker.resume(session.access_token);
      expect((await broker.place(omsIntent())).ok).toBe(true);
    } finally {
      await fake.close();
    }
  });

  it('InputException surfaces as a rejection with Kite\'s message; 5xx on reads is retried', async () => {
    const fake = await startFakeKite({ instruments: [INFY] });
    try {
      const kite = new KiteConnect({ api_key: fake.apiKey, access_token: 'fake_access_token', root: fake.root });
      const broker = new KiteBroker({ kite, clock: new LiveClock(), sleep: async () => undefined });
      const r = await broker.place(omsIntent({ orderType: 'LIMIT', price: 1500.03 }));
      expect(!r.ok && r.error.kind).toBe('rejected');
      expect(!r.ok && r.error.message).toMatch(/^Kite rejected the request: /);
      fake.faults.add({ route: 'portfolio.positions', times: 2, action: { kind: 'error', status: 503 } });
      expect((await broker.positions()).ok).toBe(true);
      expect(fake.requests.count({ route: 'portfolio.positions' })).toBe(3);
    } finally {
      await fake.close();
    }
  });
});
