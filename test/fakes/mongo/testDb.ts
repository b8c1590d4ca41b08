/**
 * Per-test-file databases. Tests call `createTestDatabase()` and get a URI pointing at a fresh,
 * uniquely named database, on the real MongoDB named by MONGODB_URI when it is set, otherwise on the
 * in-memory wire-protocol test server that Jest's global setup started (AUTOPPM_TEST_MONGO_URI).
 */
import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';

export interface TestDatabase {
  /** mongodb://host:port/<dbName>[?options] */
  readonly uri: string;
  readonly dbName: string;
  /** Drops the database (call in afterAll). */
  drop(): Promise<void>;
}

export function testServerBaseUri(): string {
  const base = process.env.MONGODB_URI ?? process.env.AUTOPPM_TEST_MONGO_URI;
  if (!base) {
    throw new Error('no MongoDB for tests: Jest global setup did not start the test server and MONGODB_URI is not set');
  }
  return base;
}

/** Replaces the database path of a MongoDB URI, keeping credentials and options. */
export function withDatabase(uri: string, dbName: string): string {
  const m = /^(mongodb(?:\+srv)?:\/\/[^/?]+)(?:\/[^?]*)?(\?.*)?$/.exec(uri);
  if (!m) throw new Error(`not a MongoDB URI: ${uri.replace(/\/\/[^@/]*@/, '//***@')}`);
  return `${m[1]}/${dbName}${m[2] ?? ''}`;
}

export async function createTestDatabase(label = 'test'): Promise<TestDatabase> {
  const safe = label.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 30);
  const dbName = `autoppm_${safe}_${randomBytes(4).toString('hex')}`;
  const uri = withDatabase(testServerBaseUri(), dbName);
  return {
    uri,
    dbName,
    async drop() {
      const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
      try {
        await client.connect();
        await client.db(dbName).dropDatabase();
      } finally {
        await client.close();
      }
    },
  };
}
