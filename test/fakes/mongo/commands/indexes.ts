/** Index commands: createIndexes, listIndexes, dropIndexes (unique indexes are enforced by the storage). */
import type { Document } from 'bson';
import { collectionArg, docArray, optionalDoc, type CommandContext, type CommandHandler } from '../commandContext';
import { CommandError, namespaceNotFound } from '../errors';

function createIndexes(cmd: Document, ctx: CommandContext): Document {
  const name = collectionArg(cmd, 'createIndexes');
  const specs = docArray(cmd, 'indexes');
  if (specs.length === 0) throw new CommandError(2, 'BadValue', 'Must specify at least one index to create');
  const existed = ctx.db.get(name) !== undefined;
  const coll = ctx.db.ensure(name);
  const before = coll.indexSpecs().length;
  let created = 0;
  for (const spec of specs) if (coll.createIndex(spec)) created++;
  const reply: Document = { numIndexesBefore: before, numIndexesAfter: coll.indexSpecs().length, createdCollectionAutomatically: !existed, ok: 1 };
  if (created === 0) reply.note = 'all indexes already exist';
  return reply;
}

function listIndexes(cmd: Document, ctx: CommandContext): Document {
  const name = collectionArg(cmd, 'listIndexes');
  const coll = ctx.db.get(name);
  if (!coll) throw namespaceNotFound(`ns does not exist: ${ctx.db.name}.${name}`);
  const cursorOpts = optionalDoc(cmd, 'cursor');
  const batchSize = cursorOpts?.batchSize === undefined ? undefined : Number(cursorOpts.batchSize);
  return ctx.cursors.first(coll.ns, coll.indexSpecs(), batchSize);
}

function dropIndexes(cmd: Document, ctx: CommandContext): Document {
  const name = collectionArg(cmd, 'dropIndexes');
  const coll = ctx.db.get(name);
  if (!coll) throw namespaceNotFound(`ns not found ${ctx.db.name}.${name}`);
  const was = coll.indexSpecs().length;
  const which: unknown = cmd.index;
  if (which === '*') coll.dropAllIndexes();
  else if (Array.isArray(which)) for (const n of which) coll.dropIndex(String(n));
  else if (typeof which === 'string') coll.dropIndex(which);
  else if (which && typeof which === 'object') coll.dropIndex(which as Document);
  else throw new CommandError(2, 'BadValue', "dropIndexes needs 'index': a name, a key pattern, an array of names or '*'");
  return { nIndexesWas: was, ok: 1 };
}

export const indexCommands: Record<string, CommandHandler> = { createIndexes, listIndexes, dropIndexes };
