import { KiteConnect } from 'kiteconnect';
import mongoose, { type Connection } from 'mongoose';
import { istTime } from '../../../src/calendar/ist';
import { instrumentToken } from '../../../src/core/ids';
import type { Instrument } from '../../../src/core/instrument';
import { InstrumentMaster, instrumentsStaleAt } from '../../../src/data/kite/instrumentMaster';
import { boundedEditDistance, suggestSymbols } from '../../../src/data/kite/symbolSuggestions';
import { MongoInstrumentRepository } from '../../../src/store/instruments/mongoInstrumentRepository';
import { startFakeKite, type FakeKite } from '../../fakes/kite';
import { createTestDatabase, type TestDatabase } from '../../fakes/mongo/testDb';

const eq = (token: number, tradingsymbol: string, name: string): Instrument => ({
  token: instrumentToken(token), exchangeToken: token >> 8, exchange: 'NSE', tradingsymbol, name, tickSize: 0.05, lotSize: 1, segment: 'NSE', instrumentType: 'EQ',
});
const LIST: Instrument[] = [
  eq(738561, 'RELIANCE', 'RELIANCE INDUSTRIES'),
  eq(408065, 'INFY', 'INFOSYS'),
  eq(2953217, 'TCS', 'TATA CONSULTANCY SERV LT'),
  eq(341249, 'HDFCBANK', 'HDFC BANK'),
  eq(1270529, 'ICICIBANK', 'ICICI BANK'),
  { ...eq(1346049, 'INDUSINDBK', 'INDUSIND BANK') },
  { ...eq(5633, 'ACC', 'ACC'), name: 'ACC, LIMITED "OLD"' },
  {
    token: instrumentToken(12345602), exchangeToken: 48225, exchange: 'NFO', tradingsymbol: 'RELIANCE25MARFUT', name: 'RELIANCE',
    tickSize: 0.1, lotSize: 500, segment: 'NFO-FUT', instrumentType: 'FUT', expiry: '2025-03-27',
  },
  {
    token: instrumentToken(12345603), exchangeToken: 48226, exchange: 'NFO', tradingsymbol: 'RELIANCE25MAR1300CE', name: 'RELIANCE',
    tickSize: 0.05, lotSize: 500, segment: 'NFO-OPT', instrumentType: 'CE', expiry: '2025-03-27', strike: 1300,
  },
];

