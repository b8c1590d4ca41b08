/**
 * A progress message: sent once, then edited as work goes on — at most one edit per `minIntervalMs` (later
 * updates replace earlier ones that were not shown yet), never the same text twice.
 */
import { escapeHtml } from './html';
import type { OutboundQueue } from './outboundQueue';

export const PROGRESS_EDIT_MS = 2000;

export class ProgressMessage {
  private last = '';
  private latest = '';
  private lastEditAt = -Infinity;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<unknown> = Promise.resolve();
  private done = false;

  constructor(
    private readonly queue: OutboundQueue,
    private readonly chatId: number,
    private readonly messageId: number,
    private readonly now: () => number,
    private readonly minIntervalMs = PROGRESS_EDIT_MS,
  ) {}

  update(text: string): void {
    if (this.done) return;
    this.latest = text;
    if (this.timer) return;
    const wait = this.lastEditAt + this.minIntervalMs - this.now();
    if (wait <= 0) this.flush();
    else this.timer = setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    this.timer = undefined;
    if (this.done || this.latest === this.last) return;
    this.last = this.latest;
    this.lastEditAt = this.now();
    const text = escapeHtml(this.latest).slice(0, 4000);
    this.inFlight = this.inFlight.then(() => this.queue.enqueue(this.chatId, { method: 'editMessageText', messageId: this.messageId, text: `⏳ ${text}` }, { durable: false }));
  }

  /** Stops further edits and puts the final text (escaped HTML) in the message. */
  async finish(html: string): Promise<void> {
    this.done = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.inFlight;
    await this.queue.enqueue(this.chatId, { method: 'editMessageText', messageId: this.messageId, text: html });
  }
}
