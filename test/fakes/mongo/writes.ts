/**
 * The write engine shared by `update` and `findAndModify`: select the matching documents, apply the
 * update to copies, store them through the collection (which enforces unique indexes), or insert the
 * upsert document.
 */
import { serialize, type Document } from 'bson';
import type { Collection, Database } from './storage';
import { withId } from './storage';
import { applyUpdate, idFirst, updateKind, upsertSeed } from './updateApply';
import { compileFilter, sortDocuments } from './query';

export interface ModifyRequest {
  readonly filter: Document | undefined;
  readonly update: unknown;
  readonly multi: boolean;
  readonly upsert: boolean;
  readonly arrayFilters?: Document[];
  readonly sort?: Document;
}

export interface ModifyOutcome {
  readonly matched: number;
  readonly modified: number;
  readonly upsertedId?: unknown;
  /** First affected document before and after the change (for findAndModify). */
  readonly before?: Document;
  readonly after?: Document;
}

/** Matching stored documents in natural (or `sort`) order. */
export function selectDocuments(coll: Collection | undefined, filter: Document | undefined, sort?: Document, limit = 0): Document[] {
  if (!coll) return [];
  const matches = compileFilter(filter);
  const found: Document[] = [];
  for (const doc of coll.all()) {
    if (!matches(doc)) continue;
    found.push(doc);
    if (!sort && limit > 0 && found.length >= limit) break;
  }
  const sorted = sortDocuments(found, sort);
  return limit > 0 ? sorted.slice(0, limit) : sorted;
}

function sameBytes(a: Document, b: Document): boolean {
  return Buffer.from(serialize(a)).equals(Buffer.from(serialize(b)));
}

export function modify(db: Database, collName: string, req: ModifyRequest): ModifyOutcome {
  const kind = updateKind(req.update);
  const existing = db.get(collName);
  const targets = selectDocuments(existing, req.filter, req.sort, req.multi ? 0 : 1);
  if (targets.length === 0) {
    if (!req.upsert) return { matched: 0, modified: 0 };
    const seed = upsertSeed(req.filter, kind);
    const built = applyUpdate(seed, req.update, { arrayFilters: req.arrayFilters, inserting: true });
    const doc = idFirst(withId(built));
    db.ensure(collName).insert(doc);
    return { matched: 0, modified: 0, upsertedId: doc._id, after: doc };
  }
  const coll = db.ensure(collName);
  let modified = 0;
  let before: Document | undefined;
  let after: Document | undefined;
  for (const orig of targets) {
    const next = applyUpdate(orig, req.update, { arrayFilters: req.arrayFilters, filter: req.filter, inserting: false });
    if (!sameBytes(orig, next)) {
      coll.replace(orig, next);
      modified++;
    }
    if (before === undefined) {
      before = orig;
      after = next;
    }
  }
  return { matched: targets.length, modified, before, after };
}
