/**
 * Discord's embed limits, applied so that an alert is never rejected for its size: title 256, description
 * 4096, at most 25 fields, field name 256 and value 1024 (both non-empty), footer 2048, author 256, and 6000
 * characters over all of those together. Lengths are counted in code points, and a cut never splits one.
 */
import type { APIEmbed, APIEmbedField } from 'discord.js';

export const EMBED_LIMITS = {
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  total: 6000,
} as const;

const ELLIPSIS = '…';
/** What an empty field name or value becomes (Discord refuses empty ones). */
const EMPTY = '–';

export const codePoints = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

/** `s` cut to at most `max` code points, ending in an ellipsis when something was cut. */
export function truncate(s: string, max: number): string {
  if (max <= 0) return '';
  if (codePoints(s) <= max) return s;
  const cps = Array.from(s);
  return max === 1 ? ELLIPSIS : cps.slice(0, max - 1).join('') + ELLIPSIS;
}

/** The characters Discord counts towards the 6000 limit. */
export function embedSize(e: APIEmbed): number {
  let n = codePoints(e.title ?? '') + codePoints(e.description ?? '') + codePoints(e.footer?.text ?? '') + codePoints(e.author?.name ?? '');
  for (const f of e.fields ?? []) n += codePoints(f.name) + codePoints(f.value);
  return n;
}

const field = (f: APIEmbedField): APIEmbedField => ({
  name: truncate(f.name.trim() === '' ? EMPTY : f.name, EMBED_LIMITS.fieldName),
  value: truncate(f.value.trim() === '' ? EMPTY : f.value, EMBED_LIMITS.fieldValue),
  ...(f.inline !== undefined ? { inline: f.inline } : {}),
});

/**
 * An embed within every limit. Each part is cut to its own limit first; when the whole is still over 6000,
 * the description gives way first, then fields are dropped from the end (the footer says how many), and
 * last the footer itself is shortened. The title and the first fields, the key numbers, are kept longest.
 */
export function fitEmbed(e: APIEmbed): APIEmbed {
  const title = e.title !== undefined ? truncate(e.title, EMBED_LIMITS.title) : undefined;
  let description = e.description !== undefined ? truncate(e.description, EMBED_LIMITS.description) : undefined;
  const all = (e.fields ?? []).map(field);
  let fields = all.slice(0, EMBED_LIMITS.fields);
  let footerText = e.footer?.text !== undefined ? truncate(e.footer.text, EMBED_LIMITS.footer) : undefined;
  const author = e.author ? { ...e.author, name: truncate(e.author.name, EMBED_LIMITS.author) } : undefined;

  const build = (): APIEmbed => {
    const out: APIEmbed = { ...e };
    delete out.title;
    delete out.description;
    delete out.fields;
    delete out.footer;
    delete out.author;
    if (title !== undefined) out.title = title;
    if (description !== undefined && description !== '') out.description = description;
    if (fields.length > 0) out.fields = fields;
    if (footerText !== undefined && footerText !== '') out.footer = { ...e.footer, text: footerText };
    if (author) out.author = author;
    return out;
  };

  const baseFooter = footerText;
  const noteDropped = (): void => {
    const dropped = all.length - fields.length;
    if (dropped === 0) return;
    const note = `${dropped} more field${dropped === 1 ? '' : 's'} not shown`;
    footerText = truncate(baseFooter ? `${baseFooter} · ${note}` : note, EMBED_LIMITS.footer);
  };
  noteDropped();

  let over = embedSize(build()) - EMBED_LIMITS.total;
  if (over > 0 && description !== undefined) {
    description = truncate(description, Math.max(0, codePoints(description) - over));
    over = embedSize(build()) - EMBED_LIMITS.total;
  }
  if (over > 0 && fields.length > 0) {
    while (fields.length > 0 && over > 0) {
      fields = fields.slice(0, -1);
      noteDropped();
      over = embedSize(build()) - EMBED_LIMITS.total;
    }
  }
  if (over > 0 && footerText !== undefined) {
    footerText = truncate(footerText, Math.max(0, codePoints(footerText) - over));
    over = embedSize(build()) - EMBED_LIMITS.total;
  }
  if (over > 0) throw new Error(`embed still ${over} characters over the limit after fitting (title and author alone cannot exceed it)`);
  return build();
}
