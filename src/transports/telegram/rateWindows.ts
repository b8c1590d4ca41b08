/**
 * Telegram's send limits as sliding windows: about 1 message a second per chat, 20 a minute per group, 30 a
 * second overall. `readyAt` says when the next send to a chat fits; `record` counts one. Edits count toward the
 * overall limit only.
 */
export interface TelegramLimits {
  readonly perChatPerSecond: number;
  readonly groupPerMinute: number;
  readonly overallPerSecond: number;
}

export const TELEGRAM_LIMITS: TelegramLimits = { perChatPerSecond: 1, groupPerMinute: 20, overallPerSecond: 30 };

const KEEP = 64;

function readyIn(times: readonly number[] | undefined, now: number, windowMs: number, max: number): number {
  if (!times || max <= 0) return now;
  let inWindow = 0;
  for (let i = times.length - 1; i >= 0 && now - times[i]! < windowMs; i--) inWindow++;
  return inWindow < max ? now : times[times.length - inWindow]! + windowMs;
}

/** Replaces the latest stamp `from` by `to`, keeping the list in time order. */
function moveStamp(times: number[] | undefined, from: number, to: number): void {
  if (!times || to <= from) return;
  const i = times.lastIndexOf(from);
  if (i < 0) return;
  times.splice(i, 1);
  let j = times.length;
  while (j > 0 && times[j - 1]! > to) j--;
  times.splice(j, 0, to);
}

export class RateWindows {
  private readonly all: number[] = [];
  private readonly byChat = new Map<number, number[]>();

  constructor(private readonly limits: TelegramLimits = TELEGRAM_LIMITS) {}

  readyAt(chatId: number, isGroup: boolean, isEdit: boolean, now: number): number {
    const overall = readyIn(this.all, now, 1000, this.limits.overallPerSecond);
    if (isEdit) return overall;
    const chat = this.byChat.get(chatId);
    return Math.max(overall, readyIn(chat, now, 1000, this.limits.perChatPerSecond), isGroup ? readyIn(chat, now, 60_000, this.limits.groupPerMinute) : now);
  }

  /**
   * A call recorded at `sentAt` has been answered at `now`: Telegram counted it somewhere in between, so the send is
   * moved to `now` (the later bound) and the next send to the chat keeps its distance even when the call was slow.
   */
  answered(chatId: number, isEdit: boolean, sentAt: number, now: number): void {
    moveStamp(this.all, sentAt, now);
    if (!isEdit) moveStamp(this.byChat.get(chatId), sentAt, now);
  }

  record(chatId: number, isEdit: boolean, now: number): void {
    this.all.push(now);
    if (this.all.length > KEEP) this.all.splice(0, this.all.length - KEEP);
    if (isEdit) return;
    const list = this.byChat.get(chatId) ?? [];
    list.push(now);
    if (list.length > KEEP) list.splice(0, list.length - KEEP);
    this.byChat.set(chatId, list);
  }
}
