/**
 * findAndModify: one document chosen by query + sort, then removed or updated (operators, replacement
 * or pipeline; upsert), returned before or after (`new`) with the `fields` projection. Errors such as
 * a duplicate key are top-level `{ok:0, code: 11000, keyPattern, keyValue}`.
 */
import type { Document } from 'bson';
import { collectionArg, optionalDoc, type CommandContext, type CommandHandler } from '../commandContext';
import { CommandError } from '../errors';
import { project } from '../query';
import { deepCopy } from '../storage';
import { modify, selectDocuments } from '../writes';

function shaped(doc: Document | undefined, fields: Document | undefined): Document | null {
  if (!doc) return null;
  return project([deepCopy(doc)], fields)[0] ?? null;
}

function findAndModify(cmd: Document, ctx: CommandContext): Document {
  const name = collectionArg(cmd, Object.keys(cmd)[0] ?? 'findAndModify');
  const query = optionalDoc(cmd, 'query');
  const sort = optionalDoc(cmd, 'sort');
  const fields = optionalDoc(cmd, 'fields');
  if (cmd.remove === true) {
    if (cmd.update !== undefined) throw new CommandError(9, 'FailedToParse', 'Cannot specify both an update and remove=true');
    const [doc] = selectDocuments(ctx.db.get(name), query, sort, 1);
    if (doc) ctx.db.get(name)?.remove(doc);
    return { lastErrorObject: { n: doc ? 1 : 0 }, value: shaped(doc, fields), ok: 1 };
  }
  if (cmd.update === undefined) throw new CommandError(9, 'FailedToParse', 'Either an update or remove=true must be specified');
  const out = modify(ctx.db, name, {
    filter: query,
    update: cmd.update,
    multi: false,
    upsert: cmd.upsert === true,
    arrayFilters: cmd.arrayFilters as Document[] | undefined,
    sort,
  });
  const lastErrorObject: Document = { n: out.matched + (out.upsertedId !== undefined ? 1 : 0), updatedExisting: out.matched > 0 };
  if (out.upsertedId !== undefined) lastErrorObject.upserted = out.upsertedId;
  const value = cmd.new === true ? out.after : out.before;
  return { lastErrorObject, value: shaped(value, fields), ok: 1 };
}

export const findAndModifyCommands: Record<string, CommandHandler> = { findAndModify, findandmodify: findAndModify };
