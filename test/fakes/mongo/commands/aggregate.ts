/**
 * aggregate with a cursor, over a collection (or `aggregate: 1` for collection-less pipelines with a
 * leading $documents). mingo runs the stages; $lookup reads other collections of the same database.
 * $out and $merge write nothing here and are refused.
 */
import type { Document } from 'bson';
import { optionalDoc, type CommandContext, type CommandHandler } from '../commandContext';
import { badValue, CommandError } from '../errors';
import { runPipeline } from '../query';
import { deepCopy } from '../storage';

function aggregate(cmd: Document, ctx: CommandContext): Document {
  const target: unknown = cmd.aggregate;
  const pipeline: unknown = cmd.pipeline;
  if (!Array.isArray(pipeline)) throw badValue("aggregate needs 'pipeline': an array of stages");
  const stages = pipeline as Document[];
  for (const stage of stages) {
    const op = Object.keys(stage)[0];
    if (op === '$out' || op === '$merge') throw new CommandError(40324, 'Location40324', `Unrecognized pipeline stage name: '${op}' (not supported by the in-memory test server)`);
  }
  if (cmd.explain === true) throw new CommandError(59, 'CommandNotFound', 'explain is not supported by the in-memory test server');
  const cursorOpts = optionalDoc(cmd, 'cursor');
  if (!cursorOpts) throw new CommandError(9, 'FailedToParse', "The 'cursor' option is required, except for aggregate with the explain argument");
  const source = typeof target === 'string' ? (ctx.db.get(target)?.all() ?? []).map(deepCopy) : [];
  const lookup = (name: string): Document[] => (ctx.db.get(name)?.all() ?? []).map(deepCopy);
  const results = runPipeline(source, stages, lookup).map(deepCopy);
  const ns = typeof target === 'string' ? `${ctx.db.name}.${target}` : `${ctx.db.name}.$cmd.aggregate`;
  const batchSize = cursorOpts.batchSize === undefined ? undefined : Number(cursorOpts.batchSize);
  return ctx.cursors.first(ns, results, batchSize);
}

export const aggregateCommands: Record<string, CommandHandler> = { aggregate };
