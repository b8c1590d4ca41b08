import mongoose, { type Connection } from 'mongoose';
import type { Bar } from '../../../src/core/bar';
import { instrumentToken } from '../../../src/core/ids';
import { MongoCandleCache } from '../../../src/store/candles/mongoCandleCache';
import { createTestDatabase, type TestDatabase } from '../../fakes/mongo/testDb';

const T = instrumentToken(408065);
const bars: Bar[] = Array.from({ length: 20 }, (_, i) => ({
  time: Date.UTC(2025, 2, 3, 3, 45 + i), open: 100 + i, high: 101 + i, low: 99 + i, close: 100.5 + i, volume: 1000 * i, ...(i % 2 ? { oi: 5000 + i } : {}),
}));

describe('MongoCandleCache', () => {
  let db: TestDatabase;
  let conn: Connection;
  beforeAll(async () => {
    db = await createTestDatabase('candle_cache');
    conn = await mongoose.createConnection(db.uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
  });
  afterAll(async () => {
    await conn.close();
    await db.drop();
  });

  it('stores and reads back candles exactly, by token, interval and half-open range', async () => {
    const cache = await MongoCandleCache.open(conn);
    await cache.upsert(T, '1m', bars);
    await cache.upsert(T, '5m', bars.slice(0, 3));
    await cache.upsert(instrumentToken(1), '1m', bars.slice(0, 5));
    expect(await cache.read(T, '1m', { from: bars[0]!.time, to: bars[19]!.time + 1 })).toEqual(bars);
    expect(await cache.read(T, '1m', { from: bars[5]!.time, to: bars[8]!.time })).toEqual(bars.slice(5, 8));
    expect(await cache.read(T, '5m', { from: 0, to: 8.64e15 })).toEqual(bars.slice(0, 3));
  });

  it('upserts idempotently, replacing values (including dropping a stale oi) without duplicating', async () => {
    const cache = await MongoCandleCache.open(conn);
    await cache.upsert(T, '1m', bars);
    const changed = bars.map(({ oi: _oi, ...b }) => ({ ...b, close: b.close + 1 }));
    await cache.upsert(T, '1m', changed);
    expect(await cache.read(T, '1m', { from: 0, to: 8.64e15 })).toEqual(changed);
    expect(await conn.collection('candles').countDocuments({ token: T, interval: '1m' })).toBe(bars.length);
    await expect(conn.collection('candles').insertOne({ token: T, interval: '1m', time: new Date(bars[0]!.time) })).rejects.toThrow(/duplicate key/);
  });

  it('remembers complete ranges, merged', async () => {
    const cache = await MongoCandleCache.open(conn);
    const X = instrumentToken(42);
    expect(await cache.completeRanges(X, 'day')).toEqual([]);
    await cache.markComplete(X, 'day', { from: 100_000, to: 200_000 });
    await cache.markComplete(X, 'day', { from: 300_000, to: 400_000 });
    await cache.markComplete(X, 'day', { from: 150_000, to: 300_000 });
    await cache.markComplete(X, 'day', { from: 900_000, to: 900_000 }); // empty: ignored
    await cache.markComplete(X, '1m', { from: 0, to: 5 });
    expect(await cache.completeRanges(X, 'day')).toEqual([{ from: 100_000, to: 400_000 }]);
  });
});
