/** editMessageText, editMessageReplyMarkup, editMessageCaption and deleteMessage on messages the bot sent. */
import { z } from 'zod';
import type { MessageState, StoredMessage } from './chats';
import { captionText, messageText, replyMarkup } from './limits';
import { messageJson } from './messageJson';
import { chatIdParam, intParam, jsonParam, parseParams } from './params';
import { badRequest, failed, value, type Outcome } from './reply';
import type { MethodHandler, TelegramState } from './state';

const target = {
  chat_id: chatIdParam.optional(),
  message_id: intParam.optional(),
  inline_message_id: z.string().optional(),
  reply_markup: jsonParam.optional(),
  parse_mode: z.string().optional(),
};
const editTextParams = z.object({ ...target, text: z.string() });
const editCaptionParams = z.object({ ...target, caption: z.string().optional() });
const editMarkupParams = z.object(target);

type Target = { chat_id?: number; message_id?: number; inline_message_id?: string };

function findTarget(state: TelegramState, t: Target, what: 'edit' | 'delete'): Outcome<StoredMessage> {
  if (t.inline_message_id !== undefined) return failed(badRequest('inline messages are not supported by the fake'));
  if (t.chat_id === undefined) return failed(badRequest('chat_id is empty'));
  if (t.message_id === undefined) return failed(badRequest(`message identifier is not specified`));
  const m = state.chats.find(t.chat_id, t.message_id);
  if (!m) return failed(badRequest(`message to ${what} not found`));
  if (what === 'edit' && !m.fromBot) return failed(badRequest("message can't be edited"));
  return value(m);
}

const same = (a: MessageState, b: MessageState): boolean =>
  a.text === b.text && a.caption === b.caption && JSON.stringify(a.entities) === JSON.stringify(b.entities) && JSON.stringify(a.replyMarkup) === JSON.stringify(b.replyMarkup);

function applyEdit(state: TelegramState, m: StoredMessage, next: MessageState): Outcome<unknown> {
  if (same(m.state, next)) {
    return failed(
      badRequest('message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message'),
    );
  }
  state.chats.edit(m, next);
  return value(messageJson(m, state.chats.chat(m.chatId), state.bot));
}

const editMessageText: MethodHandler = (state, body) => {
  const p = parseParams(editTextParams, body.params);
  if (!p.ok) return p;
  const m = findTarget(state, p.value, 'edit');
  if (!m.ok) return m;
  if (m.value.state.text === undefined) return failed(badRequest('there is no text in the message to edit'));
  const text = messageText(p.value.text, p.value.parse_mode);
  if (!text.ok) return text;
  const markup = replyMarkup(p.value.reply_markup);
  if (!markup.ok) return markup;
  return applyEdit(state, m.value, { text: text.value.text, entities: text.value.entities, replyMarkup: markup.value });
};

const editMessageCaption: MethodHandler = (state, body) => {
  const p = parseParams(editCaptionParams, body.params);
  if (!p.ok) return p;
  const m = findTarget(state, p.value, 'edit');
  if (!m.ok) return m;
  if (!m.value.photo && !m.value.document) return failed(badRequest('there is no caption in the message to edit'));
  const caption = captionText(p.value.caption, p.value.parse_mode);
  if (!caption.ok) return caption;
  const markup = replyMarkup(p.value.reply_markup);
  if (!markup.ok) return markup;
  return applyEdit(state, m.value, { caption: caption.value?.text, entities: caption.value?.entities ?? [], replyMarkup: markup.value });
};

const editMessageReplyMarkup: MethodHandler = (state, body) => {
  const p = parseParams(editMarkupParams, body.params);
  if (!p.ok) return p;
  const m = findTarget(state, p.value, 'edit');
  if (!m.ok) return m;
  const markup = replyMarkup(p.value.reply_markup);
  if (!markup.ok) return markup;
  return applyEdit(state, m.value, { ...m.value.state, replyMarkup: markup.value });
};

const deleteMessage: MethodHandler = (state, body) => {
  const p = parseParams(z.object({ chat_id: chatIdParam, message_id: intParam }), body.params);
  if (!p.ok) return p;
  const m = findTarget(state, p.value, 'delete');
  if (!m.ok) return m;
  state.chats.remove(m.value);
  return value(true);
};

export const editMethods: Readonly<Record<string, MethodHandler>> = {
  editmessagetext: editMessageText,
  editmessagecaption: editMessageCaption,
  editmessagereplymarkup: editMessageReplyMarkup,
  deletemessage: deleteMessage,
};
