/** A table as aligned monospace text: numbers right-aligned, everything else left-aligned. */

const NUMERIC = /^[−\-+]?[₹]?[\d,]+(\.\d+)?%?$|^–$/;
/** Width in terminal columns (code points; good enough for the ₹ sign and box characters). */
const width = (s: string): number => [...s].length;
const pad = (s: string, w: number, right: boolean): string => (right ? ' '.repeat(w - width(s)) + s : s + ' '.repeat(w - width(s)));

export function textTable(columns: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const n = Math.max(columns.length, ...rows.map((r) => r.length));
  const cell = (r: readonly string[], i: number): string => (r[i] ?? '').replace(/\s+/g, (ws) => (ws.includes('\n') ? ' ' : ws));
  const widths = Array.from({ length: n }, (_, i) => Math.max(width(cell(columns, i)), ...rows.map((r) => width(cell(r, i)))));
  const right = Array.from({ length: n }, (_, i) => rows.length > 0 && rows.every((r) => NUMERIC.test(cell(r, i)) || cell(r, i) === ''));
  const line = (r: readonly string[]): string => widths.map((w, i) => pad(cell(r, i), w, right[i]!)).join('  ').trimEnd();
  const out: string[] = [];
  if (columns.some((c) => c !== '')) {
    out.push(line(columns));
    out.push(widths.map((w) => '-'.repeat(w)).join('  '));
  }
  for (const r of rows) out.push(line(r));
  return out;
}
