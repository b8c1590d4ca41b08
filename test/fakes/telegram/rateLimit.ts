/**
 * Telegram's outbound message limits: about 1 message per second per chat, 30 per second overall and 20 per
 * minute per group. Counted over sliding windows on an injectable clock; a refusal carries the whole seconds to
 * wait, as Telegram's `retry_after` does.
 */
export interface RateLimitOptions {
  readonly perChatPerSecond?: number;
  readonly overallPerSecond?: number;
  readonly groupPerMinute?: number;
}

export class TelegramRateLimiter {
  private readonly perChat: number;
  private readonly overall: number;
  private readonly perGroup: number;
  private readonly sentAll: number[] = [];
  private readonly sentByChat = new Map<number, number[]>();

  constructor(options: RateLimitOptions, private readonly now: () => number) {
    this.perChat = options.perChatPerSecond ?? 1;
    this.overall = options.overallPerSecond ?? 30;
    this.perGroup = options.groupPerMinute ?? 20;
  }

  /** Records a send to `chatId` and returns 0, or returns the seconds to wait without recording. */
  acquire(chatId: number, isGroup: boolean): number {
    const t = this.now();
    const chatSends = this.sentByChat.get(chatId) ?? [];
    const waits = [
      waitFor(this.sentAll, t, 1000, this.overall),
      waitFor(chatSends, t, 1000, this.perChat),
      isGroup ? waitFor(chatSends, t, 60_000, this.perGroup) : 0,
    ];
    const waitMs = Math.max(...waits);
    if (waitMs > 0) return Math.max(1, Math.ceil(waitMs / 1000));
    this.sentAll.push(t);
    chatSends.push(t);
    this.sentByChat.set(chatId, chatSends);
    if (this.sentAll.length > 1000) this.sentAll.splice(0, this.sentAll.length - 1000);
    if (chatSends.length > 1000) chatSends.splice(0, chatSends.length - 1000);
    return 0;
  }
}

/** Milliseconds until one more send fits `max` per `windowMs` given the send times `times` (oldest first). */
function waitFor(times: readonly number[], now: number, windowMs: number, max: number): number {
  let inWindow = 0;
  for (let i = times.length - 1; i >= 0 && now - times[i]! < windowMs; i--) inWindow++;
  if (inWindow < max) return 0;
  const oldestInWindow = times[times.length - inWindow]!;
  return oldestInWindow + windowMs - now;
}
