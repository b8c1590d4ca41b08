/**
 * The outbound queue: every message, photo and edit the bot sends goes through here. It keeps Telegram's limits
 * (rateWindows.ts), keeps the order of messages within a chat, waits `retry_after` after a 429 (for that chat),
 * and when Telegram cannot be reached it keeps everything and retries with backoff. Durable items are written to
 * the store before the first attempt and removed once delivered, so a restart resends what was not delivered.
 * Time is injected (`now`, `sleep`), so tests can run Telegram's real limits on a virtual clock.
 */
import { randomUUID } from 'node:crypto';
import { isGroupChat, type Deliver, type OutboundItem, type OutboundOp, type OutboundStore } from './outbound';
import { RateWindows, TELEGRAM_LIMITS, type TelegramLimits } from './rateWindows';

export type Delivery = { readonly ok: true; readonly messageId: number } | { readonly ok: false; readonly reason: string };

export interface QueueLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface OutboundQueueOptions {
  readonly deliver: Deliver;
  readonly store?: OutboundStore;
  readonly log: QueueLog;
  readonly limits?: TelegramLimits;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** First retry delay after a failure to reach Telegram, doubled per failure (default 1 s, at most `retryMaxMs`). */
  readonly retryBaseMs?: number;
  readonly retryMaxMs?: number;
  /** Told when a queued item is delivered (also for items restored after a restart). */
  readonly onDelivered?: (item: OutboundItem, messageId: number) => void | Promise<void>;
}

interface Entry {
  readonly item: OutboundItem;
  readonly durable: boolean;
  readonly stored: Promise<void>;
  readonly settle: (d: Delivery) => void;
}

const realSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class OutboundQueue {
  private readonly entries: Entry[] = [];
  private readonly windows: RateWindows;
  private readonly pausedUntil = new Map<number, number>();
  private outageUntil = 0;
  private failures = 0;
  private seq = 0;
  private running = false;
  private stopped = false;
  private wake: (() => void) | undefined;
  private idleWaiters: (() => void)[] = [];
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly o: OutboundQueueOptions) {
    this.windows = new RateWindows(o.limits ?? TELEGRAM_LIMITS);
    this.now = o.now ?? Date.now;
    this.sleep = o.sleep ?? realSleep;
  }

  /** Loads what the store still holds (a previous run's undelivered messages) ahead of anything new. */
  async restore(): Promise<number> {
    const store = this.o.store;
    if (!store) return 0;
    const items = await store.pending();
    const known = new Set(this.entries.map((e) => e.item.id));
    const fresh = items.filter((i) => !known.has(i.id)).map((item): Entry => ({ item, durable: true, stored: Promise.resolve(), settle: () => undefined }));
    this.entries.unshift(...fresh);
    for (const i of items) this.seq = Math.max(this.seq, i.seq);
    if (fresh.length > 0) this.o.log.info({ count: fresh.length }, 'telegram: resending messages queued before the restart');
    this.kick();
    return fresh.length;
  }

  /**
   * Queues one call; the promise settles when it was delivered or given up (a permanent refusal such as a chat
   * that blocked the bot). Durable items (the default) survive a restart; progress edits need not.
   */
  enqueue(chatId: number, op: OutboundOp, opts: { readonly durable?: boolean; readonly ref?: string } = {}): Promise<Delivery> {
    if (this.stopped) return Promise.resolve({ ok: false, reason: 'the Telegram transport is stopped' });
    const item: OutboundItem = { id: randomUUID(), seq: ++this.seq, chatId, op, createdAt: this.now(), ...(opts.ref !== undefined ? { ref: opts.ref } : {}) };
    const durable = opts.durable ?? true;
    return new Promise<Delivery>((settle) => {
      const stored = durable && this.o.store ? this.o.store.add(item).catch((e: unknown) => this.o.log.warn({ err: e }, 'telegram: could not persist a queued message')) : Promise.resolve();
      this.entries.push({ item, durable, stored, settle });
      this.kick();
    });
  }

  get size(): number {
    return this.entries.length;
  }

  /** Resolves when nothing is queued (or the queue stopped). */
  idle(): Promise<void> {
    if (this.entries.length === 0 || this.stopped) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  /** Stops sending; undelivered durable items stay in the store for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await Promise.all(this.entries.map((e) => e.stored));
    for (const e of this.entries.splice(0)) e.settle({ ok: false, reason: 'the Telegram transport stopped before the message was sent; it is kept for the next start' });
    this.settleIdle();
  }

  private kick(): void {
    this.wake?.();
    if (this.running || this.stopped) return;
    this.running = true;
    void this.pump().finally(() => {
      this.running = false;
      if (this.entries.length > 0 && !this.stopped) this.kick();
    });
  }

  /** The earliest entry that may go now (only the first queued entry of each chat is eligible), or the wait. */
  private pick(now: number): { entry: Entry } | { waitMs: number } | undefined {
    const seen = new Set<number>();
    let earliest = Infinity;
    for (const entry of this.entries) {
      const chat = entry.item.chatId;
      if (seen.has(chat)) continue;
      seen.add(chat);
      const ready = Math.max(this.outageUntil, this.pausedUntil.get(chat) ?? 0, this.windows.readyAt(chat, isGroupChat(chat), entry.item.op.method === 'editMessageText', now));
      if (ready <= now) return { entry };
      earliest = Math.min(earliest, ready);
    }
    return Number.isFinite(earliest) ? { waitMs: earliest - now } : undefined;
  }

  private async pump(): Promise<void> {
    while (!this.stopped) {
      const next = this.pick(this.now());
      if (!next) break;
      if ('waitMs' in next) {
        await this.pause(next.waitMs);
        continue;
      }
      await this.attempt(next.entry);
    }
    this.settleIdle();
  }

  /** Waits `ms`, or less when something new is queued (it may be for a chat that is ready). */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        this.wake = undefined;
        resolve();
      };
      this.wake = done;
      void this.sleep(ms).then(done);
    });
  }

  private async attempt(entry: Entry): Promise<void> {
    const { item } = entry;
    const isEdit = item.op.method === 'editMessageText';
    this.windows.record(item.chatId, isEdit, this.now());
    const r = await this.o.deliver(item);
    switch (r.kind) {
      case 'sent':
      case 'permanent': {
        this.failures = 0;
        this.outageUntil = 0;
        this.remove(entry);
        if (r.kind === 'permanent') this.o.log.error({ chat: item.chatId, method: item.op.method, reason: r.reason }, 'telegram refused a message; it was dropped');
        await entry.stored;
        if (entry.durable) await this.o.store?.remove(item.id).catch((e: unknown) => this.o.log.warn({ err: e }, 'telegram: could not remove a delivered message from the store'));
        if (r.kind === 'sent') {
          try {
            await this.o.onDelivered?.(item, r.messageId);
          } catch (e) {
            this.o.log.error({ err: e, ref: item.ref }, 'telegram: handling a delivered message failed');
          }
        }
        entry.settle(r.kind === 'sent' ? { ok: true, messageId: r.messageId } : { ok: false, reason: r.reason });
        return;
      }
      case 'retry-after':
        this.pausedUntil.set(item.chatId, this.now() + r.ms);
        this.o.log.warn({ chat: item.chatId, waitMs: r.ms }, 'telegram asked to slow down (429); waiting retry_after');
        return;
      case 'transient': {
        this.failures++;
        const wait = Math.min((this.o.retryBaseMs ?? 1000) * 2 ** (this.failures - 1), this.o.retryMaxMs ?? 60_000);
        this.outageUntil = this.now() + wait;
        if (this.failures === 1 || this.failures % 10 === 0) this.o.log.warn({ reason: r.reason, queued: this.entries.length, retryMs: wait }, 'telegram unreachable; messages stay queued');
        return;
      }
    }
  }

  private remove(entry: Entry): void {
    const i = this.entries.indexOf(entry);
    if (i >= 0) this.entries.splice(i, 1);
  }

  private settleIdle(): void {
    if (this.entries.length > 0 && !this.stopped) return;
    for (const w of this.idleWaiters.splice(0)) w();
  }
}
