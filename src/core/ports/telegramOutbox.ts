/**
 * The Telegram outbox port: what the bot sends, as plain data (so it can be persisted and retried), one Bot API call
 * per item, and the store that keeps it. src/transports/telegram sends it; src/store/telegram implements the store.
 */

export type InlineButton = { readonly text: string; readonly callback_data: string } | { readonly text: string; readonly url: string };
export type Keyboard = readonly (readonly InlineButton[])[];
/** A reply keyboard: rows of texts a tap sends as if typed (Telegram keeps it under the typing field). */
export type ReplyKeyboard = readonly (readonly string[])[];

export type OutboundOp =
  | { readonly method: 'sendMessage'; readonly text: string; readonly keyboard?: Keyboard; readonly replyKeyboard?: ReplyKeyboard }
  | { readonly method: 'sendPhoto'; readonly png: Uint8Array; readonly filename: string; readonly caption: string; readonly keyboard?: Keyboard }
  | { readonly method: 'editMessageText'; readonly messageId: number; readonly text: string; readonly keyboard?: Keyboard };

export interface OutboundItem {
  readonly id: string;
  /** Order of enqueueing (messages to one chat go out in this order). */
  readonly seq: number;
  readonly chatId: number;
  readonly op: OutboundOp;
  /** What the message belongs to (e.g. `approval:<id>:<userId>:<version>`), told to `onDelivered`. */
  readonly ref?: string;
  readonly createdAt: number;
}

/** The persisted queue (src/store/telegram implements it on MongoDB; `MemoryOutboundStore` for tests and no-db runs). */
export interface OutboundStore {
  add(item: OutboundItem): Promise<void>;
  remove(id: string): Promise<void>;
  /** Everything still waiting, in `seq` order. */
  pending(): Promise<readonly OutboundItem[]>;
}

export class MemoryOutboundStore implements OutboundStore {
  private readonly items = new Map<string, OutboundItem>();
  async add(item: OutboundItem): Promise<void> {
    this.items.set(item.id, item);
  }
  async remove(id: string): Promise<void> {
    this.items.delete(id);
  }
  async pending(): Promise<readonly OutboundItem[]> {
    return [...this.items.values()].sort((a, b) => a.seq - b.seq);
  }
}
