/** Renders stored messages as Bot API `Message` objects (what sendMessage & co. return and updates carry). */
import type { ChatInfo, StoredFile, StoredMessage } from './chats';
import { inlineKeyboard } from './limits';

export interface BotIdentity {
  readonly id: number;
  readonly username: string;
  readonly firstName: string;
}

export function userJson(id: number, isBot = false, username?: string): Record<string, unknown> {
  return { id, is_bot: isBot, first_name: isBot ? 'AutoPPM Fake Bot' : `User${id}`, ...(username ? { username } : {}) };
}

export function chatJson(chat: ChatInfo): Record<string, unknown> {
  if (chat.type === 'private') return { id: chat.id, type: 'private', first_name: `User${chat.id}` };
  return { id: chat.id, type: chat.type, title: `Chat ${chat.id}` };
}

/** Width and height from a PNG's IHDR chunk; other formats report 0×0 (the fake does not decode images). */
export function imageSize(bytes: Buffer): { width: number; height: number } {
  const png = bytes.length >= 24 && bytes.readUInt32BE(0) === 0x89504e47 && bytes.toString('ascii', 12, 16) === 'IHDR';
  return png ? { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) } : { width: 0, height: 0 };
}

function photoJson(file: StoredFile): Record<string, unknown>[] {
  const { width, height } = imageSize(file.bytes);
  return [{ file_id: file.fileId, file_unique_id: file.fileUniqueId, file_size: file.bytes.length, width, height }];
}

function documentJson(file: StoredFile): Record<string, unknown> {
  return { file_id: file.fileId, file_unique_id: file.fileUniqueId, file_name: file.filename, mime_type: file.contentType, file_size: file.bytes.length };
}

export function messageJson(m: StoredMessage, chat: ChatInfo, bot: BotIdentity): Record<string, unknown> {
  const s = m.state;
  const out: Record<string, unknown> = {
    message_id: m.messageId,
    from: m.fromBot ? userJson(bot.id, true, bot.username) : userJson(m.fromId),
    chat: chatJson(chat),
    date: m.date,
  };
  if (m.edits.length > 0) out.edit_date = m.date + m.edits.length;
  if (s.text !== undefined) out.text = s.text;
  if (s.caption !== undefined) out.caption = s.caption;
  if (s.entities.length > 0) out[s.text !== undefined ? 'entities' : 'caption_entities'] = s.entities;
  if (m.photo) out.photo = photoJson(m.photo);
  if (m.document) out.document = documentJson(m.document);
  const inline = inlineKeyboard(s.replyMarkup);
  if (inline) out.reply_markup = inline;
  return out;
}
