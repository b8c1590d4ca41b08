/** What every command handler receives, and small argument readers shared by the handlers. */
import type { Document } from 'bson';
import type { CursorRegistry } from './cursors';
import { badValue, CommandError, typeMismatch } from './errors';
import type { Database, Storage } from './storage';

export interface CommandContext {
  readonly storage: Storage;
  readonly cursors: CursorRegistry;
  readonly connectionId: number;
  /** The command's database (`$db`). */
  readonly db: Database;
}

export type CommandHandler = (cmd: Document, ctx: CommandContext) => Document;

/** The collection named by the command's first field (`{find: "coll"}`). */
export function collectionArg(cmd: Document, command: string): string {
  const v: unknown = cmd[command];
  if (typeof v !== 'string') throw new CommandError(73, 'InvalidNamespace', `collection name has invalid type ${typeof v}`);
  return v;
}

export function optionalDoc(cmd: Document, field: string): Document | undefined {
  const v: unknown = cmd[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw typeMismatch(`BSON field '${field}' is the wrong type, expected an object`);
  return v as Document;
}

export function optionalNumber(cmd: Document, field: string): number | undefined {
  const v: unknown = cmd[field];
  if (v === undefined || v === null) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw typeMismatch(`BSON field '${field}' is the wrong type, expected a number`);
  return n;
}

export function docArray(cmd: Document, field: string): Document[] {
  const v: unknown = cmd[field];
  if (!Array.isArray(v)) throw badValue(`BSON field '${field}' is missing or not an array`);
  return v as Document[];
}
