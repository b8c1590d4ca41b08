/**
 * Backtest results on MongoDB (real mongoose on the test server): a result round-trips with its exact
 * metrics (non-finite ones too) and trades, the series compacted; the key is unique (saving again
 * replaces); list is most recent first; the runner over it serves an identical request from the store.
 */
import { Writable } from 'node:stream';
import mongoose, { type Connection } from 'mongoose';
import { BacktestRunner } from '../../../src/backtest/backtestRunner';
import { MAX_SERIES_POINTS } from '../../../src/backtest/resultRepository';
import { runBacktest } from '../../../src/backtest/runBacktest';
import type { BacktestResult } from '../../../src/backtest/types';
import { createLogger, SecretScrubber } from '../../../src/log';
import { decodeJson, encodeJson, MongoBacktestRepository } from '../../../src/store/backtests/mongoBacktestRepository';
import { request, runThrough, seeded, strategies } from '../../backtest/support/fixtures';
import { createTestDatabase, type TestDatabase } from '../../fakes/mongo/testDb';

let db: TestDatabase;
let conn: Connection;
/** What the repository logged (JSON lines), to see that a document it skips is named. */
const warnings: string[] = [];
const logger = createLogger({
  level: 'warn',
  format: 'json',
  scrubber: new SecretScrubber(),
  destination: new Writable({
    write(chunk: Buffer, _encoding, done) {
      warnings.push((JSON.parse(chunk.toString('utf8')) as { msg: string }).msg);
      done();
    },
  }),
});

beforeAll(async () => {
  db = await createTestDatabase('backtests');
  conn = await mongoose.createConnection(db.uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
});

afterAll(async () => {
  await conn?.close();
  await db?.drop();
});

const data = { series: seeded(['AAA', 'BBB'], 4_000, 'day', 5), synthetic: true };

function run(fast: number): BacktestResult {
  const r = runBacktest(request({ strategy: 'sma-cross', symbols: ['AAA'], interval: 'day', params: { fast, slow: 30 }, costs: 'zerodha' }), data, { strategies: strategies() });
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

test('encodeJson keeps NaN and ±Infinity', () => {
  expect(decodeJson(encodeJson({ a: Infinity, b: [-Infinity, NaN, 1.5], c: 'x' }))).toEqual({ a: Infinity, b: [-Infinity, NaN, 1.5], c: 'x' });
});

test('a result round-trips: exact metrics and trades, compact series, unique key', async () => {
  const repo = await MongoBacktestRepository.open(conn, logger);
  const r = run(10);
  expect(r.series.equity.length).toBeGreaterThan(MAX_SERIES_POINTS);
  const withInfinity: BacktestResult = { ...r, metrics: { ...r.metrics, profitFactor: Infinity } };
  await repo.save(withInfinity, 1_000);
  await repo.save(r, 2_000);
  const back = await repo.get(r.key);
  expect(back).toBeDefined();
  expect(back!.metrics).toEqual(r.metrics);
  expect(back!.trades).toEqual(r.trades);
  expect(back!.request).toEqual(r.request);
  expect(back!.series.time.length).toBeLessThanOrEqual(MAX_SERIES_POINTS);
  expect(back!.series.equity[back!.series.equity.length - 1]).toBe(r.metrics.finalEquity);
  expect(back!.series.time[0]).toBe(r.series.time[0]);
  expect(await conn.db!.collection('backtests').countDocuments({ key: r.key })).toBe(1);
  await expect(conn.db!.collection('backtests').insertOne({ key: r.key })).rejects.toThrow(/duplicate key/i);

  await repo.save(withInfinity, 3_000);
  expect((await repo.get(r.key))!.metrics.profitFactor).toBe(Infinity);
  expect(await repo.get('f'.repeat(40))).toBeUndefined();
});

test('list is most recent first and skips documents that do not fit', async () => {
  const repo = await MongoBacktestRepository.open(conn, logger);
  const a = run(5);
  const b = run(15);
  await repo.save(a, 10_000);
  await repo.save(b, 20_000);
  await conn.db!.collection('backtests').insertOne({ key: 'broken', createdAt: new Date(30_000), metricsJson: '{' });
  const listed = await repo.list(2);
  expect(listed.map((s) => [s.key, s.createdAt, s.strategy, s.trades])).toEqual([
    [b.key, 20_000, 'sma-cross', b.metrics.trades],
    [a.key, 10_000, 'sma-cross', a.metrics.trades],
  ]);
  expect(await repo.get('broken')).toBeUndefined();
  expect(warnings).toContain('backtest broken is unreadable: engineVersion: Invalid input: expected string, received undefined; skipped (it runs again)');
});

test('a stored result whose metrics or request JSON is malformed is skipped with a warning naming the field, then runs again', async () => {
  const repo = await MongoBacktestRepository.open(conn, logger);
  const r = run(20);
  await repo.save(r, 40_000);
  const raw = conn.db!.collection('backtests');
  await raw.updateOne({ key: r.key }, { $set: { metricsJson: encodeJson({ ...r.metrics, sharpe: 'high' }) } });
  warnings.length = 0;
  expect(await repo.get(r.key)).toBeUndefined();
  expect(warnings).toEqual([`backtest ${r.key} (metricsJson) is unreadable: sharpe: expected a number; skipped (it runs again)`]);

  await raw.updateOne({ key: r.key }, { $set: { metricsJson: encodeJson(r.metrics), requestJson: encodeJson({ ...r.request, interval: '2h' }) } });
  warnings.length = 0;
  expect(await repo.get(r.key)).toBeUndefined();
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toMatch(new RegExp(`^backtest ${r.key} \\(requestJson\\) is unreadable: interval: `));

  // a miss makes the runner run it again and save it: the stored document is whole again
  await repo.save(r, 50_000);
  expect((await repo.get(r.key))?.request).toEqual(r.request);
});

test('the runner over MongoDB serves the second identical request from the store', async () => {
  const repo = await MongoBacktestRepository.open(conn, logger);
  let runs = 0;
  const runner = new BacktestRunner({ repository: repo });
  const req = request({ strategy: 'sma-cross', symbols: ['BBB'], interval: 'day', params: { fast: 7, slow: 40 } });
  const first = await runThrough(runner, req, data, strategies(), () => runs++);
  const progressOfFirst = runs;
  const second = await runThrough(runner, req, data, strategies(), (_f, note) => {
    runs++;
    expect(note).toBe('cached result');
  });
  expect(first.ok && first.value.cached).toBe(false);
  expect(progressOfFirst).toBeGreaterThan(1);
  expect(runs).toBe(progressOfFirst + 1);
  expect(second.ok && second.value.cached).toBe(true);
  if (!first.ok || !second.ok) throw new Error('run failed');
  expect(second.value.result.metrics).toEqual(first.value.result.metrics);
  expect(second.value.result.trades).toEqual(first.value.result.trades);
});
