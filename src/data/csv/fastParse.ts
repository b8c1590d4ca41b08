import { daysFromCivil, daysInMonth, DAY_MS, IST_OFFSET_MS } from '../../calendar/ist';

/**
 * Allocation-free parsers working on a [start, end) slice of a string, for the CSV hot loop.
 */

/** 10^0 … 10^22 are exact doubles, so m / 10^k is correctly rounded when m < 2^53 (Clinger's fast path). */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
const MAX_EXACT = 2 ** 53;

const isSpace = (c: number): boolean => c === 32 || c === 9;

/**
 * Parses a plain decimal number (optional sign, digits, optional fraction, optional exponent) exactly
 * as `Number()` would; NaN when the slice is not such a number (empty, "1,000", "abc", "1e").
 * Surrounding spaces and tabs are ignored.
 */
export function parseDecimal(s: string, start: number, end: number): number {
  while (start < end && isSpace(s.charCodeAt(start))) start++;
  while (end > start && isSpace(s.charCodeAt(end - 1))) end--;
  if (start >= end) return NaN;
  let i = start;
  let neg = false;
  let c = s.charCodeAt(i);
  if (c === 45 || c === 43) {
    neg = c === 45;
    i++;
  }
  let mant = 0;
  let digits = 0;
  let scale = 0;
  let sawDot = false;
  for (; i < end; i++) {
    c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      mant = mant * 10 + (c - 48);
      digits++;
      if (sawDot) scale++;
    } else if (c === 46 && !sawDot) {
      sawDot = true;
    } else break;
  }
  if (digits === 0) return NaN;
  if (i < end) {
    // Exponent or garbage: let the engine decide on the exact text (rare in price files).
    if (c !== 101 && c !== 69) return NaN;
    const v = Number(s.slice(start, end));
    return v;
  }
  if (mant < MAX_EXACT && scale <= 22) {
    const v = scale === 0 ? mant : mant / POW10[scale]!;
    return neg ? -v : v;
  }
  return Number(s.slice(start, end));
}

export type TimestampKind = 'date' | 'datetime' | 'naive';

const digit = (s: string, i: number): number => {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : NaN;
};
const two = (s: string, i: number): number => digit(s, i) * 10 + digit(s, i + 1);

/**
 * Parses `YYYY-MM-DD` (→ 00:00 IST of that day, Kite's daily-candle convention) or an ISO 8601
 * date-time `YYYY-MM-DD[T ]HH:MM[:SS[.fff]]` with `Z` or `±HH:MM` / `±HHMM` / `±HH`. After each call
 * `kind` says what was seen; a date-time without offset gives `naive` and is read as IST.
 */
export class TimestampParser {
  kind: TimestampKind = 'date';

  parse(s: string, start: number, end: number): number {
    while (start < end && isSpace(s.charCodeAt(start))) start++;
    while (end > start && isSpace(s.charCodeAt(end - 1))) end--;
    if (end - start < 10 || s.charCodeAt(start + 4) !== 45 || s.charCodeAt(start + 7) !== 45) return NaN;
    const y = digit(s, start) * 1000 + digit(s, start + 1) * 100 + two(s, start + 2);
    const mo = two(s, start + 5);
    const d = two(s, start + 8);
    if (Number.isNaN(y + mo + d) || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return NaN;
    const dayMs = daysFromCivil(y, mo, d) * DAY_MS;
    if (end - start === 10) {
      this.kind = 'date';
      return dayMs - IST_OFFSET_MS;
    }
    let i = start + 10;
    const sep = s.charCodeAt(i);
    if ((sep !== 84 && sep !== 32) || end - i < 6 || s.charCodeAt(i + 3) !== 58) return NaN;
    const hh = two(s, i + 1);
    const mm = two(s, i + 4);
    i += 6;
    let ss = 0;
    let frac = 0;
    if (i < end && s.charCodeAt(i) === 58) {
      ss = two(s, i + 1);
      i += 3;
      if (i < end && s.charCodeAt(i) === 46) {
        i++;
        let scale = 100;
        while (i < end) {
          const c = digit(s, i);
          if (Number.isNaN(c)) break;
          frac += c * scale;
          scale /= 10;
          i++;
        }
        frac = Math.floor(frac);
      }
    }
    if (Number.isNaN(hh + mm + ss) || hh > 23 || mm > 59 || ss > 59) return NaN;
    const local = dayMs + ((hh * 60 + mm) * 60 + ss) * 1000 + frac;
    if (i === end) {
      this.kind = 'naive';
      return local - IST_OFFSET_MS;
    }
    const sign = s.charCodeAt(i);
    if (sign === 90 && i + 1 === end) {
      this.kind = 'datetime';
      return local;
    }
    if (sign !== 43 && sign !== 45) return NaN;
    const oh = two(s, i + 1);
    let om = 0;
    const rest = end - (i + 3);
    if (rest === 3 && s.charCodeAt(i + 3) === 58) om = two(s, i + 4);
    else if (rest === 2) om = two(s, i + 3);
    else if (rest !== 0) return NaN;
    if (Number.isNaN(oh + om) || oh > 14 || om > 59) return NaN;
    const offset = (oh * 60 + om) * 60_000 * (sign === 45 ? -1 : 1);
    this.kind = 'datetime';
    return local - offset;
  }
}
