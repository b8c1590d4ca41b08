/**
 * `autoppm backtest --data kite` as a person runs it: the spawned CLI reads the stored (encrypted) Kite session from
 * MongoDB, fetches daily candles from the fake Kite through the instruments master and the candle cache, and prints
 * the backtest as JSON; without a stored session it says, in one sentence, to log in.
 */
import mongoose, { type Connection } from 'mongoose';
import { randomBytes } from 'node:crypto';
import { istTime } from '../../src/calendar/ist';
import type { Bar } from '../../src/core/bar';
import { instrumentToken } from '../../src/core/ids';
import type { Instrument } from '../../src/core/instrument';
import { MongoSessionRepository } from '../../src/store/session/mongoSessionRepository';
import { startFakeKite, type FakeKite, type KiteInterval } from '../fakes/kite';
import { createTestDatabase, type TestDatabase } from '../fakes/mongo/testDb';
import { CLI_TEST_TIMEOUT_MS, runCli } from './runCli';

const DAY = 86_400_000;
const INFY: Instrument = { token: instrumentToken(408065), exchangeToken: 1594, exchange: 'NSE', tradingsymbol: 'INFY', name: 'INFOSYS', tickSize: 0.05, lotSize: 1, segment: 'NSE', instrumentType: 'EQ' };

/** Weekday daily candles at 00:00 IST: a zig-zag on the 0.05 grid, so SMA crossovers happen. */
function daily(_token: number, interval: KiteInterval, fromMs: number, toMs: number): Bar[] {
  if (interval !== 'day') return [];
  const out: Bar[] = [];
  for (let t = istTime(new Date(fromMs + 330 * 60_000).toISOString().slice(0, 10), '00:00'); t <= toMs; t += DAY) {
    const dow = new Date(t + 330 * 60_000).getUTCDay();
    if (t < fromMs || dow === 0 || dow === 6) continue;
    const d = Math.floor(t / DAY);
    const close = Math.round((1500 + 60 * Math.sin(d / 9)) * 20) / 20;
    const open = Math.round((close - 1) * 20) / 20;
    out.push({ time: t, open, high: close + 2, low: open - 2, close, volume: 50_000 });
  }
  return out;
}

describe('autoppm backtest --data kite', () => {
  jest.setTimeout(CLI_TEST_TIMEOUT_MS);
  let fake: FakeKite;
  let db: TestDatabase;
  let conn: Connection;
  const key = randomBytes(32);

  beforeAll(async () => {
    fake = await startFakeKite({ instruments: [INFY], apiKey: 'kiteapikey1', apiSecret: 'kiteapisecret1' }); // Kite keys are letters and digits
    fake.setCandleGenerator(daily);
    db = await createTestDatabase('cli_kite');
    conn = await mongoose.createConnection(db.uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
  });
  afterAll(async () => {
    await conn.close();
    await db.drop();
    await fake.close();
  });

  const env = (): Record<string, string> => ({
    MONGODB_URI: db.uri,
    KITE_API_KEY: fake.apiKey,
    KITE_API_ROOT: fake.root,
    ENCRYPTION_KEY: key.toString('hex'),
    NO_PROXY: '127.0.0.1,localhost',
    LOG_LEVEL: 'warn',
  });
  const args = ['backtest', '--strategy', 'sma-cross', '--symbols', 'INFY', '--data', 'kite', '--from', '2023-01-01', '--to', '2024-06-30', '--params', 'fast=5', 'slow=20', '--json'];

  it('without a stored Kite session it says to log in and exits 2', async () => {
    const r = await runCli(args, env());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no stored Kite session.*\/login/);
    expect(fake.requests.count({ route: 'market.historical' })).toBe(0);
  });

  it('with a stored session it backtests on Kite candles served through the cache', async () => {
    await new MongoSessionRepository(conn, key, fake.apiKey).save('fake_access_token', Date.now());
    const r = await runCli(args, env());
    expect(r.stderr).not.toMatch(/fake_access_token/);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { metrics: { trades: number; finalEquity: number }; trades: unknown[] };
    expect(out.metrics.trades).toBeGreaterThan(0);
    expect(out.trades).toHaveLength(out.metrics.trades);
    expect(fake.requests.count({ route: 'market.historical' })).toBeGreaterThan(0);
    const served = fake.requests.count({ route: 'market.historical' });
    const again = await runCli(args, env());
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual(out);
    expect(fake.requests.count({ route: 'market.historical' })).toBe(served); // the candle cache answered
  });
});
