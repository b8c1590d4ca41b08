import mongoose, { type Connection } from 'mongoose';
import { instrumentToken } from '../../../src/core/ids';
import type { Instrument } from '../../../src/core/instrument';
import { MongoInstrumentRepository } from '../../../src/store/instruments/mongoInstrumentRepository';
import { createTestDatabase, type TestDatabase } from '../../fakes/mongo/testDb';

const list: Instrument[] = [
  { token: instrumentToken(408065), exchangeToken: 1594, exchange: 'NSE', tradingsymbol: 'INFY', name: 'INFOSYS', tickSize: 0.05, lotSize: 1, segment: 'NSE', instrumentType: 'EQ' },
  {
    token: instrumentToken(12345602), exchangeToken: 48225, exchange: 'NFO', tradingsymbol: 'RELIANCE25MAR1300CE', name: 'RELIANCE',
    tickSize: 0.05, lotSize: 500, segment: 'NFO-OPT', instrumentType: 'CE', expiry: '2025-03-27', strike: 1300,
  },
];

describe('MongoInstrumentRepository', () => {
  let db: TestDatabase;
  let conn: Connection;
  beforeAll(async () => {
    db = await createTestDatabase('instrument_repo');
    conn = await mongoose.createConnection(db.uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
  });
  afterAll(async () => {
    await conn.close();
    await db.drop();
  });

  it('round-trips the list and when it was fetched; replacing removes old rows', async () => {
    const repo = await MongoInstrumentRepository.open(conn);
    expect(await repo.load()).toBeNull();
    await repo.replaceAll(list, 1_700_000_000_000);
    const back = await repo.load();
    expect(back?.fetchedAt).toBe(1_700_000_000_000);
    expect([...(back?.instruments ?? [])].sort((a, b) => a.token - b.token)).toEqual(list);
    await repo.replaceAll(list.slice(0, 1), 1_700_000_100_000);
    expect(await repo.load()).toEqual({ instruments: list.slice(0, 1), fetchedAt: 1_700_000_100_000 });
  });

  it('treats an interrupted replace (row count differs from the list record) as nothing stored', async () => {
    const repo = await MongoInstrumentRepository.open(conn);
    await repo.replaceAll(list, 1_700_000_000_000);
    await conn.collection('instruments').deleteOne({ token: 408065 });
    expect(await repo.load()).toBeNull();
  });
});
