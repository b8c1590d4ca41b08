/** How the Telegram transport delivers one outbox item (src/core/ports/telegramOutbox.ts). */
import type { OutboundItem } from '../../core/ports/telegramOutbox';

/** How one attempt ended: the message id, or why not and whether trying again can help. */
export type Attempt =
  | { readonly kind: 'sent'; readonly messageId: number }
  | { readonly kind: 'retry-after'; readonly ms: number; readonly reason: string }
  | { readonly kind: 'transient'; readonly reason: string }
  | { readonly kind: 'permanent'; readonly reason: string };

/** Performs one Bot API call for an item and says how it went; never throws. */
export type Deliver = (item: OutboundItem) => Promise<Attempt>;

export const isGroupChat = (chatId: number): boolean => chatId < 0;
