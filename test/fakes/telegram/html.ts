/**
 * Telegram's HTML parse mode as the Bot API applies it: tags become entities, the text keeps only their content,
 * and &lt; &gt; &amp; &quot; (and numeric references) are decoded. Unknown or unbalanced tags are refused with the
 * Bot API's "can't parse entities" wording. Offsets and lengths are in UTF-16 code units, as Telegram counts them.
 */
export interface MessageEntity {
  readonly type: string;
  readonly offset: number;
  readonly length: number;
  readonly url?: string;
  readonly language?: string;
}

export type ParsedHtml = { readonly ok: true; readonly text: string; readonly entities: MessageEntity[] } | { readonly ok: false; readonly error: string };

/** tag name → entity type; `span` and `tg-emoji` need an attribute check. */
const TAG_ENTITY: Readonly<Record<string, string>> = {
  b: 'bold',
  strong: 'bold',
  i: 'italic',
  em: 'italic',
  u: 'underline',
  ins: 'underline',
  s: 'strikethrough',
  strike: 'strikethrough',
  del: 'strikethrough',
  'tg-spoiler': 'spoiler',
  span: 'spoiler',
  code: 'code',
  pre: 'pre',
  a: 'text_link',
  blockquote: 'blockquote',
  'tg-emoji': 'custom_emoji',
};

const NAMED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"' };

interface OpenTag {
  readonly name: string;
  readonly start: number;
  readonly attrs: Readonly<Record<string, string>>;
  /** `<code class="language-x">` directly inside `<pre>` only names the pre block's language. */
  readonly absorbed: boolean;
  /** Opening order, so that of two entities over the same span the outer one comes first. */
  readonly seq: number;
}

const byteOffset = (s: string, i: number): number => Buffer.byteLength(s.slice(0, i), 'utf8');
const fail = (error: string): ParsedHtml => ({ ok: false, error: `Bad Request: can't parse entities: ${error}` });

function parseAttributes(src: string): Record<string, string> | null {
  const attrs: Record<string, string> = {};
  const re = /\s*([a-zA-Z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/gy;
  let pos = 0;
  while (pos < src.length) {
    if (src.slice(pos).trim() === '') break;
    re.lastIndex = pos;
    const m = re.exec(src);
    if (!m || m[0].length === 0) return null;
    attrs[m[1]!.toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
    pos = re.lastIndex;
  }
  return attrs;
}

/** Decodes the four named entities and numeric references; anything else after `&` stays literal. */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]+);/g, (whole, body: string) => {
    if (body.startsWith('#x') || body.startsWith('#X')) return String.fromCodePoint(Number.parseInt(body.slice(2), 16));
    if (body.startsWith('#')) return String.fromCodePoint(Number.parseInt(body.slice(1), 10));
    return NAMED[body] ?? whole;
  });
}

function entityFor(tag: OpenTag, offset: number, length: number): MessageEntity | null {
  const type = TAG_ENTITY[tag.name];
  if (tag.absorbed || type === undefined) return null;
  if (tag.name === 'a') return tag.attrs.href ? { type, offset, length, url: tag.attrs.href } : null;
  if (tag.name === 'pre' && tag.attrs.language) return { type, offset, length, language: tag.attrs.language };
  if (tag.name === 'blockquote' && 'expandable' in tag.attrs) return { type: 'expandable_blockquote', offset, length };
  return { type, offset, length };
}

/** Parses `html`; on success `text` is what the user sees and `entities` its formatting. */
export function parseHtml(html: string): ParsedHtml {
  let text = '';
  const entities: { entity: MessageEntity; seq: number }[] = [];
  const stack: OpenTag[] = [];
  let opened = 0;
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    const chunkEnd = lt < 0 ? html.length : lt;
    text += decodeEntities(html.slice(i, chunkEnd));
    if (lt < 0) break;
    if (!/^[a-zA-Z/]$/.test(html.charAt(lt + 1))) return fail(`Unsupported start tag "" at byte offset ${byteOffset(html, lt)}`);
    const gt = html.indexOf('>', lt);
    if (gt < 0) return fail(`Unclosed start tag at byte offset ${byteOffset(html, lt)}`);
    const inner = html.slice(lt + 1, gt);
    if (inner.startsWith('/')) {
      const name = inner.slice(1).trim().toLowerCase();
      const open = stack.pop();
      if (!open) return fail(`Unexpected end tag at byte offset ${byteOffset(html, lt)}`);
      if (name !== open.name) {
        return fail(`Unmatched end tag at byte offset ${byteOffset(html, lt)}, expected "</${open.name}>", found "</${name}>"`);
      }
      const length = text.length - open.start;
      const entity = length > 0 ? entityFor(open, open.start, length) : null;
      if (entity) entities.push({ entity, seq: open.seq });
    } else {
      const m = /^([a-zA-Z][a-zA-Z0-9-]*)((?:[^a-zA-Z0-9-][\s\S]*)?)$/.exec(inner);
      const name = m ? m[1]!.toLowerCase() : '';
      if (!m || !(name in TAG_ENTITY)) return fail(`Unsupported start tag "${name}" at byte offset ${byteOffset(html, lt)}`);
      const attrs = parseAttributes(m[2] ?? '');
      if (attrs === null) return fail(`Unsupported start tag "${name}" at byte offset ${byteOffset(html, lt)}`);
      if (name === 'span' && attrs.class !== 'tg-spoiler') return fail(`Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(html, lt)}`);
      const parent = stack.length > 0 ? stack[stack.length - 1] : undefined;
      const absorbed = name === 'code' && parent?.name === 'pre' && parent.start === text.length && (attrs.class ?? '').startsWith('language-');
      if (absorbed && parent) stack[stack.length - 1] = { ...parent, attrs: { ...parent.attrs, language: (attrs.class ?? '').slice('language-'.length) } };
      stack.push({ name, start: text.length, attrs, absorbed, seq: opened++ });
    }
    i = gt + 1;
  }
  const unclosed = stack.pop();
  if (unclosed) return fail(`Can't find end tag corresponding to start tag "${unclosed.name}"`);
  entities.sort((a, b) => a.entity.offset - b.entity.offset || b.entity.length - a.entity.length || a.seq - b.seq);
  return { ok: true, text, entities: entities.map((e) => e.entity) };
}
