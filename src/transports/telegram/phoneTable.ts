/**
 * A table as monospace lines narrow enough for a phone (default 36 columns). Numbers are right-aligned and
 * never cut; text columns are shortened with "…" (widest first, down to a few characters). When even that
 * does not fit, each row is shown as a small card of "column: value" lines instead.
 */

export const PHONE_WIDTH = 36;
const MIN_TEXT = 5;
const NUMERIC = /^[−\-+]?[₹]?[\d,]+(\.\d+)?[%x×]?$|^[–-]$/;

/** Width in monospace cells (code points). */
const width = (s: string): number => [...s].length;
const clip = (s: string, w: number): string => (width(s) <= w ? s : `${[...s].slice(0, Math.max(0, w - 1)).join('')}…`);
const pad = (s: string, w: number, right: boolean): string => (right ? ' '.repeat(Math.max(0, w - width(s))) + s : s + ' '.repeat(Math.max(0, w - width(s))));
const oneLine = (s: string): string => s.replace(/\s+/g, (ws) => (ws.includes('\n') ? ' ' : ws));

export function phoneTable(columns: readonly string[], rows: readonly (readonly string[])[], maxWidth = PHONE_WIDTH): string[] {
  const n = Math.max(columns.length, ...rows.map((r) => r.length), 0);
  if (n === 0) return [];
  const cell = (r: readonly string[], i: number): string => oneLine(r[i] ?? '');
  const header = columns.some((c) => c !== '');
  const numeric = Array.from({ length: n }, (_, i) => rows.length > 0 && rows.every((r) => NUMERIC.test(cell(r, i)) || cell(r, i) === ''));
  const widths = Array.from({ length: n }, (_, i) => Math.max(header ? width(cell(columns, i)) : 0, ...rows.map((r) => width(cell(r, i)))));
  const total = (): number => widths.reduce((a, b) => a + b, 0) + (n - 1);
  // Shorten the widest text column, one cell at a time, until the table fits or nothing can shrink.
  while (total() > maxWidth) {
    let widest = -1;
    for (let i = 0; i < n; i++) if (!numeric[i] && widths[i]! > MIN_TEXT && (widest < 0 || widths[i]! > widths[widest]!)) widest = i;
    if (widest < 0) break;
    widths[widest]!--;
  }
  if (total() > maxWidth) return stacked(columns, rows, n, maxWidth);
  const line = (r: readonly string[]): string =>
    widths.map((w, i) => pad(clip(cell(r, i), w), w, numeric[i]!)).join(' ').trimEnd();
  const out: string[] = [];
  if (header) {
    out.push(line(columns));
    out.push(widths.map((w) => '─'.repeat(w)).join(' '));
  }
  for (const r of rows) out.push(line(r));
  return out;
}

/** One small card per row: the first cell as its heading, then "column  value" lines. */
function stacked(columns: readonly string[], rows: readonly (readonly string[])[], n: number, maxWidth: number): string[] {
  const names = Array.from({ length: n }, (_, i) => oneLine(columns[i] ?? '') || `#${i + 1}`);
  const nameW = Math.min(12, Math.max(...names.slice(1).map(width), 1));
  const out: string[] = [];
  rows.forEach((r, ri) => {
    if (ri > 0) out.push('');
    out.push(clip(oneLine(r[0] ?? ''), maxWidth));
    for (let i = 1; i < n; i++) out.push(clip(`${pad(clip(names[i]!, nameW), nameW, false)} ${oneLine(r[i] ?? '')}`, maxWidth));
  });
  return out;
}