describe('InstrumentMaster against the fake Kite and MongoDB', () => {
  let fake: FakeKite;
  let db: TestDatabase;
  let conn: Connection;
  let now = istTime('2025-03-03', '09:00');
  const clock = { now: () => now };

  beforeAll(async () => {
    db = await createTestDatabase('instruments');
    conn = await mongoose.createConnection(db.uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
    fake = await startFakeKite({ instruments: LIST });
  });
  afterAll(async () => {
    await fake.close();
    await conn.close();
    await db.drop();
  });

  const master = async () =>
    new InstrumentMaster({
      client: new KiteConnect({ api_key: fake.apiKey, access_token: 'fake_access_token', root: fake.root }),
      repository: await MongoInstrumentRepository.open(conn),
      clock,
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
    });

  it('downloads, parses and looks up by NSE:SYMBOL or token, with F&O fields', async () => {
    fake.requests.clear();
    const m = await master();
    const r = await m.ensureFresh();
    expect(r).toMatchObject({ ok: true, value: { source: 'kite', count: LIST.length, skipped: 0 } });
    expect(fake.requests.count({ route: 'market.instruments.all' })).toBe(1);
    expect(m.lookup('NSE:RELIANCE')).toEqual({ ok: true, value: LIST[0] });
    expect(m.lookup(' nse:infy ')).toEqual({ ok: true, value: LIST[1] });
    expect(m.lookup('TCS')).toEqual({ ok: true, value: LIST[2] });
    expect(m.lookup('738561')).toEqual({ ok: true, value: LIST[0] });
    expect(m.byToken(instrumentToken(12345602))).toEqual({ ok: true, value: LIST[7] });
    expect(m.lookup('NFO:RELIANCE25MAR1300CE')).toEqual({ ok: true, value: LIST[8] });
    expect(m.lookup('NSE:ACC')).toMatchObject({ ok: true, value: { name: 'ACC, LIMITED "OLD"' } });
  });

  it('names the closest symbols for an unknown one', async () => {
    const m = await master();
    await m.ensureFresh();
    expect(m.lookup('NSE:RELIANC')).toEqual({ ok: false, error: 'unknown instrument NSE:RELIANC — did you mean NSE:RELIANCE?' });
    expect(m.lookup('NSE:INF')).toEqual({ ok: false, error: 'unknown instrument NSE:INF — did you mean NSE:INFY?' });
    expect(m.lookup('NSE:HDFCBNK')).toEqual({ ok: false, error: 'unknown instrument NSE:HDFCBNK — did you mean NSE:HDFCBANK?' });
    expect(m.lookup('NSE:ZZZZZZ')).toEqual({ ok: false, error: 'unknown instrument NSE:ZZZZZZ — check the exchange and symbol, e.g. NSE:INFY.' });
    expect(m.lookup('999')).toEqual({ ok: false, error: 'unknown instrument token 999 — check the token or refresh the instruments list.' });
  });

  it('serves from memory, then from MongoDB, and downloads again after the next 08:00 IST', async () => {
    now = istTime('2025-03-03', '09:00');
    await conn.dropDatabase();
    fake.requests.clear();
    const first = await master();
    expect((await first.ensureFresh()).ok && fake.requests.count()).toBe(1);
    now = istTime('2025-03-04', '07:59');
    expect(await first.ensureFresh()).toMatchObject({ ok: true, value: { source: 'memory' } });
    const second = await master(); // e.g. after a restart
    expect(await second.ensureFresh()).toMatchObject({ ok: true, value: { source: 'store', count: LIST.length } });
    expect(second.lookup('NFO:RELIANCE25MARFUT')).toEqual({ ok: true, value: LIST[7] });
    expect(fake.requests.count()).toBe(1);
    now = istTime('2025-03-04', '08:00');
    expect(await second.ensureFresh()).toMatchObject({ ok: true, value: { source: 'kite' } });
    expect(fake.requests.count()).toBe(2);
  });

  it('reports a Kite failure as one sentence and keeps the previous list', async () => {
    const m = await master();
    await m.refresh();
    fake.faults.add({ route: 'market.instruments.all', times: 2, action: { kind: 'error', status: 503 } });
    const r = await m.refresh();
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/^Downloading the instruments list from Kite failed \(.+\); try again later\.$/);
    expect(m.lookup('NSE:INFY').ok).toBe(true);
  });

  it('refuses lookups before any list is loaded', async () => {
    const m = await master();
    expect(m.lookup('NSE:INFY')).toEqual({ ok: false, error: 'The instruments list is not loaded yet; refresh it from Kite first.' });
  });
});

describe('instrument freshness and suggestions', () => {
  it('a list is stale from the first 08:00 IST after it was fetched', () => {
    expect(instrumentsStaleAt(istTime('2025-03-03', '07:30'))).toBe(istTime('2025-03-03', '08:00'));
    expect(instrumentsStaleAt(istTime('2025-03-03', '08:00'))).toBe(istTime('2025-03-04', '08:00'));
    expect(instrumentsStaleAt(istTime('2025-03-03', '23:59'))).toBe(istTime('2025-03-04', '08:00'));
  });

  it('edit distance matches a straightforward full Levenshtein', () => {
    const full = (a: string, b: string): number => {
      const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
      for (let i = 1; i <= a.length; i++)
        for (let j = 1; j <= b.length; j++) d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      return d[a.length]![b.length]!;
    };
    const words = ['RELIANCE', 'RELIANC', 'INFY', 'INF', 'TCS', 'HDFCBANK', 'ICICIBANK', '', 'SBIN', 'BANKBARODA'];
    for (const a of words) for (const b of words) expect(Math.min(boundedEditDistance(a, b, 3), 4)).toBe(Math.min(full(a, b), 4));
  });

  it('offers up to three, closest first', () => {
    expect(suggestSymbols('BANK', ['SBIN', 'BANKBARODA', 'BANKINDIA', 'BANKBEES', 'BANDHANBNK', 'AXISBANK'])).toEqual(['BANKBEES', 'BANKINDIA', 'BANKBARODA']);
  });
});
