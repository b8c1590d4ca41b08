/** Half-open time-range arithmetic for the candle cache: merge what is stored, find what is missing. */
import type { TimeRange } from '../feeds';

/** Sorts and merges overlapping or touching ranges; empty ranges are dropped. */
export function mergeRanges(ranges: readonly TimeRange[]): TimeRange[] {
  const sorted = ranges.filter((r) => r.to > r.from).sort((a, b) => a.from - b.from);
  const out: TimeRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.from <= last.to) out[out.length - 1] = { from: last.from, to: Math.max(last.to, r.to) };
    else out.push({ from: r.from, to: r.to });
  }
  return out;
}

/** The parts of `want` not covered by `have` (which need not be merged), in order. */
export function missingRanges(want: TimeRange, have: readonly TimeRange[]): TimeRange[] {
  const out: TimeRange[] = [];
  let cursor = want.from;
  for (const r of mergeRanges(have)) {
    if (r.to <= cursor) continue;
    if (r.from >= want.to) break;
    if (r.from > cursor) out.push({ from: cursor, to: Math.min(r.from, want.to) });
    cursor = Math.max(cursor, r.to);
    if (cursor >= want.to) break;
  }
  if (cursor < want.to) out.push({ from: cursor, to: want.to });
  return out;
}
