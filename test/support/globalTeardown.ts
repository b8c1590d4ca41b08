/** Jest global teardown: runs once after all test files; closes the test server global setup started. */
import type { MongoTestServer } from '../fakes/mongo/server';

type GlobalWithServer = typeof globalThis & { __autoppmMongoTestServer?: MongoTestServer };

export default async function globalTeardown(): Promise<void> {
  const g = globalThis as GlobalWithServer;
  const server = g.__autoppmMongoTestServer;
  if (!server) return;
  g.__autoppmMongoTestServer = undefined;
  delete process.env.AUTOPPM_TEST_MONGO_URI;
  await server.close();
}
