/**
 * `--data kite`: bars through the instruments master and KiteHistoricalProvider behind the MongoDB
 * candle cache — the real kiteconnect client against the fake Kite, the real mongoose models on the
 * Mongo test server. The bars equal what the fake serves (its generator asked directly), a repeat
 * load is served from the cache with no HTTP call, NIFTY 50 becomes the benchmark, and the failures
 * (no Kite session, unknown symbol, no start date, Kite refusing) are one-sentence messages.
 */
import { KiteConnect } from 'kiteconnect';
import mongoose, { type Connection } from 'mongoose';
import { loadBacktestData, KITE_LOGIN_NEEDED } from '../../src/backtest/dataSource';
import type { KiteBarsSource } from '../../src/backtest/kiteData';
import { runBacktest } from '../../src/backtest/runBacktest';
import { istTime } from '../../src/calendar/ist';
import type { Bar } from '../../src/core/bar';
import { instrumentToken } from '../../src/core/ids';
import type { Instrument } from '../../src/core/instrument';
import { InstrumentMaster } from '../../src/data/kite/instrumentMaster';
import { KiteHistoricalProvider } from '../../src/data/kite/kiteHistoricalProvider';
import { MongoCandleCache } from '../../src/store/candles/mongoCandleCache';
import { MongoInstrumentRepository } from '../../src/store/instruments/mongoInstrumentRepository';
import { startFakeKite, type FakeKite, type KiteInterval } from '../fakes/kite';
import { createTestDatabase, type TestDatabase } from '../fakes/mongo/testDb';
import { request, strategies } from './support/fixtures';

const DAY = 86_400_000;
const eq = (token: number, tradingsymbol: string): Instrument => ({
  token: instrumentToken(token), exchangeToken: token >> 8, exchange: 'NSE', tradingsymbol, name: tradingsymbol, tickSize: 0.05, lotSize: 1, segment: 'NSE', instrumentType: 'EQ',
});
const INFY = eq(408065, 'INFY');
const TCS = eq(2953217, 'TCS');
// Kite's dump lists indices with instrument_type EQ in the INDICES segment.
const NIFTY: Instrument = { ...eq(256265, 'NIFTY 50'), segment: 'INDICES' };

/** Daily candles at 00:00 IST on weekdays, a zig-zag per token on the 0.05 grid (crossovers happen). */
function daily(token: number, interval: KiteInterval, fromMs: number, toMs: number): Bar[] {
  if (interval !== 'day') return [];
  const out: Bar[] = [];
  const first = istTime(new Date(fromMs + 330 * 60_000).toISOString().slice(0, 10), '00:00');
  for (let t = first; t <= toMs; t += DAY) {
    const dow = new Date(t + 330 * 60_000).getUTCDay();
    if (t < fromMs || dow === 0 || dow === 6) continue;
    const d = Math.floor(t / DAY);
    const base = 100 + (token % 97) + 10 * Math.sin(d / 9) + 3 * Math.sin(d / 2.3);
    const close = Math.round(base * 20) / 20;
    const open = Math.round((base - 0.4) * 20) / 20;
    out.push({ time: t, open, high: Math.max(open, close) + 0.5, low: Math.min(open, close) - 0.5, close, volume: 10_000 + (d % 1000) });
  }
  return out;
}

