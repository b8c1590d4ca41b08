/**
 * Write commands: insert, update, delete. Per-statement failures become `writeErrors: [{index, code,
 * errmsg, keyPattern?, keyValue?}]` inside an ok:1 reply (what the driver turns into
 * MongoBulkWriteError / MongoServerError); `ordered` (default true) stops at the first failure.
 */
import type { Document } from 'bson';
import { collectionArg, docArray, type CommandContext, type CommandHandler } from '../commandContext';
import { CommandError } from '../errors';
import { deepCopy, withId } from '../storage';
import { idFirst } from '../updateApply';
import { modify, selectDocuments } from '../writes';

function writeErrorOf(err: unknown, index: number): Document {
  if (!(err instanceof CommandError)) throw err;
  return { index, code: err.code, errmsg: err.message, ...err.extra };
}

function runStatements(statements: Document[], ordered: boolean, run: (s: Document, i: number) => void): Document[] {
  const errors: Document[] = [];
  for (const [i, statement] of statements.entries()) {
    try {
      run(statement, i);
    } catch (err) {
      errors.push(writeErrorOf(err, i));
      if (ordered) break;
    }
  }
  return errors;
}

function withWriteErrors(reply: Document, errors: Document[]): Document {
  return errors.length > 0 ? { ...reply, writeErrors: errors } : reply;
}

function insert(cmd: Document, ctx: CommandContext): Document {
  const name = collectionArg(cmd, 'insert');
  const documents = docArray(cmd, 'documents');
  const coll = ctx.db.ensure(name);
  let n = 0;
  const errors = runStatements(documents, cmd.ordered !== false, (doc) => {
    coll.insert(idFirst(withId(deepCopy(doc))));
    n++;
  });
  return withWriteErrors({ n, ok: 1 }, errors);
}

function update(cmd: Document, ctx: CommandContext): Document {
  const name = collectionArg(cmd, 'update');
  const statements = docArray(cmd, 'updates');
  let n = 0;
  let nModified = 0;
  const upserted: Document[] = [];
  const errors = runStatements(statements, cmd.ordered !== false, (s, index) => {
    const out = modify(ctx.db, name, {
      filter: s.q as Document | undefined,
      update: s.u,
      multi: s.multi === true,
      upsert: s.upsert === true,
      arrayFilters: s.arrayFilters as Document[] | undefined,
      sort: s.sort as Document | undefined,
    });
    n += out.matched;
    nModified += out.modified;
    if (out.upsertedId !== undefined) {
      n++;
      upserted.push({ index, _id: out.upsertedId });
    }
  });
  const reply: Document = { n, nModified, ok: 1 };
  if (upserted.length > 0) reply.upserted = upserted;
  return withWriteErrors(reply, errors);
}

function remove(cmd: Document, ctx: CommandContext): Document {
  const name = collectionArg(cmd, 'delete');
  const statements = docArray(cmd, 'deletes');
  let n = 0;
  const errors = runStatements(statements, cmd.ordered !== false, (s) => {
    const limit = Number(s.limit ?? 0);
    if (limit !== 0 && limit !== 1) throw new CommandError(9, 'FailedToParse', 'The limit field in delete objects must be 0 or 1');
    const coll = ctx.db.get(name);
    for (const doc of selectDocuments(coll, s.q as Document | undefined, undefined, limit)) {
      coll?.remove(doc);
      n++;
    }
  });
  return withWriteErrors({ n, ok: 1 }, errors);
}

export const writeCommands: Record<string, CommandHandler> = { insert, update, delete: remove };
