/**
 * Jest global setup: runs once in the parent process before any worker starts. Without MONGODB_URI it
 * starts the in-memory MongoDB wire-protocol test server and publishes its URI as
 * AUTOPPM_TEST_MONGO_URI (workers inherit the environment); with MONGODB_URI it starts nothing.
 */
import { startMongoTestServer, type MongoTestServer } from '../fakes/mongo/server';

export const TEST_SERVER_HANDLE = '__autoppmMongoTestServer';

type GlobalWithServer = typeof globalThis & { [TEST_SERVER_HANDLE]?: MongoTestServer };

export default async function globalSetup(): Promise<void> {
  process.env.TZ = 'Asia/Kolkata';
  process.env.NO_PROXY = '127.0.0.1,localhost';
  if (process.env.MONGODB_URI) return;
  const server = await startMongoTestServer();
  (globalThis as GlobalWithServer)[TEST_SERVER_HANDLE] = server;
  process.env.AUTOPPM_TEST_MONGO_URI = server.uri;
}
