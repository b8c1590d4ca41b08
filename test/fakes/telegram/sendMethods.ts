/** sendMessage, sendPhoto and sendDocument: validated like the real API, stored in the chat's history. */
import type { RequestBody } from './body';
import type { StoredFile, StoredMessage } from './chats';
import { captionText, messageText, replyMarkup } from './limits';
import { messageJson } from './messageJson';
import { mediaMessageParams, parseParams, textMessageParams } from './params';
import { badRequest, failed, tooManyRequests, value, type Outcome } from './reply';
import type { MethodHandler, TelegramState } from './state';

function throttle(state: TelegramState, chatId: number): Outcome<null> {
  if (!state.limiter) return value(null);
  const type = state.chats.chat(chatId).type;
  const wait = state.limiter.acquire(chatId, type === 'group' || type === 'supergroup');
  return wait > 0 ? failed(tooManyRequests(wait)) : value(null);
}

function publish(state: TelegramState, message: StoredMessage): Outcome<unknown> {
  state.chats.add(message);
  return value(messageJson(message, state.chats.chat(message.chatId), state.bot));
}

const sendMessage: MethodHandler = (state, body) => {
  const p = parseParams(textMessageParams, body.params);
  if (!p.ok) return p;
  const text = messageText(p.value.text, p.value.parse_mode);
  if (!text.ok) return text;
  const markup = replyMarkup(p.value.reply_markup);
  if (!markup.ok) return markup;
  const slot = throttle(state, p.value.chat_id);
  if (!slot.ok) return slot;
  return publish(state, {
    chatId: p.value.chat_id,
    messageId: state.chats.nextMessageId(p.value.chat_id),
    fromBot: true,
    fromId: state.bot.id,
    date: state.date(),
    state: { text: text.value.text, entities: text.value.entities, replyMarkup: markup.value },
    edits: [],
    deleted: false,
  });
};

/** The file a media parameter names: an uploaded part, or the file_id of something the bot sent before. */
function resolveFile(state: TelegramState, body: RequestBody, field: string): Outcome<StoredFile> {
  const upload = body.files.get(field);
  if (upload) return value(state.chats.storeFile(upload.filename, upload.contentType, upload.bytes));
  const ref = body.params[field];
  if (typeof ref !== 'string' || ref.length === 0) return failed(badRequest(`there is no ${field} in the request`));
  const known = state.chats.findFile(ref);
  if (known) return value(known);
  if (/^https?:\/\//.test(ref)) return failed(badRequest('wrong file identifier/HTTP URL specified'));
  return failed(badRequest('wrong remote file identifier specified: Wrong character in the string'));
}

function sendMedia(kind: 'photo' | 'document'): MethodHandler {
  return (state, body) => {
    const p = parseParams(mediaMessageParams, body.params);
    if (!p.ok) return p;
    const caption = captionText(p.value.caption, p.value.parse_mode);
    if (!caption.ok) return caption;
    const markup = replyMarkup(p.value.reply_markup);
    if (!markup.ok) return markup;
    const file = resolveFile(state, body, kind);
    if (!file.ok) return file;
    if (file.value.bytes.length === 0) return failed(badRequest('file must be non-empty'));
    const slot = throttle(state, p.value.chat_id);
    if (!slot.ok) return slot;
    return publish(state, {
      chatId: p.value.chat_id,
      messageId: state.chats.nextMessageId(p.value.chat_id),
      fromBot: true,
      fromId: state.bot.id,
      date: state.date(),
      state: { caption: caption.value?.text, entities: caption.value?.entities ?? [], replyMarkup: markup.value },
      edits: [],
      ...(kind === 'photo' ? { photo: file.value } : { document: file.value }),
      deleted: false,
    });
  };
}

export const sendMethods: Readonly<Record<string, MethodHandler>> = {
  sendmessage: sendMessage,
  sendphoto: sendMedia('photo'),
  senddocument: sendMedia('document'),
};
