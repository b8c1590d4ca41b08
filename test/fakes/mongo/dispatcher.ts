/**
 * Routes a command document to its handler by the name of its first field. Unknown commands answer
 * `{ok: 0, code: 59, codeName: "CommandNotFound"}` so any gap is loud; handler failures become
 * `{ok: 0, errmsg, code, codeName}` replies and never take the server down.
 */
import type { Document } from 'bson';
import type { CommandContext, CommandHandler } from './commandContext';
import { adminCommands } from './commands/admin';
import { aggregateCommands } from './commands/aggregate';
import { collectionCommands } from './commands/collections';
import { findAndModifyCommands } from './commands/findAndModify';
import { indexCommands } from './commands/indexes';
import { readCommands } from './commands/readCommands';
import { writeCommands } from './commands/writeCommands';
import type { CursorRegistry } from './cursors';
import { CommandError } from './errors';
import type { Storage } from './storage';

const HANDLERS: ReadonlyMap<string, CommandHandler> = new Map(
  Object.entries({
    ...adminCommands,
    ...collectionCommands,
    ...indexCommands,
    ...writeCommands,
    ...findAndModifyCommands,
    ...readCommands,
    ...aggregateCommands,
  }),
);

/** Names of every command the server answers (for the CLI banner and the docs). */
export const SUPPORTED_COMMANDS: readonly string[] = [...HANDLERS.keys()].sort();

export interface ConnectionState {
  readonly storage: Storage;
  readonly cursors: CursorRegistry;
  readonly connectionId: number;
}

export function dispatch(command: Document, fallbackDb: string | undefined, conn: ConnectionState): Document {
  const name = Object.keys(command)[0] ?? '';
  const handler = HANDLERS.get(name);
  if (!handler) return { ok: 0, errmsg: `no such command: '${name}'`, code: 59, codeName: 'CommandNotFound' };
  try {
    const dbName = typeof command.$db === 'string' ? command.$db : (fallbackDb ?? 'admin');
    const ctx: CommandContext = { ...conn, db: conn.storage.db(dbName) };
    return handler(command, ctx);
  } catch (err) {
    if (err instanceof CommandError) return err.toReply();
    const message = err instanceof Error ? err.message : String(err);
    return { ok: 0, errmsg: `internal error in the in-memory test server while running '${name}': ${message}`, code: 1, codeName: 'InternalError' };
  }
}
