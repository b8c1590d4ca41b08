/** Handshake and server-level commands: hello/isMaster, ping, buildInfo, endSessions, listDatabases, dropDatabase. */
import type { Document } from 'bson';
import type { CommandContext, CommandHandler } from '../commandContext';

export const SERVER_VERSION = '7.0.0';
export const MAX_BSON_OBJECT_SIZE = 16 * 1024 * 1024;
export const MAX_MESSAGE_SIZE = 48_000_000;
export const MAX_WRITE_BATCH_SIZE = 100_000;

function hello(_cmd: Document, ctx: CommandContext): Document {
  // No setName (standalone: no transactions, no change streams) and no topologyVersion (no streaming hello).
  return {
    helloOk: true,
    ismaster: true,
    isWritablePrimary: true,
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    maxMessageSizeBytes: MAX_MESSAGE_SIZE,
    maxWriteBatchSize: MAX_WRITE_BATCH_SIZE,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId: ctx.connectionId,
    minWireVersion: 0,
    maxWireVersion: 21,
    readOnly: false,
    ok: 1,
  };
}

function buildInfo(): Document {
  return {
    version: SERVER_VERSION,
    gitVersion: 'autoppm-in-memory-test-server',
    versionArray: [7, 0, 0, 0],
    bits: 64,
    debug: false,
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    storageEngines: ['autoppm-in-memory'],
    ok: 1,
  };
}

function listDatabases(cmd: Document, ctx: CommandContext): Document {
  const dbs = [...ctx.storage.databases.values()].filter((d) => d.collections.size > 0);
  const databases = dbs.map((d) => (cmd.nameOnly ? { name: d.name } : { name: d.name, sizeOnDisk: 0, empty: false }));
  return cmd.nameOnly ? { databases, ok: 1 } : { databases, totalSize: 0, totalSizeMb: 0, ok: 1 };
}

function dropDatabase(_cmd: Document, ctx: CommandContext): Document {
  const name = ctx.db.name;
  ctx.storage.dropDatabase(name);
  return { dropped: name, ok: 1 };
}

export const adminCommands: Record<string, CommandHandler> = {
  hello,
  isMaster: hello,
  ismaster: hello,
  ping: () => ({ ok: 1 }),
  buildInfo,
  buildinfo: buildInfo,
  endSessions: () => ({ ok: 1 }),
  listDatabases,
  dropDatabase,
};
