/**
 * Limits the real Bot API enforces and telegraf does not: text 1–4096 characters after entity parsing, caption ≤
 * 1024, callback_data 1–64 bytes, answerCallbackQuery text ≤ 200, and the shape of reply markups.
 */
import { z } from 'zod';
import { parseHtml, type MessageEntity } from './html';
import { badRequest, failed, value, type Outcome } from './reply';

export const MAX_TEXT = 4096;
export const MAX_CAPTION = 1024;
export const MAX_CALLBACK_DATA_BYTES = 64;
export const MAX_CALLBACK_ANSWER = 200;

export interface FormattedText {
  readonly text: string;
  readonly entities: MessageEntity[];
}

/** Applies the parse mode; HTML is parsed and validated, Markdown modes are passed through unvalidated. */
export function formatText(raw: string, parseMode: string | undefined): Outcome<FormattedText> {
  if (parseMode === undefined || parseMode === '') return value({ text: raw, entities: [] });
  if (parseMode.toUpperCase() === 'HTML') {
    const parsed = parseHtml(raw);
    return parsed.ok ? value({ text: parsed.text, entities: parsed.entities }) : failed(badRequest(parsed.error));
  }
  if (parseMode === 'MarkdownV2' || parseMode === 'Markdown') return value({ text: raw, entities: [] });
  return failed(badRequest(`unsupported parse_mode "${parseMode}"`));
}

export function messageText(raw: string, parseMode: string | undefined): Outcome<FormattedText> {
  const f = formatText(raw, parseMode);
  if (!f.ok) return f;
  if (f.value.text.trim().length === 0) return failed(badRequest('message text is empty'));
  if (f.value.text.length > MAX_TEXT) return failed(badRequest('message is too long'));
  return f;
}

export function captionText(raw: string | undefined, parseMode: string | undefined): Outcome<FormattedText | undefined> {
  if (raw === undefined) return value(undefined);
  const f = formatText(raw, parseMode);
  if (!f.ok) return f;
  if (f.value.text.length > MAX_CAPTION) return failed(badRequest('message caption is too long'));
  return f;
}

const inlineButton = z
  .object({
    text: z.string(),
    callback_data: z.string().optional(),
    url: z.string().optional(),
    switch_inline_query: z.string().optional(),
    switch_inline_query_current_chat: z.string().optional(),
    web_app: z.object({ url: z.string() }).optional(),
    login_url: z.object({ url: z.string() }).optional(),
    pay: z.boolean().optional(),
    copy_text: z.object({ text: z.string() }).optional(),
  })
  .loose();
export type InlineButton = z.infer<typeof inlineButton>;

const inlineKeyboardSchema = z.object({ inline_keyboard: z.array(z.array(inlineButton)) }).loose();
export type InlineKeyboard = z.infer<typeof inlineKeyboardSchema>;

const replyMarkupSchema = z.union([
  inlineKeyboardSchema,
  z.object({ keyboard: z.array(z.array(z.union([z.string(), z.object({ text: z.string() }).loose()]))) }).loose(),
  z.object({ remove_keyboard: z.literal(true) }).loose(),
  z.object({ force_reply: z.literal(true) }).loose(),
]);
export type ReplyMarkup = z.infer<typeof replyMarkupSchema>;

const ACTION_FIELDS = ['callback_data', 'url', 'switch_inline_query', 'switch_inline_query_current_chat', 'web_app', 'login_url', 'pay', 'copy_text'] as const;

function checkInlineButton(b: InlineButton): string | null {
  if (b.text.length === 0) return 'Bad Request: text buttons are unallowed in the inline keyboard';
  const actions = ACTION_FIELDS.filter((k) => b[k] !== undefined);
  if (actions.length === 0) return 'Bad Request: text buttons are unallowed in the inline keyboard';
  if (b.callback_data !== undefined) {
    const bytes = Buffer.byteLength(b.callback_data, 'utf8');
    if (bytes < 1 || bytes > MAX_CALLBACK_DATA_BYTES) return 'Bad Request: BUTTON_DATA_INVALID';
  }
  return null;
}

/** Validates a reply_markup value (already JSON-decoded); undefined means "no markup". */
export function replyMarkup(raw: unknown): Outcome<ReplyMarkup | undefined> {
  if (raw === undefined) return value(undefined);
  const parsed = replyMarkupSchema.safeParse(raw);
  if (!parsed.success) return failed(badRequest("can't parse reply keyboard markup JSON object"));
  const markup = parsed.data;
  const inline = inlineKeyboard(markup);
  if (inline) {
    for (const row of inline.inline_keyboard) {
      for (const button of row) {
        const problem = checkInlineButton(button);
        if (problem) return failed(badRequest(problem));
      }
    }
  }
  return value(markup);
}

/** Every callback_data of an inline keyboard, in order. */
export function callbackDataOf(markup: ReplyMarkup | undefined): string[] {
  const inline = inlineKeyboard(markup);
  if (!inline) return [];
  return inline.inline_keyboard.flatMap((row) => row.flatMap((b) => (b.callback_data === undefined ? [] : [b.callback_data])));
}

/** The markup as an inline keyboard, or null when it is another kind (or absent). */
export function inlineKeyboard(markup: ReplyMarkup | undefined): InlineKeyboard | null {
  const parsed = inlineKeyboardSchema.safeParse(markup);
  return parsed.success ? parsed.data : null;
}
