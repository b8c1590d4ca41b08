/**
 * The MongoDB connection (mongoose). Timeouts are short enough that an unreachable server is reported in
 * seconds; once connected, the driver reconnects by itself and every state change is logged.
 * Repositories build their models on `store.connection` (connection.model(...)), not on mongoose's global.
 */
import mongoose, { type Connection } from 'mongoose';
import { redactUri } from '../config/redactUri';
import { err, ok, type Result } from '../core/result';
import type { Logger } from '../log/logger';

export interface MongoConnectOptions {
  readonly logger: Logger;
  /** How long to look for a server before giving up (default 5000 ms). */
  readonly serverSelectionTimeoutMS?: number;
  /** TCP connect timeout (default 5000 ms). */
  readonly connectTimeoutMS?: number;
  /** Inactivity timeout of a socket (default 0: none, so long-running queries and change streams survive). */
  readonly socketTimeoutMS?: number;
  /** What to tell a person when MongoDB cannot be reached (default: set MONGODB_URI or start the compose mongo). */
  readonly hint?: string;
}

export interface MongoUnreachable {
  readonly kind: 'mongo-unreachable';
  /** The URI with its password masked. */
  readonly uri: string;
  readonly reason: string;
  /** One sentence for people: what went wrong and what to do. */
  readonly message: string;
}

export interface MongoStore {
  readonly connection: Connection;
  /** The URI with its password masked, for logs and status. */
  readonly uri: string;
  isConnected(): boolean;
  /** Round-trips a ping; false when the server does not answer within timeoutMs. */
  ping(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

export const DEFAULT_MONGO_HINT = 'set MONGODB_URI or run `docker compose up -d mongo`';

const MAX_REASON = 300;

/** An error message on one line (no stack), credentials masked, clipped to a readable length. */
export function errorReason(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  const line = text.split('\n').map((l) => l.trim()).filter((l) => l !== '').join(' ') || 'unknown error';
  const clipped = line.length > MAX_REASON ? `${line.slice(0, MAX_REASON)}…` : line;
  return redactUri(clipped);
}

export function mongoUnreachable(uri: string, reason: string, hint = DEFAULT_MONGO_HINT): MongoUnreachable {
  const shown = redactUri(uri);
  return { kind: 'mongo-unreachable', uri: shown, reason, message: `cannot reach MongoDB at ${shown}: ${reason}; ${hint}` };
}

function uriHas(uri: string, option: string): boolean {
  return new RegExp(`[?&]${option}=`, 'i').test(uri);
}

export async function connectMongo(uri: string, options: MongoConnectOptions): Promise<Result<MongoStore, MongoUnreachable>> {
  const shown = redactUri(uri);
  const log = options.logger.child({ component: 'mongo', uri: shown });
  const connection = mongoose.createConnection(uri, {
    appName: 'autoppm',
    // Options written in the URI (e.g. ?serverSelectionTimeoutMS=30000) win over these defaults.
    ...(uriHas(uri, 'serverSelectionTimeoutMS') ? {} : { serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 5000 }),
    ...(uriHas(uri, 'connectTimeoutMS') ? {} : { connectTimeoutMS: options.connectTimeoutMS ?? 5000 }),
    socketTimeoutMS: options.socketTimeoutMS ?? 0,
    // The driver's server check every second (its default is 10 s), so a MongoDB that is back is seen within a second
    // even when nothing asks for it. (A check that never ended, leaving the server Unknown for good after an outage,
    // was a driver bug — a heartbeat written to a socket Node had destroyed but not yet closed waited for ever for
    // 'drain' — fixed by patches/mongodb+7.9.1.patch; test/store/mongoDriverPatch.test.ts.)
    ...(uriHas(uri, 'heartbeatFrequencyMS') ? {} : { heartbeatFrequencyMS: 1000 }),
  });
  let opened = false;
  connection.on('connected', () => log.info('MongoDB connected'));
  connection.on('disconnected', () => {
    if (opened) log.warn('MongoDB disconnected; the driver keeps retrying');
  });
  connection.on('reconnected', () => log.info('MongoDB reconnected'));
  connection.on('error', (e: unknown) => {
    if (opened) log.error({ reason: errorReason(e) }, 'MongoDB connection error');
  });
  connection.on('close', () => log.info('MongoDB connection closed'));

  try {
    await connection.asPromise();
  } catch (e) {
    await connection.close(true).catch(() => undefined);
    return err(mongoUnreachable(uri, errorReason(e), options.hint));
  }
  opened = true;

  return ok({
    connection,
    uri: shown,
    isConnected: () => connection.readyState === mongoose.ConnectionStates.connected,
    async ping(timeoutMs = 2000) {
      const db = connection.db;
      if (!db) return false;
      // Tried even while the driver says disconnected: the ping's server selection asks the driver's monitor to look
      // at once, so a MongoDB that is back is seen within one ping, whatever the monitoring mode (stream, where the
      // server supports it, or poll) and its heartbeat (10 s) — the outage watch does not depend on either.
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      try {
        return await Promise.race([db.admin().ping().then(() => true as const), timeout]);
      } catch {
        return false;
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      await connection.close();
    },
  });
}
