/** Read commands: find, getMore, killCursors, count, distinct. */
import type { Document } from 'bson';
import { collectionArg, optionalDoc, optionalNumber, type CommandContext, type CommandHandler } from '../commandContext';
import { badValue } from '../errors';
import { keyString } from '../keys';
import { compileFilter, project } from '../query';
import { deepCopy } from '../storage';
import { selectDocuments } from '../writes';
import { resolve } from 'mingo/util';

function find(cmd: Document, ctx: CommandContext): Document {
  const name = collectionArg(cmd, 'find');
  const skip = optionalNumber(cmd, 'skip') ?? 0;
  const rawLimit = optionalNumber(cmd, 'limit') ?? 0;
  if (skip < 0) throw badValue('skip value must be non-negative');
  const limit = Math.abs(rawLimit);
  const sort = optionalDoc(cmd, 'sort');
  const matched = selectDocuments(ctx.db.get(name), optionalDoc(cmd, 'filter'), sort && Object.keys(sort).length ? sort : undefined);
  const window = matched.slice(skip, limit > 0 ? skip + limit : undefined);
  const docs = project(window.map(deepCopy), optionalDoc(cmd, 'projection'));
  const singleBatch = cmd.singleBatch === true || rawLimit < 0;
  const batchSize = optionalNumber(cmd, 'batchSize');
  return ctx.cursors.first(`${ctx.db.name}.${name}`, docs, singleBatch && batchSize === undefined ? Number.MAX_SAFE_INTEGER : batchSize, singleBatch);
}

function getMore(cmd: Document, ctx: CommandContext): Document {
  const collection = typeof cmd.collection === 'string' ? cmd.collection : '';
  return ctx.cursors.more(cmd.getMore, collection, optionalNumber(cmd, 'batchSize'));
}

function killCursors(cmd: Document, ctx: CommandContext): Document {
  const ids: unknown = cmd.cursors;
  if (!Array.isArray(ids)) throw badValue("killCursors needs 'cursors': an array of cursor ids");
  return ctx.cursors.kill(ids);
}

function count(cmd: Document, ctx: CommandContext): Document {
  const name = collectionArg(cmd, 'count');
  const skip = optionalNumber(cmd, 'skip') ?? 0;
  const limit = Math.abs(optionalNumber(cmd, 'limit') ?? 0);
  let n = selectDocuments(ctx.db.get(name), optionalDoc(cmd, 'query')).length;
  n = Math.max(0, n - skip);
  if (limit > 0) n = Math.min(n, limit);
  return { n, ok: 1 };
}

function distinct(cmd: Document, ctx: CommandContext): Document {
  const name = collectionArg(cmd, 'distinct');
  const key: unknown = cmd.key;
  if (typeof key !== 'string') throw badValue("distinct needs 'key': a field path");
  const coll = ctx.db.get(name);
  const matches = compileFilter(optionalDoc(cmd, 'query'));
  const seen = new Map<string, unknown>();
  for (const doc of coll ? coll.all() : []) {
    if (!matches(doc)) continue;
    const v: unknown = resolve(doc, key, { unwrapArray: true });
    if (v === undefined) continue;
    for (const x of Array.isArray(v) ? v : [v]) {
      const k = keyString(x);
      if (!seen.has(k)) seen.set(k, x);
    }
  }
  return { values: [...seen.values()], ok: 1 };
}

export const readCommands: Record<string, CommandHandler> = { find, getMore, killCursors, count, distinct };
