/**
 * Applying one update specification to one document: operator updates (through mingo's updater,
 * with `$setOnInsert` handled here because it is the server's job), replacement documents and
 * aggregation-pipeline updates; plus the seed document an upsert starts from.
 */
import type { Document } from 'bson';
import { update as mingoUpdate, updateOne as mingoUpdateOne, type Modifier, type PipelineStage } from 'mingo/updater';
import { setValue } from 'mingo/util';
import { typeRank } from './compare';
import { CommandError, failedToParse } from './errors';
import { mingoOptions } from './query';
import { deepCopy } from './storage';

const SUPPORTED_OPERATORS = new Set(['$addToSet', '$bit', '$currentDate', '$inc', '$max', '$min', '$mul', '$pop', '$pull', '$pullAll', '$push', '$rename', '$set', '$unset', '$setOnInsert']);

export type UpdateKind = 'operators' | 'replacement' | 'pipeline';

export function updateKind(u: unknown): UpdateKind {
  if (Array.isArray(u)) return 'pipeline';
  if (u === null || typeof u !== 'object') throw failedToParse('Update argument must be either an object or an array');
  const keys = Object.keys(u);
  if (keys[0]?.startsWith('$') === true) {
    for (const k of keys) {
      if (!SUPPORTED_OPERATORS.has(k)) {
        throw failedToParse(`Unknown modifier: ${k}. Expected a valid update modifier or pipeline-style update specified as an array`);
      }
    }
    return 'operators';
  }
  for (const k of keys) {
    if (k.startsWith('$')) throw new CommandError(52, 'DollarPrefixedFieldName', `The dollar ($) prefixed field '${k}' in '${k}' is not allowed in the context of an update's replacement document.`);
  }
  return 'replacement';
}

/** `_id` first, as MongoDB stores it. */
export function idFirst(doc: Document): Document {
  if (Object.keys(doc)[0] === '_id' || doc._id === undefined) return doc;
  const { _id, ...rest } = doc;
  return { _id, ...rest };
}

function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof CommandError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    if (message.includes('immutable field')) throw new CommandError(66, 'ImmutableField', message);
    throw failedToParse(message);
  }
}

export interface ApplyOptions {
  readonly arrayFilters?: Document[];
  /** The filter the document matched (for the positional `$` operator); absent for an upsert insert. */
  readonly filter?: Document;
  /** True when building the document an upsert inserts ($setOnInsert applies). */
  readonly inserting: boolean;
}

/** Returns the new version of `orig` (which is not touched). */
export function applyUpdate(orig: Document, u: unknown, opts: ApplyOptions): Document {
  const kind = updateKind(u);
  if (kind === 'replacement') {
    const replacement = deepCopy(u as Document);
    const id: unknown = replacement._id !== undefined ? replacement._id : orig._id;
    const { _id: _ignored, ...rest } = replacement;
    return id === undefined ? rest : { _id: id, ...rest };
  }
  const copy = deepCopy(orig);
  if (kind === 'pipeline') {
    const docs = [copy];
    guard(() => mingoUpdateOne(docs, {}, u as PipelineStage[], {}, mingoOptions()));
    return docs[0]!;
  }
  const { $setOnInsert, ...ops } = deepCopy(u as Document);
  if (opts.inserting && $setOnInsert) ops.$set = { ...(ops.$set as Document | undefined), ...($setOnInsert as Document) };
  if (Object.keys(ops).length === 0) return copy;
  guard(() =>
    mingoUpdate(copy, ops as Modifier<Document>, opts.arrayFilters, opts.filter, {
      cloneMode: 'deep',
      queryOptions: mingoOptions(),
    }),
  );
  return copy;
}

function isOperatorObject(v: unknown): v is Document {
  return typeRank(v) === 5 && Object.keys(v as Document).some((k) => k.startsWith('$'));
}

function seedInto(out: Document, filter: Document): void {
  for (const [k, v] of Object.entries(filter)) {
    if (k === '$and' && Array.isArray(v)) {
      for (const child of v) seedInto(out, child as Document);
    } else if (k.startsWith('$')) {
      continue;
    } else if (isOperatorObject(v)) {
      if ('$eq' in v) setValue(out, k, deepCopy({ v: v.$eq }).v);
    } else {
      setValue(out, k, deepCopy({ v }).v);
    }
  }
}

/** The document an upsert starts from: the equality fields of the query. */
export function upsertSeed(filter: Document | undefined, kind: UpdateKind): Document {
  const out: Document = {};
  if (filter) seedInto(out, filter);
  if (kind !== 'operators') return out._id === undefined ? {} : { _id: out._id };
  return out;
}
