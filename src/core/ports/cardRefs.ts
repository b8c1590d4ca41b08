/**
 * Where each approval card was sent (chat + message id per recipient, and the approval version it shows), so a
 * decision made on one phone — or in the console — updates every trader's card, also after a restart.
 * src/store/telegram implements it on MongoDB; `MemoryCardRefs` serves tests and runs without a database.
 */
export interface CardRef {
  readonly approvalId: string;
  /** The Telegram user the card was sent to (its buttons are signed for this user). */
  readonly telegramId: number;
  readonly chatId: number;
  readonly messageId: number;
  /** The approval version the card shows now. */
  readonly version: number;
}

export interface CardRefStore {
  /** Stores or replaces the ref for (approvalId, chatId). */
  put(ref: CardRef): Promise<void>;
  list(approvalId: string): Promise<readonly CardRef[]>;
}

export class MemoryCardRefs implements CardRefStore {
  private readonly refs = new Map<string, CardRef>();
  async put(ref: CardRef): Promise<void> {
    this.refs.set(`${ref.approvalId}|${ref.chatId}`, ref);
  }
  async list(approvalId: string): Promise<readonly CardRef[]> {
    return [...this.refs.values()].filter((r) => r.approvalId === approvalId);
  }
}
