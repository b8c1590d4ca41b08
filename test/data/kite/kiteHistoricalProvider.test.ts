import { KiteConnect } from 'kiteconnect';
import mongoose, { type Connection } from 'mongoose';
import { istTime } from '../../../src/calendar/ist';
import type { Bar } from '../../../src/core/bar';
import { instrumentToken } from '../../../src/core/ids';
import type { Instrument } from '../../../src/core/instrument';
import type { HistoricalProgress } from '../../../src/data/feeds';
import { KiteHistoricalProvider } from '../../../src/data/kite/kiteHistoricalProvider';
import { RequestLimiter } from '../../../src/data/kite/requestLimiter';
import { MongoCandleCache } from '../../../src/store/candles/mongoCandleCache';
import { startFakeKite, type FakeKite, type KiteInterval } from '../../fakes/kite';
import { createTestDatabase, type TestDatabase } from '../../fakes/mongo/testDb';

const DAY = 86_400_000;
const INFY: Instrument = {
  token: instrumentToken(408065), exchangeToken: 1594, exchange: 'NSE', tradingsymbol: 'INFY', name: 'INFOSYS',
  tickSize: 0.05, lotSize: 1, segment: 'NSE', instrumentType: 'EQ',
};

/** One candle per weekday at 09:15 IST, priced from the day number: sparse, so long ranges stay small. */
function sparseCandles(_token: number, _interval: KiteInterval, fromMs: number, toMs: number): Bar[] {
  const out: Bar[] = [];
  const first = istTime(new Date(fromMs + 330 * 60_000).toISOString().slice(0, 10), '09:15');
  for (let t = first; t <= toMs; t += DAY) {
    const dow = new Date(t + 330 * 60_000).getUTCDay();
    if (t < fromMs || dow === 0 || dow === 6) continue;
    const d = Math.floor(t / DAY) % 1000;
    out.push({ time: t, open: 100 + d / 10, high: 101 + d / 10, low: 99 + d / 10, close: 100.5 + d / 10, volume: 1000 + d });
  }
  return out;
}

/** The independent reference: what the fake holds for [from, to], asked of the generator in one piece. */
const reference = (from: number, to: number): Bar[] => sparseCandles(INFY.token, 'minute', from, to);

const fastRetry = { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 20 };

