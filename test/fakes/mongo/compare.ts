/**
 * BSON value comparison as MongoDB does it: first by canonical type order (MinKey < null < numbers <
 * strings < objects < arrays < binary < ObjectId < boolean < Date < Timestamp < regex < MaxKey), then
 * within a type; numbers of every kind (double, int32, long, decimal128) compare numerically.
 */
import { Binary, ObjectId, Timestamp, type Document } from 'bson';

interface BsonTagged {
  readonly _bsontype: string;
}

function bsonTypeOf(v: unknown): string | undefined {
  if (v !== null && typeof v === 'object' && '_bsontype' in v) return (v as BsonTagged)._bsontype;
  return undefined;
}

/** Canonical type rank (MongoDB's comparison/sort order). Missing and null share a rank. */
export function typeRank(v: unknown): number {
  if (v === undefined || v === null) return 2;
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return 3;
    case 'string':
      return 4;
    case 'boolean':
      return 9;
  }
  if (Array.isArray(v)) return 6;
  if (v instanceof Date) return 10;
  if (v instanceof RegExp) return 12;
  if (v instanceof Uint8Array) return 7;
  switch (bsonTypeOf(v)) {
    case 'MinKey':
      return 1;
    case 'Int32':
    case 'Double':
    case 'Long':
    case 'Decimal128':
      return 3;
    case 'BSONSymbol':
      return 4;
    case 'Binary':
      return 7;
    case 'ObjectId':
      return 8;
    case 'Timestamp':
      return 11;
    case 'BSONRegExp':
      return 12;
    case 'MaxKey':
      return 13;
    case 'Code':
      return 14;
    case undefined:
      return 5;
    default:
      return 5;
  }
}

/** True for every BSON numeric kind. */
export function isBsonNumber(v: unknown): boolean {
  return typeRank(v) === 3;
}

/** Numeric value of any BSON number (decimal128 and long beyond 2^53 are approximated). */
export function numericValue(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  const t = bsonTypeOf(v);
  if (t === 'Decimal128') return Number.parseFloat(String(v));
  if (t === 'Long' || t === 'Int32' || t === 'Double') return Number((v as { valueOf(): unknown }).valueOf?.() ?? Number(String(v)));
  return Number.NaN;
}

function cmpPrimitive(a: number | string, b: number | string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function cmpNumbers(a: unknown, b: unknown): number {
  const x = numericValue(a);
  const y = numericValue(b);
  const nx = Number.isNaN(x);
  const ny = Number.isNaN(y);
  if (nx || ny) return nx && ny ? 0 : nx ? -1 : 1; // NaN sorts below every number
  return cmpPrimitive(x, y);
}

function cmpBytes(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

function cmpObjects(a: Document, b: Document): number {
  const ka = Object.keys(a).filter((k) => a[k] !== undefined);
  const kb = Object.keys(b).filter((k) => b[k] !== undefined);
  const n = Math.min(ka.length, kb.length);
  for (let i = 0; i < n; i++) {
    const na = ka[i]!;
    const nb = kb[i]!;
    const va = a[na];
    const vb = b[nb];
    const rank = typeRank(va) - typeRank(vb);
    if (rank !== 0) return rank < 0 ? -1 : 1;
    const name = cmpPrimitive(na, nb);
    if (name !== 0) return name;
    const val = compareBson(va, vb);
    if (val !== 0) return val;
  }
  return cmpPrimitive(ka.length, kb.length);
}

/** Total order over BSON values, as MongoDB compares them. */
export function compareBson(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 1:
    case 2:
    case 13:
      return 0;
    case 3:
      return cmpNumbers(a, b);
    case 4:
      return cmpPrimitive(String(a), String(b));
    case 5:
      return cmpObjects(a as Document, b as Document);
    case 6: {
      const xa = a as unknown[];
      const xb = b as unknown[];
      const n = Math.min(xa.length, xb.length);
      for (let i = 0; i < n; i++) {
        const c = compareBson(xa[i], xb[i]);
        if (c !== 0) return c;
      }
      return cmpPrimitive(xa.length, xb.length);
    }
    case 7: {
      const ba = a instanceof Binary ? a.value() : (a as Uint8Array);
      const bb = b instanceof Binary ? b.value() : (b as Uint8Array);
      if (ba.length !== bb.length) return ba.length < bb.length ? -1 : 1;
      const sa = a instanceof Binary ? a.sub_type : 0;
      const sb = b instanceof Binary ? b.sub_type : 0;
      if (sa !== sb) return sa < sb ? -1 : 1;
      return cmpBytes(ba, bb);
    }
    case 8:
      return cmpBytes((a as ObjectId).id, (b as ObjectId).id);
    case 9:
      return cmpPrimitive(Number(a), Number(b));
    case 10:
      return cmpPrimitive((a as Date).getTime(), (b as Date).getTime());
    case 11:
      return (a as Timestamp).compare(b as Timestamp);
    case 12: {
      const sa = String((a as RegExp).source ?? (a as { pattern?: string }).pattern);
      const sb = String((b as RegExp).source ?? (b as { pattern?: string }).pattern);
      return cmpPrimitive(sa, sb) || cmpPrimitive(String((a as RegExp).flags ?? ''), String((b as RegExp).flags ?? ''));
    }
    default:
      return cmpPrimitive(String(a), String(b));
  }
}

/** MongoDB equality: same canonical type and equal value (1, 1.0, Long(1) and Decimal128("1") are equal). */
export function bsonEquals(a: unknown, b: unknown): boolean {
  return compareBson(a, b) === 0;
}
