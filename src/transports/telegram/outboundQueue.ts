/**
 * The outbound queue: every message, photo and edit the bot sends goes through here. It keeps Telegram's limits
 * (rateWindows.ts), keeps the order of messages within a chat, and retries only what can succeed: a 429 waits its
 * `retry_after`, a 5xx or a network failure is retried with backoff; a permanent refusal (400, 403, 404 …, or an
 * answer that is not the Bot API's JSON) drops that message with a log line — a photo is sent again as text.
 *
 * Every chat is its own queue (issue 16): a chat's trouble — a 429 pause, an outage backoff, a call that hangs until
 * its timeout — holds only that chat's later messages; other chats are sent meanwhile, one call in flight per chat.
 * Durable items are written to the store before the first attempt and removed once delivered or dropped, so a
 * restart resends what was not delivered. Time is injected (`now`, `sleep`), so tests can run Telegram's real limits
 * on a virtual clock.
 */
import { randomUUID } from 'node:crypto';
import type { OutboundItem, OutboundOp, OutboundStore } from '../../core/ports/telegramOutbox';
import { isGroupChat, type Attempt, type Deliver } from './delivery';
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
  /** First retry delay after a failure to reach Telegram, doubled per failure of that chat (default 1 s, at most `retryMaxMs`). */
  readonly retryBaseMs?: number;
  readonly retryMaxMs?: number;
  /** Told when a queued item is delivered (also for items restored after a restart). */
  readonly onDelivered?: (item: OutboundItem, messageId: number) => void | Promise<void>;
}

interface Entry {
  item: OutboundItem;
  readonly durable: boolean;
  readonly stored: Promise<void>;
  readonly settle: (d: Delivery) => void;
}

/** One chat's state: when it may send again, its consecutive failures, and whether a call is in flight. */
interface ChatState {
  until: number;
  failures: number;
  busy: boolean;
}

const realSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The text sent instead of a photo Telegram refused for good: the caption (already HTML), or a short note. */
function photoAsText(op: Extract<OutboundOp, { method: 'sendPhoto' }>): OutboundOp {
  const text = op.caption.trim() === '' ? '(a chart could not be sent)' : op.caption;
  return { method: 'sendMessage', text, ...(op.keyboard ? { keyboard: op.keyboard } : {}) };
}

export class OutboundQueue {
  private readonly entries: Entry[] = [];
  private readonly windows: RateWindows;
  private readonly chats = new Map<number, ChatState>();
  private readonly inFlight = new Set<Promise<void>>();
  /** Consecutive transient failures across chats (for the outage log line only). */
  private outageFailures = 0;
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

  private chat(id: number): ChatState {
    let c = this.chats.get(id);
    if (!c) {
      c = { until: 0, failures: 0, busy: false };
      this.chats.set(id, c);
    }
    return c;
  }

  private kick(): void {
    this.wake?.();
    if (this.running || this.stopped) return;
    this.running = true;
    void this.pump().finally(() => {
      this.running = false;
      if (this.entries.length > 0 && !this.stopped && this.inFlight.size === 0) this.kick();
    });
  }

  /**
   * The entries that may go now — only the first queued entry of each chat, and only when that chat has no call in
   * flight and is not paused — and otherwise how long until the first of them may.
   */
  private ready(now: number): { readonly go: Entry[]; readonly waitMs: number } {
    const seen = new Set<number>();
    const go: Entry[] = [];
    let earliest = Infinity;
    for (const entry of this.entries) {
      const id = entry.item.chatId;
      if (seen.has(id)) continue;
      seen.add(id);
      const c = this.chat(id);
      if (c.busy) continue;
      const at = Math.max(c.until, this.windows.readyAt(id, isGroupChat(id), entry.item.op.method === 'editMessageText', now));
      if (at <= now) {
        go.push(entry);
        // the overall window counts this send before the next chat is looked at
        this.windows.record(id, entry.item.op.method === 'editMessageText', now);
        c.busy = true;
      } else earliest = Math.min(earliest, at);
    }
    return { go, waitMs: earliest - now };
  }

  private async pump(): Promise<void> {
    while (!this.stopped && this.entries.length > 0) {
      const { go, waitMs } = this.ready(this.now());
      for (const entry of go) {
        const sentAt = this.now();
        const p: Promise<void> = this.attempt(entry).finally(() => {
          this.windows.answered(entry.item.chatId, entry.item.op.method === 'editMessageText', sentAt, this.now());
          this.chat(entry.item.chatId).busy = false;
          this.inFlight.delete(p);
          this.wake?.();
        });
        this.inFlight.add(p);
      }
      if (go.length > 0) continue;
      if (!Number.isFinite(waitMs) && this.inFlight.size === 0) break;
      // Wait for the next chat to become ready, or for a call in flight to end, or for something new.
      await this.pause(Number.isFinite(waitMs) ? waitMs : undefined);
    }
    this.settleIdle();
  }

  /** Waits `ms` (or until woken when `ms` is undefined), or less when woken by a new item or a finished call. */
  private pause(ms: number | undefined): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        if (this.wake === done) this.wake = undefined;
        resolve();
      };
      this.wake = done;
      if (ms !== undefined) void this.sleep(ms).then(done);
    });
  }

  private async attempt(entry: Entry): Promise<void> {
    const { item } = entry;
    const c = this.chat(item.chatId);
    const r: Attempt = await this.o.deliver(item);
    switch (r.kind) {
      case 'sent':
        c.failures = 0;
        this.outageFailures = 0;
        await this.finish(entry, r);
        return;
      case 'permanent':
        c.failures = 0;
        this.outageFailures = 0;
        if (item.op.method === 'sendPhoto' && !this.stopped) {
          // A photo Telegram will not take: its caption goes as text, in the photo's place in the chat's order.
          this.o.log.error({ chat: item.chatId, method: item.op.method, reason: r.reason }, 'telegram refused a photo; sending its caption as text instead');
          entry.item = { ...item, op: photoAsText(item.op) };
          return;
        }
        this.o.log.error({ chat: item.chatId, method: item.op.method, reason: r.reason }, 'telegram refused a message; it was dropped');
        await this.finish(entry, r);
        return;
      case 'retry-after':
        c.until = this.now() + r.ms;
        this.o.log.warn({ chat: item.chatId, waitMs: r.ms }, 'telegram asked to slow down (429); waiting retry_after');
        return;
      case 'transient': {
        c.failures++;
        this.outageFailures++;
        const wait = Math.min((this.o.retryBaseMs ?? 1000) * 2 ** (c.failures - 1), this.o.retryMaxMs ?? 60_000);
        c.until = this.now() + wait;
        if (this.outageFailures === 1 || this.outageFailures % 10 === 0) this.o.log.warn({ chat: item.chatId, reason: r.reason, queued: this.entries.length, retryMs: wait }, 'telegram unreachable; messages stay queued');
        return;
      }
    }
  }

  /** Delivered or dropped: out of the queue and the store; the caller's promise settles. */
  private async finish(entry: Entry, r: Extract<Attempt, { kind: 'sent' | 'permanent' }>): Promise<void> {
    const { item } = entry;
    this.remove(entry);
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
