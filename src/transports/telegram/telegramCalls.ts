/**
 * One outbound item → one Bot API call through telegraf, and how it ended: 429 → wait `retry_after`; network
 * errors, timeouts and 5xx → transient (try again); "message is not modified" on an edit → done; any other
 * refusal (400/403/404: bad content, bot blocked, chat gone) → permanent. So is an answer below 500 whose body is
 * not JSON (telegraf's fetch rejects with a FetchError of type `invalid-json`, losing the status): the same call
 * would get the same answer, and retrying it forever held every later message (issue 16).
 */
import { TelegramError, type Telegram } from 'telegraf';
import type { InlineKeyboardMarkup, ReplyKeyboardMarkup } from 'telegraf/types';
import type { Keyboard, OutboundItem, ReplyKeyboard } from '../../core/ports/telegramOutbox';
import type { Attempt, Deliver } from './delivery';

const markup = (k: Keyboard | undefined): { reply_markup: InlineKeyboardMarkup } | Record<string, never> =>
  k && k.length > 0 ? { reply_markup: { inline_keyboard: k.map((row) => [...row]) } } : {};
/** A message has one markup: inline buttons, else a reply keyboard (kept under the typing field, sized to fit). */
const sendMarkup = (k: Keyboard | undefined, r: ReplyKeyboard | undefined): { reply_markup: InlineKeyboardMarkup | ReplyKeyboardMarkup } | Record<string, never> =>
  k && k.length > 0 ? markup(k) : r && r.length > 0 ? { reply_markup: { keyboard: r.map((row) => row.map((text) => ({ text }))), resize_keyboard: true, is_persistent: true } } : {};

/** A refusal's reason for the logs: Telegram's description, never the URL (it holds the token). */
function reasonOf(e: unknown): string {
  if (e instanceof TelegramError) return `${e.code} ${e.description}`;
  const m = e instanceof Error ? e.message : String(e);
  return m.replace(/bot\d+:[A-Za-z0-9_-]+/g, 'bot<token>').split('\n')[0]!.slice(0, 200);
}

/** node-fetch's FetchError for an answer that could not be parsed as JSON (telegraf reads 5xx before parsing). */
const isInvalidJson = (e: unknown): boolean => typeof e === 'object' && e !== null && (e as { type?: unknown }).type === 'invalid-json';

export function classify(e: unknown, isEdit: boolean, messageId: number | undefined): Attempt {
  if (e instanceof TelegramError) {
    if (e.code === 429) return { kind: 'retry-after', ms: Math.max(1, e.parameters?.retry_after ?? 5) * 1000, reason: reasonOf(e) };
    if (e.code >= 500) return { kind: 'transient', reason: reasonOf(e) };
    if (isEdit && messageId !== undefined && /message is not modified/i.test(e.description)) return { kind: 'sent', messageId };
    return { kind: 'permanent', reason: reasonOf(e) };
  }
  if (isInvalidJson(e)) return { kind: 'permanent', reason: `Telegram answered with a body that is not JSON (${reasonOf(e).slice(0, 120)})` };
  return { kind: 'transient', reason: reasonOf(e) };
}

function timeout(ms: number): { promise: Promise<never>; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from Telegram within ${ms} ms`)), ms);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

export function telegramDeliver(telegram: Telegram, callTimeoutMs = 15_000): Deliver {
  const call = async (item: OutboundItem): Promise<number> => {
    const op = item.op;
    switch (op.method) {
      case 'sendMessage':
        return (await telegram.sendMessage(item.chatId, op.text, { parse_mode: 'HTML', link_preview_options: { is_disabled: true }, ...sendMarkup(op.keyboard, op.replyKeyboard) })).message_id;
      case 'sendPhoto':
        return (await telegram.sendPhoto(item.chatId, { source: Buffer.from(op.png), filename: op.filename }, { caption: op.caption, parse_mode: 'HTML', ...markup(op.keyboard) })).message_id;
      case 'editMessageText':
        await telegram.editMessageText(item.chatId, op.messageId, undefined, op.text, { parse_mode: 'HTML', link_preview_options: { is_disabled: true }, ...markup(op.keyboard) });
        return op.messageId;
    }
  };
  return async (item) => {
    const t = timeout(callTimeoutMs);
    try {
      return { kind: 'sent', messageId: await Promise.race([call(item), t.promise]) };
    } catch (e) {
      return classify(e, item.op.method === 'editMessageText', item.op.method === 'editMessageText' ? item.op.messageId : undefined);
    } finally {
      t.cancel();
    }
  };
}
