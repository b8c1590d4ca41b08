/**
 * What the fake remembers per chat: every message (from the bot or a simulated user) with its text, markup,
 * uploaded photo/document bytes and the history of its edits, plus a log of events tests can wait for.
 */
import type { MessageEntity } from './html';
import type { ReplyMarkup } from './limits';
import { EventLog } from '../eventLog';

export type ChatType = 'private' | 'group' | 'supergroup' | 'channel';

export interface StoredFile {
  readonly fileId: string;
  readonly fileUniqueId: string;
  readonly filename: string;
  readonly contentType: string;
  readonly bytes: Buffer;
}

export interface MessageState {
  readonly text?: string;
  readonly caption?: string;
  readonly entities: readonly MessageEntity[];
  readonly replyMarkup?: ReplyMarkup;
}

export interface StoredMessage {
  readonly chatId: number;
  readonly messageId: number;
  readonly fromBot: boolean;
  readonly fromId: number;
  readonly date: number;
  /** The current state; `edits` keeps every earlier state, oldest first. */
  state: MessageState;
  readonly edits: MessageState[];
  readonly photo?: StoredFile;
  readonly document?: StoredFile;
  deleted: boolean;
}

export interface CallbackAnswer {
  readonly callbackQueryId: string;
  readonly text?: string;
  readonly showAlert: boolean;
  readonly url?: string;
}

export type TelegramEvent =
  | { readonly kind: 'message'; readonly message: StoredMessage }
  | { readonly kind: 'edit'; readonly message: StoredMessage; readonly previous: MessageState }
  | { readonly kind: 'delete'; readonly message: StoredMessage }
  | { readonly kind: 'callbackAnswer'; readonly answer: CallbackAnswer }
  | { readonly kind: 'chatAction'; readonly chatId: number; readonly action: string };

export interface ChatInfo {
  readonly id: number;
  readonly type: ChatType;
}


export class ChatStore {
  private readonly messages = new Map<number, StoredMessage[]>();
  private readonly chatTypes = new Map<number, ChatType>();
  private readonly nextIds = new Map<number, number>();
  private readonly log = new EventLog<TelegramEvent>('Telegram');
  private fileCounter = 0;

  rememberChat(id: number, type: ChatType): void {
    this.chatTypes.set(id, type);
  }

  /** The chat's type: as a simulated user introduced it, else by Telegram's id convention (negative = group). */
  chat(id: number): ChatInfo {
    return { id, type: this.chatTypes.get(id) ?? (id < 0 ? 'group' : 'private') };
  }

  nextMessageId(chatId: number): number {
    const id = this.nextIds.get(chatId) ?? 1;
    this.nextIds.set(chatId, id + 1);
    return id;
  }

  storeFile(filename: string, contentType: string, bytes: Buffer): StoredFile {
    this.fileCounter += 1;
    const n = this.fileCounter.toString(36).padStart(6, '0');
    return { fileId: `AgACAgFake${n}`, fileUniqueId: `AQADFake${n}`, filename, contentType, bytes };
  }

  findFile(fileId: string): StoredFile | undefined {
    for (const list of this.messages.values()) {
      for (const m of list) {
        if (m.photo?.fileId === fileId) return m.photo;
        if (m.document?.fileId === fileId) return m.document;
      }
    }
    return undefined;
  }

  add(message: StoredMessage): void {
    const list = this.messages.get(message.chatId) ?? [];
    list.push(message);
    this.messages.set(message.chatId, list);
    if (message.fromBot) this.emit({ kind: 'message', message });
  }

  find(chatId: number, messageId: number): StoredMessage | undefined {
    return this.messages.get(chatId)?.find((m) => m.messageId === messageId && !m.deleted);
  }

  edit(message: StoredMessage, next: MessageState): void {
    const previous = message.state;
    message.edits.push(previous);
    message.state = next;
    this.emit({ kind: 'edit', message, previous });
  }

  remove(message: StoredMessage): void {
    message.deleted = true;
    this.emit({ kind: 'delete', message });
  }

  list(chatId: number): StoredMessage[] {
    return [...(this.messages.get(chatId) ?? [])];
  }

  emit(e: TelegramEvent): void {
    this.log.emit(e);
  }

  history(): readonly TelegramEvent[] {
    return this.log.history();
  }

  /** The first event (already recorded or future) that satisfies `predicate`. */
  waitFor(predicate: (e: TelegramEvent) => boolean, timeoutMs: number): Promise<TelegramEvent> {
    return this.log.waitFor(predicate, timeoutMs);
  }
}