describe('KiteHistoricalProvider against the fake Kite and the candle cache', () => {
  let fake: FakeKite;
  let db: TestDatabase;
  let conn: Connection;
  let kc: InstanceType<typeof KiteConnect>;
  let now = istTime('2025-06-30', '18:00');

  beforeAll(async () => {
    db = await createTestDatabase('kite_historical');
    conn = await mongoose.createConnection(db.uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
  });
  afterAll(async () => {
    await conn.close();
    await db.drop();
  });
  beforeEach(async () => {
    fake = await startFakeKite({ instruments: [INFY] });
    fake.setCandleGenerator(sparseCandles);
    kc = new KiteConnect({ api_key: fake.apiKey, access_token: 'fake_access_token', root: fake.root });
    await conn.dropDatabase();
  });
  afterEach(async () => fake.close());

  const provider = async (extra: { limiter?: RequestLimiter } = {}) =>
    new KiteHistoricalProvider({ client: kc, cache: await MongoCandleCache.open(conn), clock: { now: () => now }, retry: fastRetry, ...extra });

  it('splits a long range into Kite windows, returns the candles, and serves a repeat from the cache with no HTTP call', async () => {
    const p = await provider();
    const from = istTime('2024-01-01', '00:00');
    const to = istTime('2025-06-27', '23:59'); // ~543 days of 1m → 10 windows of at most 60 days
    const progress: HistoricalProgress[] = [];
    const r = await p.fetch({ token: INFY.token, interval: '1m', from, to, symbol: 'NSE:INFY', onProgress: (x) => progress.push(x) });
    if (!r.ok) throw new Error(r.error.message);
    const calls = fake.requests.list({ route: 'market.historical' });
    expect(calls).toHaveLength(Math.ceil((to + 1000 - from) / (60 * DAY)));
    for (const c of calls) expect(c.status).toBe(200);
    // windows are contiguous and each within 60 days
    expect(calls[0]!.query.from).toEqual(['2024-01-01 00:00:00']);
    expect(calls[calls.length - 1]!.query.to).toEqual(['2025-06-27 23:59:00']);
    expect(calls[0]!.path).toBe('/instruments/historical/408065/minute');
    const ref = reference(from, to);
    expect(r.value.symbol).toBe('NSE:INFY');
    expect(r.value.toBars()).toEqual(ref);
    expect(progress.map((x) => x.windowsDone)).toEqual(calls.map((_, i) => i + 1));
    expect(progress[progress.length - 1]!.candles).toBe(ref.length);

    fake.requests.clear();
    const again = await p.fetch({ token: INFY.token, interval: '1m', from, to });
    if (!again.ok) throw new Error(again.error.message);
    expect(fake.requests.count({ route: 'market.historical' })).toBe(0);
    expect(again.value.toBars()).toEqual(ref);

    // a sub-range is served from the cache too; a range reaching past the cache fetches only the missing part
    const inner = await p.fetch({ token: INFY.token, interval: '1m', from: istTime('2024-05-02', '00:00'), to: istTime('2024-05-10', '00:00') });
    expect(inner.ok && inner.value.toBars()).toEqual(reference(istTime('2024-05-02', '00:00'), istTime('2024-05-10', '00:00')));
    expect(fake.requests.count({ route: 'market.historical' })).toBe(0);
    const wider = await p.fetch({ token: INFY.token, interval: '1m', from, to: istTime('2025-06-30', '15:29') });
    expect(wider.ok && wider.value.length).toBe(reference(from, istTime('2025-06-30', '15:29')).length);
    const extraCalls = fake.requests.list({ route: 'market.historical' });
    expect(extraCalls).toHaveLength(1);
    expect(extraCalls[0]!.query.from).toEqual(['2025-06-27 23:59:01']); // `to` was inclusive to the second
  });

  it('does not remember the still-forming bar as complete, so a later request fetches it again', async () => {
    now = istTime('2025-06-30', '11:00');
    const p = await provider();
    const from = istTime('2025-06-30', '09:00');
    await p.fetch({ token: INFY.token, interval: '1m', from, to: istTime('2025-06-30', '15:30') });
    await p.fetch({ token: INFY.token, interval: '1m', from, to: istTime('2025-06-30', '10:00') });
    await p.fetch({ token: INFY.token, interval: '1m', from, to: istTime('2025-06-30', '15:30') });
    const calls = fake.requests.list({ route: 'market.historical' });
    expect(calls.map((c) => c.query.from![0])).toEqual(['2025-06-30 09:00:00', '2025-06-30 11:00:00']);
    now = istTime('2025-06-30', '18:00');
  });

  it('stays under 3 requests/s: a burst of windows against the fake’s enforced limits gets no 429', async () => {
    fake.setRateLimits(true);
    const p = await provider({ limiter: new RequestLimiter(3, 1000) });
    const r = await p.fetch({ token: INFY.token, interval: '1m', from: istTime('2024-01-01', '00:00'), to: istTime('2025-02-20', '00:00') });
    expect(r.ok).toBe(true);
    const calls = fake.requests.list({ route: 'market.historical' });
    expect(calls.length).toBe(7);
    expect(calls.every((c) => c.status === 200)).toBe(true);
    expect(fake.rateLimiter?.rejected.historical).toBe(0);
  });

  it('retries 429, 5xx and network failures with backoff, then succeeds', async () => {
    fake.faults.add({ route: 'market.historical', times: 1, action: { kind: 'error', status: 429 } });
    fake.faults.add({ route: 'market.historical', times: 1, action: { kind: 'error', status: 500 } });
    fake.faults.add({ route: 'market.historical', times: 1, action: { kind: 'rawStatus', status: 503 } });
    const p = await provider();
    const r = await p.fetch({ token: INFY.token, interval: 'day', from: istTime('2025-01-01', '00:00'), to: istTime('2025-01-31', '00:00') });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.length).toBe(reference(istTime('2025-01-01', '00:00'), istTime('2025-01-31', '00:00')).length);
    expect(fake.requests.list({ route: 'market.historical' }).map((c) => c.status)).toEqual([429, 500, 503, 200]);
  });

  it('gives up after the bounded attempts with an error value', async () => {
    fake.faults.add({ route: 'market.historical', times: Infinity, action: { kind: 'error', status: 502 } });
    const p = await provider();
    const r = await p.fetch({ token: INFY.token, interval: 'day', from: istTime('2025-01-01', '00:00'), to: istTime('2025-01-31', '00:00') });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ kind: 'kite', errorType: 'NetworkException', attempts: 4 });
    expect(r.error.message).toMatch(/after 4 attempts.*try again in a minute\.$/);
    expect(fake.requests.count({ route: 'market.historical' })).toBe(4);
  });

  it('never retries an InputException and surfaces Kite’s message', async () => {
    fake.setCandleGenerator(null);
    const p = await provider();
    const r = await p.fetch({ token: instrumentToken(999999), interval: 'day', from: istTime('2025-01-01', '00:00'), to: istTime('2025-01-31', '00:00') });
    expect(fake.requests.count({ route: 'market.historical' })).toBe(1);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.errorType).toBe('InputException');
    expect(r.error.attempts).toBe(1);
    expect(r.error.message).toMatch(/^Kite refused historical data for token 999999 \(day, .*\): invalid token; check the instrument token, interval and dates\.$/);
  });

  it('rejects an inverted range without calling Kite', async () => {
    const p = await provider();
    const r = await p.fetch({ token: INFY.token, interval: 'day', from: istTime('2025-02-01', '00:00'), to: istTime('2025-01-01', '00:00') });
    expect(r.ok).toBe(false);
    expect(fake.requests.count()).toBe(0);
  });
});
