/**
 * A table as monospace lines for a phone (default 36 columns). Nothing is ever cut: an order id, a strategy name, a
 * settings key or a label such as "synthetic" is what the person types or reads next. When every row fits the width
 * the table is aligned (numbers right-aligned); when one does not, every row becomes a small card instead:
 *
 *   ppmxbxm9k2                       ← the first cell, whole (the row's identifier)
 *     BUY 10 INFY · OPEN · qty 10    ← the other cells, numbers labelled with their column, wrapped at spaces
 */

export const PHONE_WIDTH = 36;
const NUMERIC = /^[−\-+]?[₹]?[\d,]+(\.\d+)?[%x×]?$|^[–-]$/;
const INDENT = '  ';

/** Width in monospace cells (code points). */
const width = (s: string): number => [...s].length;
const pad = (s: string, w: number, right: boolean): string => (right ? ' '.repeat(Math.max(0, w - width(s))) + s : s + ' '.repeat(Math.max(0, w - width(s))));
const oneLine = (s: string): string => s.replace(/\s+/g, (ws) => (ws.includes('\n') ? ' ' : ws));

export function phoneTable(columns: readonly string[], rows: readonly (readonly string[])[], maxWidth = PHONE_WIDTH): string[] {
  const n = Math.max(columns.length, ...rows.map((r) => r.length), 0);
  if (n === 0) return [];
  const cell = (r: readonly string[], i: number): string => oneLine(r[i] ?? '');
  const header = columns.some((c) => c !== '');
  const numeric = Array.from({ length: n }, (_, i) => rows.length > 0 && rows.every((r) => NUMERIC.test(cell(r, i)) || cell(r, i) === ''));
  const widths = Array.from({ length: n }, (_, i) => Math.max(header ? width(cell(columns, i)) : 0, ...rows.map((r) => width(cell(r, i)))));
  const total = widths.reduce((a, b) => a + b, 0) + (n - 1);
  if (total > maxWidth) return cards(columns, rows, n, numeric, maxWidth);
  const line = (r: readonly string[]): string => widths.map((w, i) => pad(cell(r, i), w, numeric[i]!)).join(' ').trimEnd();
  const out: string[] = [];
  if (header) {
    out.push(line(columns));
    out.push(widths.map((w) => '─'.repeat(w)).join(' '));
  }
  for (const r of rows) out.push(line(r));
  return out;
}

/**
 * One card per row: the first cell whole on its own line, then the other cells joined with " · " (a number with its
 * column's name, so "qty 10" is not read as a price), wrapped at spaces and indented. A word longer than the width
 * stays whole on a line of its own (Telegram wraps it; nothing is lost).
 */
function cards(columns: readonly string[], rows: readonly (readonly string[])[], n: number, numeric: readonly boolean[], maxWidth: number): string[] {
  const out: string[] = [];
  rows.forEach((r, ri) => {
    if (ri > 0 && n > 2) out.push('');
    out.push(oneLine(r[0] ?? ''));
    const parts: string[] = [];
    for (let i = 1; i < n; i++) {
      const v = oneLine(r[i] ?? '').trim();
      if (v === '') continue;
      const label = oneLine(columns[i] ?? '').trim();
      parts.push(numeric[i] && label !== '' ? `${label} ${v}` : v);
    }
    if (parts.length > 0) out.push(...wrap(parts.join(' · '), maxWidth - INDENT.length).map((l) => INDENT + l));
  });
  return out;
}

/** Words into lines of at most `w` cells (a longer word has a line of its own). */
function wrap(text: string, w: number): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const word of text.split(' ')) {
    if (word === '') continue;
    if (cur === '') cur = word;
    else if (width(cur) + 1 + width(word) <= w) cur += ` ${word}`;
    else {
      lines.push(cur);
      cur = word;
    }
  }
  if (cur !== '') lines.push(cur);
  return lines;
}
