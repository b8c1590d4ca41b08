/**
 * In-memory storage: databases → collections → documents (+ index catalogue). Stored documents are
 * never mutated in place: writers hand in fresh copies (decoded from the wire or `deepCopy`), and
 * readers serialise them onto the wire, so no caller ever shares a reference with the store.
 */
import { deserialize, ObjectId, serialize, type Document } from 'bson';
import { CommandError } from './errors';
import { defaultIndexName, duplicateKeyError, ID_INDEX, UniqueIndex, type IndexSpec } from './indexes';
import { keyString } from './keys';

export function deepCopy<T extends Document>(doc: T): T {
  return deserialize(serialize(doc)) as T;
}

/** Returns `doc` with an `_id` (a new ObjectId, placed first) if it had none. */
export function withId(doc: Document): Document {
  if (doc._id !== undefined) return doc;
  return { _id: new ObjectId(), ...doc };
}

export class Collection {
  /** id key → document, in insertion (natural) order. */
  private readonly docs = new Map<string, Document>();
  private readonly specs: IndexSpec[] = [ID_INDEX];
  private readonly unique = new Map<string, UniqueIndex>();

  constructor(
    readonly dbName: string,
    readonly name: string,
    readonly options: Document = {},
  ) {}

  get ns(): string {
    return `${this.dbName}.${this.name}`;
  }

  get size(): number {
    return this.docs.size;
  }

  /** Stored documents in natural order. Read-only: copy before changing anything. */
  all(): Document[] {
    return [...this.docs.values()];
  }

  indexSpecs(): IndexSpec[] {
    return this.specs.map((s) => ({ ...s }));
  }

  private checkUnique(doc: Document, selfId: string | undefined): void {
    for (const idx of this.unique.values()) {
      const dup = idx.conflict(doc, selfId);
      if (dup) throw duplicateKeyError(this.ns, idx.spec, dup);
    }
  }

  insert(doc: Document): void {
    if (Array.isArray(doc._id)) throw new CommandError(2, 'BadValue', "can't use an array for _id");
    const id = keyString(doc._id);
    if (this.docs.has(id)) throw duplicateKeyError(this.ns, ID_INDEX, { _id: doc._id });
    this.checkUnique(doc, undefined);
    this.docs.set(id, doc);
    for (const idx of this.unique.values()) idx.add(doc, id);
  }

  /** Replaces a stored document by a new version with the same _id. */
  replace(oldDoc: Document, newDoc: Document): void {
    const id = keyString(oldDoc._id);
    if (keyString(newDoc._id) !== id) {
      throw new CommandError(66, 'ImmutableField', "Performing an update on the path '_id' would modify the immutable field '_id'");
    }
    this.checkUnique(newDoc, id);
    for (const idx of this.unique.values()) idx.remove(oldDoc, id);
    this.docs.set(id, newDoc);
    for (const idx of this.unique.values()) idx.add(newDoc, id);
  }

  remove(doc: Document): void {
    const id = keyString(doc._id);
    if (!this.docs.delete(id)) return;
    for (const idx of this.unique.values()) idx.remove(doc, id);
  }

  /** Adds an index; returns false when an identical one already exists. */
  createIndex(input: Document): boolean {
    const key = input.key as Document | undefined;
    if (!key || typeof key !== 'object' || Object.keys(key).length === 0) {
      throw new CommandError(67, 'CannotCreateIndex', 'Index key pattern must be a non-empty object');
    }
    const spec: IndexSpec = { ...input, v: 2, key, name: typeof input.name === 'string' ? input.name : defaultIndexName(key) };
    const sameName = this.specs.find((s) => s.name === spec.name);
    const keyId = keyString(key);
    const sameKey = this.specs.find((s) => keyString(s.key) === keyId);
    const sameOptions = (s: IndexSpec) => Boolean(s.unique) === Boolean(spec.unique) && Boolean(s.sparse) === Boolean(spec.sparse);
    if (sameName) {
      if (keyString(sameName.key) === keyId && sameOptions(sameName)) return false;
      throw new CommandError(86, 'IndexKeySpecsConflict', `An existing index has the same name as the requested index. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(sameName)}`);
    }
    if (sameKey && spec.name !== sameKey.name) {
      throw new CommandError(85, 'IndexOptionsConflict', `Index already exists with a different name: ${sameKey.name}`);
    }
    if (spec.unique) {
      const idx = new UniqueIndex(spec);
      for (const [id, doc] of this.docs) {
        const dup = idx.conflict(doc, id);
        if (dup) throw duplicateKeyError(this.ns, spec, dup);
        idx.add(doc, id);
      }
      this.unique.set(spec.name, idx);
    }
    this.specs.push(spec);
    return true;
  }

  /** Drops one index by name or key pattern; returns the number of indexes before. */
  dropIndex(which: string | Document): void {
    const spec = typeof which === 'string' ? this.specs.find((s) => s.name === which) : this.specs.find((s) => keyString(s.key) === keyString(which));
    if (!spec) {
      const label = typeof which === 'string' ? which : JSON.stringify(which);
      throw new CommandError(27, 'IndexNotFound', `index not found with name [${label}]`);
    }
    if (spec.name === ID_INDEX.name) throw new CommandError(72, 'InvalidOptions', 'cannot drop _id index');
    this.specs.splice(this.specs.indexOf(spec), 1);
    this.unique.delete(spec.name);
  }

  dropAllIndexes(): void {
    this.specs.splice(1);
    this.unique.clear();
  }
}

export class Database {
  readonly collections = new Map<string, Collection>();
  constructor(readonly name: string) {}

  get(name: string): Collection | undefined {
    return this.collections.get(name);
  }

  /** Returns the collection, creating it implicitly as MongoDB does on first write. */
  ensure(name: string): Collection {
    let c = this.collections.get(name);
    if (!c) {
      validateCollectionName(this.name, name);
      c = new Collection(this.name, name);
      this.collections.set(name, c);
    }
    return c;
  }
}

export function validateCollectionName(db: string, name: string): void {
  if (!name || name.includes('$') || name.includes('\0') || name.startsWith('.')) {
    throw new CommandError(73, 'InvalidNamespace', `Invalid collection name: ${db}.${name}`);
  }
}

export class Storage {
  readonly databases = new Map<string, Database>();

  db(name: string): Database {
    let d = this.databases.get(name);
    if (!d) {
      if (!name || /[/\\. "$]/.test(name)) throw new CommandError(73, 'InvalidNamespace', `Invalid database name: '${name}'`);
      d = new Database(name);
      this.databases.set(name, d);
    }
    return d;
  }

  dropDatabase(name: string): void {
    this.databases.delete(name);
  }
}