describe('backtest data from Kite', () => {
  let fake: FakeKite;
  let db: TestDatabase;
  let conn: Connection;
  const now = istTime('2025-07-01', '18:00');

  beforeAll(async () => {
    db = await createTestDatabase('backtest_kite');
    conn = await mongoose.createConnection(db.uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
  });
  afterAll(async () => {
    await conn.close();
    await db.drop();
  });
  beforeEach(async () => {
    await conn.dropDatabase();
  });
  afterEach(async () => fake.close());

  async function source(instruments: readonly Instrument[]): Promise<KiteBarsSource> {
    fake = await startFakeKite({ instruments });
    fake.setCandleGenerator(daily);
    const kc = new KiteConnect({ api_key: fake.apiKey, access_token: 'fake_access_token', root: fake.root });
    const clock = { now: () => now };
    const master = new InstrumentMaster({ client: kc, repository: await MongoInstrumentRepository.open(conn), clock, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 } });
    const fresh = await master.ensureFresh();
    if (!fresh.ok) throw new Error(fresh.error);
    const historical = new KiteHistoricalProvider({ client: kc, cache: await MongoCandleCache.open(conn), clock, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 } });
    return { instruments: master, historical, now: () => now };
  }

  const spec = (kite: KiteBarsSource | undefined, symbols = ['INFY', 'TCS']) => ({
    source: 'kite',
    symbols,
    interval: 'day' as const,
    from: '2023-01-01',
    to: '2024-12-31',
    ...(kite ? { kite } : {}),
  });

  it('loads every symbol and the NIFTY 50 benchmark, then runs a backtest on them; a repeat comes from the cache', async () => {
    const kite = await source([INFY, TCS, NIFTY]);
    const r = await loadBacktestData(spec(kite));
    if (!r.ok) throw new Error(r.error);
    const from = istTime('2023-01-01', '00:00');
    const to = istTime('2024-12-31', '00:00') + DAY - 1000;
    for (const [symbol, inst] of [['INFY', INFY], ['TCS', TCS]] as const) {
      const s = r.value.series.get(symbol)!;
      expect(s.symbol).toBe(symbol);
      expect(s.toBars()).toEqual(daily(inst.token, 'day', from, to));
    }
    expect(r.value.synthetic).toBe(false);
    expect(r.value.benchmark?.name).toBe('NIFTY 50');
    expect(r.value.benchmark!.series.toBars()).toEqual(daily(NIFTY.token, 'day', from, to));
    expect(fake.requests.count({ route: 'market.historical' })).toBe(3); // 2 years of days: one window each

    const run = runBacktest(request({ strategy: 'sma-cross', symbols: ['INFY', 'TCS'], interval: 'day', params: { fast: 5, slow: 20 }, costs: 'zerodha', tickSize: 0.05 }), r.value, { strategies: strategies() });
    if (!run.ok) throw new Error(run.error);
    expect(run.value.metrics.trades).toBeGreaterThan(0);
    expect(run.value.metrics.benchmark).not.toBeNull();

    fake.requests.clear();
    const again = await loadBacktestData(spec(kite));
    if (!again.ok) throw new Error(again.error);
    expect(fake.requests.count({ route: 'market.historical' })).toBe(0);
    expect(again.value.series.get('INFY')!.toBars()).toEqual(r.value.series.get('INFY')!.toBars());
  });

  it('without NIFTY 50 in the instruments list there is no benchmark', async () => {
    const kite = await source([INFY]);
    const r = await loadBacktestData(spec(kite, ['INFY']));
    expect(r.ok && r.value.benchmark).toBeUndefined();
  });

  it('answers with one sentence when there is no session, the symbol is unknown, the start is missing or Kite refuses', async () => {
    fake = await startFakeKite({ instruments: [INFY] });
    expect(await loadBacktestData(spec(undefined))).toEqual({ ok: false, error: KITE_LOGIN_NEEDED });
    expect(KITE_LOGIN_NEEDED).toMatch(/\/login/);
    await fake.close();

    const kite = await source([INFY, TCS]);
    expect(await loadBacktestData(spec(kite, ['INFI']))).toEqual({ ok: false, error: 'Unknown instrument NSE:INFI — did you mean NSE:INFY?' });
    expect(await loadBacktestData({ ...spec(kite), from: undefined })).toEqual({ ok: false, error: 'Backtests on Kite data need a start date; give --from YYYY-MM-DD.' });
    fake.faults.add({ route: 'market.historical', action: { kind: 'tokenException' } });
    const refused = await loadBacktestData(spec(kite, ['TCS']));
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error).toMatch(/^Kite historical data for TCS could not be loaded: .*log in to Kite again/);
      expect(refused.error).not.toMatch(/\n|at .*\.ts/);
    }
  });
});
