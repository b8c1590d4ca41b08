/** Everything a Bot API method handler can see and change. */
import type { RequestBody } from './body';
import { ChatStore } from './chats';
import type { BotIdentity } from './messageJson';
import type { TelegramRateLimiter } from './rateLimit';
import type { Outcome } from './reply';
import { UpdateQueue } from './updates';

export interface WebhookInfo {
  readonly url: string;
  readonly secretToken?: string;
  readonly allowedUpdates?: readonly string[];
}

export interface PendingCallback {
  readonly chatId: number;
  readonly messageId: number;
  readonly fromId: number;
  answered: boolean;
}

export interface BotCommand {
  readonly command: string;
  readonly description: string;
}

export class TelegramState {
  readonly chats = new ChatStore();
  readonly updates = new UpdateQueue();
  readonly callbacks = new Map<string, PendingCallback>();
  /** setMyCommands lists keyed by scope + language (`{"type":"default"}|`). */
  readonly commands = new Map<string, BotCommand[]>();
  webhook: WebhookInfo | null = null;
  limiter: TelegramRateLimiter | null = null;

  constructor(
    readonly bot: BotIdentity,
    readonly now: () => number,
  ) {}

  /** Unix seconds on the fake's clock, as message dates are. */
  date(): number {
    return Math.floor(this.now() / 1000);
  }
}

export type MethodHandler = (state: TelegramState, body: RequestBody) => Outcome<unknown> | Promise<Outcome<unknown>>;
