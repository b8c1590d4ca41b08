/**
 * What a simulated person does: send a message (with bot_command entities, as Telegram marks `/cmd` and
 * `/cmd@botname`) or press an inline button (a callback_query carrying the message as it currently is).
 */
import { randomBytes } from 'node:crypto';
import type { ChatType, StoredMessage } from './chats';
import { callbackDataOf } from './limits';
import { chatJson, messageJson, userJson } from './messageJson';
import type { TelegramState } from './state';

export interface UserMessageInput {
  readonly chatId: number;
  readonly fromId: number;
  readonly text: string;
  /** Defaults to `private` for positive chat ids and `group` for negative ones. */
  readonly chatType?: ChatType;
}

export interface ButtonPressInput {
  readonly chatId: number;
  readonly messageId: number;
  readonly fromId: number;
  readonly data: string;
  /** Send the callback even if the message has no such button (a forged or replayed callback). */
  readonly forge?: boolean;
}

/** bot_command entities for every `/command` or `/command@botname` that starts a word. */
export function commandEntities(text: string): { type: 'bot_command'; offset: number; length: number }[] {
  const out: { type: 'bot_command'; offset: number; length: number }[] = [];
  const re = /(^|\s)(\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?)(?=$|\s|[.,!?;:])/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    out.push({ type: 'bot_command', offset: m.index + m[1]!.length, length: m[2]!.length });
  }
  return out;
}

export function userMessageUpdate(state: TelegramState, input: UserMessageInput): Record<string, unknown> {
  const type = input.chatType ?? (input.chatId < 0 ? 'group' : 'private');
  state.chats.rememberChat(input.chatId, type);
  const entities = commandEntities(input.text);
  const stored: StoredMessage = {
    chatId: input.chatId,
    messageId: state.chats.nextMessageId(input.chatId),
    fromBot: false,
    fromId: input.fromId,
    date: state.date(),
    state: { text: input.text, entities },
    edits: [],
    deleted: false,
  };
  state.chats.add(stored);
  const message: Record<string, unknown> = {
    message_id: stored.messageId,
    from: userJson(input.fromId),
    chat: chatJson({ id: input.chatId, type }),
    date: stored.date,
    text: input.text,
  };
  if (entities.length > 0) message.entities = entities;
  return { message };
}

export function buttonPressUpdate(state: TelegramState, input: ButtonPressInput): Record<string, unknown> {
  const m = state.chats.find(input.chatId, input.messageId);
  if (!input.forge) {
    if (!m) throw new Error(`fake Telegram: no message ${input.messageId} in chat ${input.chatId} to press a button on`);
    const data = callbackDataOf(m.state.replyMarkup);
    if (!data.includes(input.data)) throw new Error(`fake Telegram: message ${input.messageId} has no button with data "${input.data}" (has: ${data.join(', ') || 'none'})`);
  }
  const id = randomBytes(8).readBigUInt64BE().toString();
  state.callbacks.set(id, { chatId: input.chatId, messageId: input.messageId, fromId: input.fromId, answered: false });
  const chat = state.chats.chat(input.chatId);
  const message = m
    ? messageJson(m, chat, state.bot)
    : { message_id: input.messageId, date: state.date(), chat: chatJson(chat), from: userJson(state.bot.id, true, state.bot.username), text: '' };
  return {
    callback_query: { id, from: userJson(input.fromId), message, chat_instance: String(Math.abs(input.chatId) * 7919), data: input.data },
  };
}
