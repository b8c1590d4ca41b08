/**
 * Telegram HTML: escaping, and laying text out as messages that respect the 4096-character limit.
 * Content is described as blocks of raw (unescaped) lines; the layout escapes them, packs whole lines
 * into messages and splits a line only when it alone is too long — between characters of the raw text,
 * so a cut never falls inside a tag or an entity. A <pre> block that spans messages is closed at the end
 * of one and reopened at the start of the next.
 */

export const MESSAGE_LIMIT = 4096;
export const CAPTION_LIMIT = 1024;

/** Escapes the three characters Telegram's HTML parse mode requires (< > &). */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

export interface StyledLine {
  readonly text: string;
  readonly bold?: boolean;
  readonly italic?: boolean;
}

export type Block = { readonly kind: 'para'; readonly lines: readonly StyledLine[] } | { readonly kind: 'pre'; readonly lines: readonly string[] };

export const para = (text: string, style: Omit<StyledLine, 'text'> = {}): Block => ({ kind: 'para', lines: text.split('\n').map((t) => ({ ...style, text: t })) });

const wrapOf = (l: StyledLine): [string, string] => {
  let open = '';
  let close = '';
  if (l.bold) [open, close] = [`${open}<b>`, `</b>${close}`];
  if (l.italic) [open, close] = [`${open}<i>`, `</i>${close}`];
  return [open, close];
};

/** Cuts raw text into pieces whose escaped form (plus `overhead`) fits `budget`, never splitting a code point. */
export function cutRaw(text: string, budget: number): string[] {
  const out: string[] = [];
  let cur = '';
  let len = 0;
  for (const ch of text) {
    const w = escapeHtml(ch).length;
    if (len + w > budget && cur !== '') {
      out.push(cur);
      cur = '';
      len = 0;
    }
    cur += ch;
    len += w;
  }
  if (cur !== '' || out.length === 0) out.push(cur);
  return out;
}

const PRE_OPEN = '<pre>';
const PRE_CLOSE = '</pre>';

/** Lays blocks out as HTML messages of at most `limit` characters each (blocks separated by a blank line). */
export function layoutHtml(blocks: readonly Block[], limit = MESSAGE_LIMIT): string[] {
  const messages: string[] = [];
  let cur = '';
  let inPre = false;
  const close = (): void => {
    if (inPre) cur += PRE_CLOSE;
    inPre = false;
    let end = cur.length;
    while (end > 0 && cur.charCodeAt(end - 1) === 10) end--; // trailing newlines off (a loop: /\n+$/ is quadratic)
    const t = cur.slice(0, end);
    if (t.trim() !== '') messages.push(t);
    cur = '';
  };
  /** Appends one piece (already escaped and wrapped) that fits an empty message. */
  const put = (html: string, pre: boolean, sep: string): void => {
    const reserve = pre ? PRE_CLOSE.length : 0;
    const opening = pre && !inPre ? PRE_OPEN : '';
    const closing = !pre && inPre ? PRE_CLOSE : '';
    const needed = closing.length + (cur === '' ? 0 : sep.length) + opening.length + html.length + reserve;
    if (cur !== '' && cur.length + needed > limit) close();
    if (!pre && inPre) {
      cur += PRE_CLOSE;
      inPre = false;
    }
    if (cur !== '') cur += sep;
    if (pre && !inPre) {
      cur += PRE_OPEN;
      inPre = true;
    }
    cur += html;
  };
  blocks.forEach((b, bi) => {
    const first = (i: number): string => (i === 0 && bi > 0 ? '\n\n' : '\n');
    if (b.kind === 'pre') {
      const budget = limit - PRE_OPEN.length - PRE_CLOSE.length;
      b.lines.forEach((line, i) => {
        for (const [k, piece] of cutRaw(line, budget).entries()) put(escapeHtml(piece), true, k === 0 ? (inPre ? '\n' : first(i)) : '\n');
      });
      if (inPre) {
        cur += PRE_CLOSE;
        inPre = false;
      }
      return;
    }
    b.lines.forEach((l, i) => {
      const [open, closeTag] = wrapOf(l);
      const budget = limit - open.length - closeTag.length;
      for (const [k, piece] of cutRaw(l.text, budget).entries()) put(`${open}${escapeHtml(piece)}${closeTag}`.replace(/^(<[bi]>)+(<\/[bi]>)+$/, ''), false, k === 0 ? first(i) : '\n');
    });
  });
  close();
  return messages;
}

/** A caption that fits Telegram's 1024 characters, and the rest (for a follow-up message), both escaped HTML. */
export function splitCaption(raw: string, limit = CAPTION_LIMIT): { caption: string; rest: string | undefined } {
  if (escapeHtml(raw).length <= limit) return { caption: escapeHtml(raw), rest: undefined };
  const lines = raw.split('\n');
  let head = '';
  let i = 0;
  for (; i < lines.length; i++) {
    const next = head === '' ? lines[i]! : `${head}\n${lines[i]!}`;
    if (escapeHtml(next).length > limit - 1) break;
    head = next;
  }
  if (head === '') {
    const [first = '', ...more] = cutRaw(raw, limit - 1);
    return { caption: `${escapeHtml(first)}…`, rest: more.join('') };
  }
  return { caption: `${escapeHtml(head)}\n…`, rest: lines.slice(i).join('\n') };
}
