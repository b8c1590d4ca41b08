/**
 * Server-side cursors. A cursor holds the (already filtered, sorted and projected) result documents
 * and a position; batches are cut by count and by the 16 MiB reply budget. Id 0 means exhausted.
 */
import { calculateObjectSize, Long, type Document } from 'bson';
import { CommandError } from './errors';

const DEFAULT_FIRST_BATCH = 101;
const REPLY_BUDGET = 16 * 1024 * 1024 - 64 * 1024;

interface OpenCursor {
  readonly ns: string;
  readonly docs: Document[];
  pos: number;
}

export interface CursorReply extends Document {
  cursor: Document;
  ok: 1;
}

export class CursorRegistry {
  private readonly open = new Map<string, OpenCursor>();

  private takeBatch(c: OpenCursor, batchSize: number): Document[] {
    const out: Document[] = [];
    let bytes = 0;
    while (c.pos < c.docs.length && out.length < batchSize) {
      const doc = c.docs[c.pos]!;
      const size = calculateObjectSize(doc);
      if (out.length > 0 && bytes + size > REPLY_BUDGET) break;
      bytes += size;
      out.push(doc);
      c.pos++;
    }
    return out;
  }

  private newId(): Long {
    for (;;) {
      const n = Math.floor(Math.random() * 2 ** 52) + 1;
      if (!this.open.has(String(n))) return Long.fromNumber(n);
    }
  }

  /** Builds a `{cursor: {firstBatch, id, ns}}` reply, keeping the cursor open when documents remain. */
  first(ns: string, docs: Document[], batchSize: number | undefined, singleBatch = false): CursorReply {
    const c: OpenCursor = { ns, docs, pos: 0 };
    const firstBatch = this.takeBatch(c, batchSize === undefined || batchSize < 0 ? DEFAULT_FIRST_BATCH : batchSize === 0 ? 0 : batchSize);
    let id = Long.ZERO;
    if (!singleBatch && c.pos < docs.length) {
      id = this.newId();
      this.open.set(id.toString(), c);
    }
    return { cursor: { firstBatch, id, ns }, ok: 1 };
  }

  more(rawId: unknown, collection: string, batchSize: number | undefined): CursorReply {
    const key = String(rawId);
    const c = this.open.get(key);
    if (!c) throw new CommandError(43, 'CursorNotFound', `cursor id ${key} not found`);
    if (c.ns.slice(c.ns.indexOf('.') + 1) !== collection) {
      throw new CommandError(13, 'Unauthorized', `Requested getMore on namespace '${collection}', but cursor belongs to a different namespace ${c.ns}`);
    }
    const nextBatch = this.takeBatch(c, batchSize && batchSize > 0 ? batchSize : Number.MAX_SAFE_INTEGER);
    let id: Long = Long.fromString(key);
    if (c.pos >= c.docs.length) {
      this.open.delete(key);
      id = Long.ZERO;
    }
    return { cursor: { nextBatch, id, ns: c.ns }, ok: 1 };
  }

  kill(ids: unknown[]): Document {
    const killed: Long[] = [];
    const notFound: Long[] = [];
    for (const raw of ids) {
      const key = String(raw);
      (this.open.delete(key) ? killed : notFound).push(Long.fromString(key));
    }
    return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
  }

  clear(): void {
    this.open.clear();
  }
}
