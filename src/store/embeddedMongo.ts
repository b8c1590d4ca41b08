/**
 * A real mongod run by the bot itself when no MONGODB_URI is given (mongodb-memory-server-core), with a
 * persistent wiredTiger data directory (DATA_DIR/mongo) that survives restarts. On first use mongod is
 * downloaded (mongodb-memory-server prints the progress); MONGOMS_* variables tune that, e.g.
 * MONGOMS_SYSTEM_BINARY=/path/to/mongod uses a mongod you already have. If mongod cannot be had, the
 * result is an error naming the ways to provide MongoDB — never an in-memory stand-in.
 */
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { MongoBinary, MongoInstance } from 'mongodb-memory-server-core';
import { err, ok, type Result } from '../core/result';
import type { Logger } from '../log/logger';
import { errorReason } from './connection';

export interface EmbeddedMongo {
  /** mongodb://127.0.0.1:<port>/<dbName> */
  readonly uri: string;
  readonly dbPath: string;
  stop(): Promise<void>;
}

export interface EmbeddedMongoError {
  readonly kind: 'embedded-mongo-unavailable';
  readonly reason: string;
  /** For people: what went wrong and every way to provide MongoDB instead. */
  readonly message: string;
}

export interface EmbeddedMongoOptions {
  readonly dataDir: string;
  readonly logger: Logger;
  readonly dbName?: string;
  /** The process environment, read for MONGOMS_* (default process.env). */
  readonly env?: NodeJS.ProcessEnv;
}

export const PROVIDE_MONGO_HINT =
  'provide MongoDB in one of these ways: set MONGODB_URI=mongodb://host:27017/autoppm, ' +
  'or run `docker compose up -d mongo` and set MONGODB_URI=mongodb://localhost:27017/autoppm, ' +
  'or set MONGOMS_SYSTEM_BINARY=/path/to/mongod to use a mongod you already have';

export function embeddedMongoUnavailable(reason: string): EmbeddedMongoError {
  return {
    kind: 'embedded-mongo-unavailable',
    reason,
    message: `cannot start the embedded MongoDB (${reason}); ${PROVIDE_MONGO_HINT}.`,
  };
}

export async function startEmbeddedMongo(options: EmbeddedMongoOptions): Promise<Result<EmbeddedMongo, EmbeddedMongoError>> {
  const env = options.env ?? process.env;
  const log = options.logger.child({ component: 'embedded-mongo' });
  const dbPath = resolve(join(options.dataDir, 'mongo'));
  // Offline, the default three download attempts with back-off take ~10 s; one retry is enough to ride out a blip.
  if (env.MONGOMS_MAX_RETRIES === undefined) env.MONGOMS_MAX_RETRIES = '2';

  try {
    mkdirSync(dbPath, { recursive: true });
  } catch (e) {
    return err(embeddedMongoUnavailable(`its data directory ${dbPath} cannot be created: ${errorReason(e)}`));
  }

  let binary: string;
  try {
    log.info({ dbPath }, 'looking for mongod (the first start downloads it, ~100 MB; progress follows)');
    binary = await MongoBinary.getPath();
  } catch (e) {
    return err(embeddedMongoUnavailable(`mongod could not be found or downloaded: ${errorReason(e)}`));
  }

  let instance: MongoInstance;
  try {
    const port = await freePort();
    instance = await MongoInstance.create({
      instance: { ip: '127.0.0.1', port, dbPath, storageEngine: 'wiredTiger', launchTimeout: 60_000 },
      binary: { systemBinary: binary },
    });
    const dbName = options.dbName ?? 'autoppm';
    const uri = `mongodb://127.0.0.1:${port}/${dbName}`;
    log.info({ uri, dbPath, binary }, 'embedded MongoDB started');
    return ok({
      uri,
      dbPath,
      async stop() {
        await instance.stop();
        log.info('embedded MongoDB stopped');
      },
    });
  } catch (e) {
    return err(embeddedMongoUnavailable(`mongod ${binary} did not start: ${errorReason(e)}`));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}
