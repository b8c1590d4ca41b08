/**
 * Validation of a message body (webhook execute, channel message, interaction response) with Discord's limits:
 * content 2000; ≤10 embeds; title 256, description 4096, ≤25 fields, field name 256 / value 1024, footer 2048,
 * author 256, all embeds together 6000; ≤5 action rows of ≤5 buttons, custom_id 1–100, label ≤80.
 * Lengths are counted in Unicode code points. Failures use Discord's "Invalid Form Body" (50035) shape.
 */
import { z } from 'zod';
import { apiError, invalidFormBody, type DiscordReply, type FieldError } from './errors';

const embedSchema = z
  .object({
    title: z.string().optional(),
    description: z.string().optional(),
    url: z.string().optional(),
    color: z.number().int().optional(),
    timestamp: z.string().optional(),
    fields: z.array(z.object({ name: z.string(), value: z.string(), inline: z.boolean().optional() })).optional(),
    footer: z.object({ text: z.string() }).loose().optional(),
    author: z.object({ name: z.string() }).loose().optional(),
    image: z.object({ url: z.string() }).loose().optional(),
    thumbnail: z.object({ url: z.string() }).loose().optional(),
  })
  .loose();
export type Embed = z.infer<typeof embedSchema>;

export interface Component {
  readonly type: number;
  readonly custom_id?: string;
  readonly label?: string;
  readonly style?: number;
  readonly url?: string;
  readonly disabled?: boolean;
  readonly components?: readonly Component[];
  readonly [extra: string]: unknown;
}

const componentSchema: z.ZodType<Component> = z
  .object({
    type: z.number().int(),
    custom_id: z.string().optional(),
    label: z.string().optional(),
    style: z.number().int().optional(),
    url: z.string().optional(),
    disabled: z.boolean().optional(),
    components: z.array(z.lazy(() => componentSchema)).optional(),
  })
  .loose();

export const messagePayloadSchema = z
  .object({
    content: z.string().nullish(),
    embeds: z.array(embedSchema).nullish(),
    components: z.array(componentSchema).nullish(),
    attachments: z.array(z.object({ id: z.union([z.string(), z.number()]), filename: z.string().nullish(), description: z.string().nullish() }).loose()).nullish(),
    username: z.string().nullish(),
    avatar_url: z.string().nullish(),
    tts: z.boolean().nullish(),
    flags: z.number().int().nullish(),
  })
  .loose();
export type MessagePayload = z.infer<typeof messagePayloadSchema>;

const len = (s: string | null | undefined): number => (s === undefined || s === null ? 0 : [...s].length);

function maxLength(out: FieldError[], path: string[], value: string | null | undefined, max: number): void {
  if (len(value) > max) out.push({ path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` });
}

function checkEmbed(out: FieldError[], e: Embed, i: number): number {
  const at = (...rest: string[]): string[] => ['embeds', String(i), ...rest];
  maxLength(out, at('title'), e.title, 256);
  maxLength(out, at('description'), e.description, 4096);
  maxLength(out, at('footer', 'text'), e.footer?.text, 2048);
  maxLength(out, at('author', 'name'), e.author?.name, 256);
  const fields = e.fields ?? [];
  if (fields.length > 25) out.push({ path: at('fields'), code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' });
  fields.forEach((f, j) => {
    maxLength(out, at('fields', String(j), 'name'), f.name, 256);
    maxLength(out, at('fields', String(j), 'value'), f.value, 1024);
    if (len(f.name) === 0) out.push({ path: at('fields', String(j), 'name'), code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
    if (len(f.value) === 0) out.push({ path: at('fields', String(j), 'value'), code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
  });
  return len(e.title) + len(e.description) + len(e.footer?.text) + len(e.author?.name) + fields.reduce((n, f) => n + len(f.name) + len(f.value), 0);
}

function checkComponents(out: FieldError[], rows: readonly Component[]): void {
  if (rows.length > 5) out.push({ path: ['components'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 5 or fewer in length.' });
  const seen = new Set<string>();
  rows.forEach((row, r) => {
    const kids = row.components ?? [];
    if (row.type !== 1) out.push({ path: ['components', String(r), 'type'], code: 'UNION_TYPE_CHOICES', message: 'Value of field "type" must be one of (1,).' });
    if (kids.length > 5) out.push({ path: ['components', String(r), 'components'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 5 or fewer in length.' });
    kids.forEach((c, k) => {
      const at = (field: string): string[] => ['components', String(r), 'components', String(k), field];
      if (c.type !== 2) return;
      maxLength(out, at('label'), c.label, 80);
      if (c.style === 5) {
        if (!c.url) out.push({ path: at('url'), code: 'BUTTON_COMPONENT_URL_REQUIRED', message: 'A url is required' });
        return;
      }
      const id = c.custom_id ?? '';
      if (len(id) < 1 || len(id) > 100) out.push({ path: at('custom_id'), code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' });
      else if (seen.has(id)) out.push({ path: at('custom_id'), code: 'COMPONENT_CUSTOM_ID_DUPLICATED', message: 'Component custom id cannot be duplicated' });
      seen.add(id);
    });
  });
}

/** null when the payload is acceptable, else the error reply Discord would give. */
export function checkMessage(p: MessagePayload, fileCount: number, requireContent: boolean): DiscordReply | null {
  const out: FieldError[] = [];
  maxLength(out, ['content'], p.content, 2000);
  const embeds = p.embeds ?? [];
  if (embeds.length > 10) out.push({ path: ['embeds'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 10 or fewer in length.' });
  const total = embeds.reduce((n, e, i) => n + checkEmbed(out, e, i), 0);
  if (total > 6000) out.push({ path: ['embeds'], code: 'MAX_EMBED_SIZE_EXCEEDED', message: 'Embed size exceeds maximum size of 6000' });
  checkComponents(out, p.components ?? []);
  if (out.length > 0) return invalidFormBody(out);
  const empty = len(p.content) === 0 && embeds.length === 0 && fileCount === 0 && (p.components ?? []).length === 0;
  if (requireContent && empty) return apiError(400, 50006, 'Cannot send an empty message');
  return null;
}

/** Every button custom_id on a message's components. */
export function customIdsOf(components: readonly Component[]): string[] {
  return components.flatMap((row) => (row.components ?? []).flatMap((c) => (c.custom_id === undefined ? [] : [c.custom_id])));
}
