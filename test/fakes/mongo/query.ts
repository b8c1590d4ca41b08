/**
 * The query engine boundary: mingo does the MongoDB query language, projection and aggregation, with
 * its comparison operators replaced by BSON-aware ones (compare.ts) so that ObjectId, Date,
 * Decimal128, Long, Int32 and Double compare and sort as MongoDB does. Sorting is ours as well.
 */
import type { Document } from 'bson';
import { Context } from 'mingo';
import { Aggregator } from 'mingo/aggregator';
import * as accumulatorOperators from 'mingo/operators/accumulator';
import * as expressionOperators from 'mingo/operators/expression';
import * as pipelineOperators from 'mingo/operators/pipeline';
import * as projectionOperators from 'mingo/operators/projection';
import * as queryOperators from 'mingo/operators/query';
import * as windowOperators from 'mingo/operators/window';
import { Query } from 'mingo/query';
import type { Options } from 'mingo/types';
import { resolve } from 'mingo/util';
import { bsonEquals, compareBson, typeRank } from './compare';
import { badValue } from './errors';

type Predicate = (lhs: unknown, rhs: unknown) => boolean;

function eqMatch(lhs: unknown, rhs: unknown): boolean {
  if (bsonEquals(lhs, rhs)) return true;
  if (!Array.isArray(lhs)) return false;
  return lhs.some((el) => bsonEquals(el, rhs) || (Array.isArray(el) && Array.isArray(rhs) === false && el.some((x) => bsonEquals(x, rhs))));
}

function inMatch(lhs: unknown, rhs: unknown): boolean {
  if (!Array.isArray(rhs)) throw badValue('$in needs an array');
  return rhs.some((r) => {
    if (r instanceof RegExp) {
      const vals = Array.isArray(lhs) ? lhs : [lhs];
      return vals.some((v) => typeof v === 'string' && r.test(v));
    }
    return eqMatch(lhs, r);
  });
}

function ordered(test: (c: number) => boolean): Predicate {
  return (lhs, rhs) => {
    const candidates = Array.isArray(lhs) ? [...lhs, lhs] : [lhs];
    const rank = typeRank(rhs);
    return candidates.some((v) => (v !== undefined || rhs === null) && typeRank(v) === rank && test(compareBson(v, rhs)));
  };
}

function fieldOperator(pred: Predicate) {
  return (selector: string, value: unknown) => (obj: Document) => pred(resolve(obj, selector, { unwrapArray: true }), value);
}

const BSON_QUERY_OPS = {
  $eq: fieldOperator(eqMatch),
  $ne: fieldOperator((l, r) => !eqMatch(l, r)),
  $in: fieldOperator(inMatch),
  $nin: fieldOperator((l, r) => !inMatch(l, r)),
  $gt: fieldOperator(ordered((c) => c > 0)),
  $gte: fieldOperator(ordered((c) => c >= 0)),
  $lt: fieldOperator(ordered((c) => c < 0)),
  $lte: fieldOperator(ordered((c) => c <= 0)),
};

type QueryOps = NonNullable<NonNullable<Parameters<typeof Context.init>[0]>['query']>;
// Our operators must be in the one context we pass: mingo's own entry points merge their default
// context first and its operators would win, so the server uses mingo's base classes directly.
const context = Context.init({
  accumulator: accumulatorOperators,
  expression: expressionOperators,
  pipeline: pipelineOperators,
  projection: projectionOperators,
  query: { ...queryOperators, ...(BSON_QUERY_OPS as unknown as QueryOps) },
  window: windowOperators,
});

/** mingo options shared by every query, update and aggregation the server runs. */
export function mingoOptions(extra: Partial<Options> = {}): Partial<Options> {
  return { context, useStrictMode: true, ...extra };
}

function wrap<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof Error && !(err as { code?: unknown }).code) throw badValue(`${what}: ${err.message}`);
    throw err;
  }
}

export type Matcher = (doc: Document) => boolean;

/** Compiles a filter document; an empty or absent filter matches everything. */
export function compileFilter(filter: Document | undefined | null): Matcher {
  if (!filter || Object.keys(filter).length === 0) return () => true;
  const q = wrap('invalid filter', () => new Query(filter, mingoOptions()));
  return (doc) => wrap('invalid filter', () => q.test(doc));
}

/** Sort key of one field: arrays sort by their smallest (ascending) or largest (descending) element. */
function sortKey(doc: Document, path: string, dir: number): unknown {
  const v = resolve(doc, path, { unwrapArray: true });
  if (!Array.isArray(v)) return v;
  if (v.length === 0) return undefined;
  let best: unknown = v[0];
  for (const x of v) if (dir * compareBson(x, best) < 0) best = x;
  return best;
}

/** Stable sort by a MongoDB sort specification ({field: 1 | -1}). */
export function sortDocuments(docs: Document[], spec: Document | undefined | null): Document[] {
  if (!spec) return docs;
  const fields = Object.keys(spec).map((path) => {
    const raw: unknown = spec[path];
    const dir = Number(raw) < 0 ? -1 : 1;
    if (typeof raw === 'object' && raw !== null) throw badValue(`unsupported sort specification for ${path} ($meta sorts are not supported)`);
    return { path, dir };
  });
  if (fields.length === 0) return docs;
  const keyed = docs.map((doc, i) => ({ doc, i, keys: fields.map((f) => sortKey(doc, f.path, f.dir)) }));
  keyed.sort((a, b) => {
    for (let k = 0; k < fields.length; k++) {
      const c = compareBson(a.keys[k], b.keys[k]);
      if (c !== 0) return c * fields[k]!.dir;
    }
    return a.i - b.i;
  });
  return keyed.map((x) => x.doc);
}

/** Applies a find projection to already-copied documents. */
export function project(docs: Document[], projection: Document | undefined | null): Document[] {
  if (!projection || Object.keys(projection).length === 0) return docs;
  return wrap('invalid projection', () => new Query({}, mingoOptions()).find<Document>(docs, projection).all());
}

/** Runs an aggregation pipeline over copied documents; `lookup` resolves other collections by name. */
export function runPipeline(docs: Document[], pipeline: Document[], lookup: (name: string) => Document[]): Document[] {
  return wrap('aggregation failed', () => new Aggregator(pipeline, mingoOptions({ collectionResolver: lookup })).run(docs) as Document[]);
}
