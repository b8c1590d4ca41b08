/**
 * Index catalogue of one collection. Only unique indexes do work here (the server scans, it never
 * uses an index to answer a query): each keeps a map from the canonical key of the indexed values to
 * the owning document's id key, so a duplicate is found without scanning. `sparse` and
 * `partialFilterExpression` are honoured for uniqueness; TTL (`expireAfterSeconds`) is accepted and
 * never expires anything; text/2dsphere/hashed key kinds are stored but have no effect.
 */
import type { Document } from 'bson';
import { resolve } from 'mingo/util';
import { CommandError } from './errors';
import { keyString, renderValue } from './keys';
import { compileFilter, type Matcher } from './query';

export interface IndexSpec extends Document {
  v: number;
  key: Document;
  name: string;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Document;
  expireAfterSeconds?: number;
}

export const ID_INDEX: IndexSpec = { v: 2, key: { _id: 1 }, name: '_id_' };

export function defaultIndexName(key: Document): string {
  return Object.keys(key)
    .map((k) => `${k}_${String(key[k])}`)
    .join('_');
}

export function duplicateKeyError(ns: string, spec: IndexSpec, keyValue: Document): CommandError {
  const rendered = Object.keys(keyValue)
    .map((k) => `${k}: ${renderValue(keyValue[k])}`)
    .join(', ');
  return new CommandError(11000, 'DuplicateKey', `E11000 duplicate key error collection: ${ns} index: ${spec.name} dup key: { ${rendered} }`, {
    keyPattern: { ...spec.key },
    keyValue,
  });
}

interface IndexKey {
  readonly key: string;
  readonly value: Document;
}

/** A unique index: canonical key → owner id key. */
export class UniqueIndex {
  private readonly owners = new Map<string, string>();
  private readonly fields: string[];
  private readonly partial: Matcher | undefined;

  constructor(readonly spec: IndexSpec) {
    this.fields = Object.keys(spec.key);
    this.partial = spec.partialFilterExpression ? compileFilter(spec.partialFilterExpression) : undefined;
  }

  /** The index keys a document produces (a single-field index over an array gets one key per element). */
  keysOf(doc: Document): IndexKey[] {
    if (this.partial && !this.partial(doc)) return [];
    const values = this.fields.map((f) => resolve(doc, f, { unwrapArray: true }));
    if (this.spec.sparse && values.every((v) => v === undefined)) return [];
    const combos: unknown[][] =
      this.fields.length === 1 && Array.isArray(values[0]) && values[0].length > 0 ? (values[0] as unknown[]).map((v) => [v]) : [values];
    const seen = new Set<string>();
    const out: IndexKey[] = [];
    for (const combo of combos) {
      const key = combo.map((v) => keyString(v ?? null)).join('|');
      if (seen.has(key)) continue;
      seen.add(key);
      const value: Document = {};
      this.fields.forEach((f, i) => (value[f] = combo[i] ?? null));
      out.push({ key, value });
    }
    return out;
  }

  /** The first key of `doc` already owned by another document, if any. */
  conflict(doc: Document, selfId: string | undefined): Document | undefined {
    for (const k of this.keysOf(doc)) {
      const owner = this.owners.get(k.key);
      if (owner !== undefined && owner !== selfId) return k.value;
    }
    return undefined;
  }

  add(doc: Document, id: string): void {
    for (const k of this.keysOf(doc)) this.owners.set(k.key, id);
  }

  remove(doc: Document, id: string): void {
    for (const k of this.keysOf(doc)) if (this.owners.get(k.key) === id) this.owners.delete(k.key);
  }
}
