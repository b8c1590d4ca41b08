/** Collection commands: create, drop, listCollections. Validators and capped/timeseries options are stored, not enforced. */
import type { Document } from 'bson';
import { collectionArg, optionalDoc, type CommandContext, type CommandHandler } from '../commandContext';
import { CommandError } from '../errors';
import { ID_INDEX } from '../indexes';
import { compileFilter } from '../query';
import { Collection, validateCollectionName } from '../storage';

const OPTION_FIELDS = ['capped', 'size', 'max', 'validator', 'validationLevel', 'validationAction', 'collation', 'timeseries', 'expireAfterSeconds', 'clusteredIndex'];

function create(cmd: Document, ctx: CommandContext): Document {
  const name = collectionArg(cmd, 'create');
  validateCollectionName(ctx.db.name, name);
  if (ctx.db.get(name)) throw new CommandError(48, 'NamespaceExists', `Collection ${ctx.db.name}.${name} already exists.`);
  const options: Document = {};
  for (const f of OPTION_FIELDS) if (cmd[f] !== undefined) options[f] = cmd[f];
  ctx.db.collections.set(name, new Collection(ctx.db.name, name, options));
  return { ok: 1 };
}

function drop(cmd: Document, ctx: CommandContext): Document {
  const name = collectionArg(cmd, 'drop');
  const c = ctx.db.get(name);
  // MongoDB 7 answers ok for a collection that does not exist.
  if (!c) return { ok: 1 };
  ctx.db.collections.delete(name);
  return { nIndexesWas: c.indexSpecs().length, ns: c.ns, ok: 1 };
}

function listCollections(cmd: Document, ctx: CommandContext): Document {
  const nameOnly = cmd.nameOnly === true;
  const all = [...ctx.db.collections.values()].map((c): Document =>
    nameOnly
      ? { name: c.name, type: 'collection' }
      : { name: c.name, type: 'collection', options: { ...c.options }, info: { readOnly: false }, idIndex: { ...ID_INDEX } },
  );
  const matches = compileFilter(optionalDoc(cmd, 'filter'));
  const cursorOpts = optionalDoc(cmd, 'cursor');
  const batchSize = cursorOpts?.batchSize === undefined ? undefined : Number(cursorOpts.batchSize);
  return ctx.cursors.first(`${ctx.db.name}.$cmd.listCollections`, all.filter(matches), batchSize);
}

export const collectionCommands: Record<string, CommandHandler> = { create, drop, listCollections };
