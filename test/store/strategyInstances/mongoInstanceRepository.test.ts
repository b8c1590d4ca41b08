/**
 * The instance repository on MongoDB (real mongoose against the test server): round trip, status
 * filter, validation of stored documents, and the full restart scenario of the engine tests.
 */
import mongoose, { type Connection } from 'mongoose';
import { strategyInstanceId } from '../../../src/core/ids';
import type { InstanceRecord } from '../../../src/core/ports/instanceRepository';
import { MongoInstanceRepository } from '../../../src/store/strategyInstances/mongoInstanceRepository';
import { createTestDatabase, type TestDatabase } from '../../fakes/mongo/testDb';
import { restartMatchesUninterrupted } from '../../engine/support/restartScenario';

let db: TestDatabase;
let conn: Connection;
let repo: MongoInstanceRepository;

beforeAll(async () => {
  db = await createTestDatabase('instances');
  conn = await mongoose.createConnection(db.uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
  repo = await MongoInstanceRepository.open(conn);
});

afterAll(async () => {
  await conn?.close();
  await db?.drop();
});

const rec = (id: string, status: InstanceRecord['status'], createdAt: number): InstanceRecord => ({
  id: strategyInstanceId(id),
  strategy: 'sma-cross',
  params: { fast: 5, slow: 20 },
  symbols: ['RELIANCE'],
  capitalShare: 0.25,
  status,
  state: { stop: 101.5, nested: { a: [1, 2] } },
  positions: { RELIANCE: { quantity: 12, averagePrice: 2450.35 } },
  cash: 12_345.67,
  allowShort: false,
  product: 'CNC',
  createdAt,
  updatedAt: createdAt + 5,
});

describe('MongoInstanceRepository', () => {
  it('saves, replaces, reads back, filters by status and removes', async () => {
    await repo.save(rec('b', 'running', 2000));
    await repo.save(rec('a', 'paused', 1000));
    await repo.save(rec('c', 'stopped', 3000));
    await repo.save({ ...rec('b', 'errored', 2000), message: 'boom' });
    expect(await repo.get(strategyInstanceId('a'))).toEqual(rec('a', 'paused', 1000));
    expect((await repo.get(strategyInstanceId('b')))!.message).toBe('boom');
    expect((await repo.list()).map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect((await repo.list({ status: ['running', 'paused'] })).map((r) => r.id)).toEqual(['a']);
    await repo.remove(strategyInstanceId('c'));
    expect(await repo.get(strategyInstanceId('c'))).toBeUndefined();
    for (const id of ['a', 'b']) await repo.remove(strategyInstanceId(id));
  });

  it('leaves out a stored document that does not fit the schema and says why', async () => {
    await conn.collection('strategy_instances').insertOne({
      _id: 'broken' as never,
      strategy: 'sma-cross',
      symbols: [],
      capitalShare: 7,
      status: 'running',
      createdAt: new Date(5),
      updatedAt: new Date(5),
    });
    expect(await repo.list({ status: ['running'] })).toEqual([]);
    expect(repo.problems.map((p) => p.id)).toEqual(['broken']);
    expect(repo.problems[0]!.message).toMatch(/symbols/);
    await repo.remove(strategyInstanceId('broken'));
  });

  it('restart from MongoDB restores the instances; the result equals an uninterrupted run', async () => {
    await restartMatchesUninterrupted(() => repo);
  });
});
