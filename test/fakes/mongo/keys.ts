/**
 * Canonical key strings for BSON values: two values get the same key exactly when MongoDB treats them
 * as equal (so 1, 1.0, Long(1) and Decimal128("1") share one key). Used for the _id map, unique
 * indexes and `distinct`. Also renders values the way MongoDB's E11000 messages show them.
 */
import { Binary, type Document } from 'bson';
import { numericValue, typeRank } from './compare';

export function keyString(v: unknown): string {
  const rank = typeRank(v);
  switch (rank) {
    case 1:
      return 'minKey';
    case 2:
      return 'null';
    case 3: {
      const n = numericValue(v);
      return `n:${Object.is(n, -0) ? 0 : n}`;
    }
    case 4:
      return `s:${JSON.stringify(String(v))}`;
    case 6:
      return `[${(v as unknown[]).map(keyString).join(',')}]`;
    case 8:
      return `o:${String(v)}`;
    case 9:
      return v ? 'true' : 'false';
    case 10:
      return `d:${(v as Date).getTime()}`;
    case 5: {
      const doc = v as Document;
      return `{${Object.keys(doc)
        .filter((k) => doc[k] !== undefined)
        .map((k) => `${JSON.stringify(k)}:${keyString(doc[k])}`)
        .join(',')}}`;
    }
    case 7: {
      const bytes = v instanceof Binary ? v.value() : (v as Uint8Array);
      return `x:${v instanceof Binary ? v.sub_type : 0}:${Buffer.from(bytes).toString('base64')}`;
    }
    default:
      return `${rank}:${String(v)}`;
  }
}

/** Renders a value as MongoDB writes it in error messages, e.g. `{ name: "x" }` or `ObjectId('…')`. */
export function renderValue(v: unknown): string {
  const rank = typeRank(v);
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (rank === 3) return String(typeof v === 'number' ? v : numericValue(v));
  if (rank === 8) return `ObjectId('${String(v)}')`;
  if (rank === 10) return `new Date(${(v as Date).getTime()})`;
  if (Array.isArray(v)) return `[ ${v.map(renderValue).join(', ')} ]`;
  if (rank === 5) {
    const doc = v as Document;
    const parts = Object.keys(doc).map((k) => `${k}: ${renderValue(doc[k])}`);
    return parts.length ? `{ ${parts.join(', ')} }` : '{}';
  }
  return String(v);
}
