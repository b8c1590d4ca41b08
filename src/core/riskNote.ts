/**
 * The note the risk checks append to an order's reason when they cut its size: "<reason> [risk: <what and why>]",
 * e.g. "manual buy [risk: resized from 40 to 33, what portfolio's cash pays for]". Cards, replies and the order's
 * record show it; each later cut appends one more.
 */
const OPEN = ' [risk: ';

/** `reason` with one more note. */
export function withRiskNote(reason: string, note: string): string {
  return `${reason}${OPEN}${note}]`;
}

/** The last note appended to `reason` (the cut that set the size the order has now); undefined: none. */
export function riskNoteOf(reason: string): string | undefined {
  const k = reason.lastIndexOf(OPEN);
  return k >= 0 && reason.endsWith(']') ? reason.slice(k + OPEN.length, -1) : undefined;
}

/** `reason` as it was before any cut (every note left out). */
export function withoutRiskNotes(reason: string): string {
  const k = reason.indexOf(OPEN);
  return k >= 0 && reason.endsWith(']') ? reason.slice(0, k) : reason;
}
