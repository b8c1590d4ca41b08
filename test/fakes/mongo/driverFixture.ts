/** Shared setup for the driver conformance files: one fresh database and a connected MongoClient. */
import { MongoClient, type Db, type Document, type ObjectId } from 'mongodb';
import { createTestDatabase, type TestDatabase } from './testDb';

/** Collections in these tests hold documents of every shape, with _id of any type. */
export interface Loose extends Document {
  _id?: string | number | ObjectId;
}

export interface DriverFixture {
  readonly tdb: TestDatabase;
  readonly client: MongoClient;
  readonly db: Db;
}

/** Registers beforeAll/afterAll hooks; the returned getter is valid inside tests. */
export function useDriverDatabase(label: string): () => DriverFixture {
  let fixture: DriverFixture | undefined;
  beforeAll(async () => {
    const tdb = await createTestDatabase(label);
    const client = new MongoClient(tdb.uri, { serverSelectionTimeoutMS: 5000 });
    await client.connect();
    fixture = { tdb, client, db: client.db(tdb.dbName) };
  });
  afterAll(async () => {
    await fixture?.client.close();
    await fixture?.tdb.drop();
  });
  return () => {
    if (!fixture) throw new Error('the driver fixture is used outside a test');
    return fixture;
  };
}
