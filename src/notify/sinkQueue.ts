/**
 * One sink's own delivery queue. Messages go out in order; a failed send is retried with exponential backoff,
 * and after `maxAttempts` failures in a row the sink counts as down: the queue keeps everything (persisted in the
 * outbox when one is given) and probes the sink every `outageProbeMs` until it answers, then sends the backlog.
 * A send that throws or does not answer within `sendTimeoutMs` is a transient failure; a permanent failure drops
 * that one message. Nothing here can block or break another sink's queue.
 */
import type { Logger } from '../log/logger';
import type { Notification } from './notification';
import type { NotificationOutbox } from './outbox';
import type { NotificationSink, SendResult } from './sink';

export type SinkState = 'up' | 'retrying' | 'down';

export interface SinkQueueOptions {
  readonly outbox?: NotificationOutbox;
  readonly logger: Logger;
  /** Default 10 s. */
  readonly sendTimeoutMs?: number;
  /** Failures in a row before the sink counts as down (default 4). */
  readonly maxAttempts?: number;
  /** First retry delay, doubled per failure (default 500 ms). */
  readonly retryBaseMs?: number;
  readonly retryMaxMs?: number;
  /** Probe interval while the sink is down (default 60 s). */
  readonly outageProbeMs?: number;
  /** Messages held in memory; beyond it the oldest is dropped with a warning (default 5000). */
  readonly maxQueued?: number;
}

export interface SinkStatus {
  readonly name: string;
  readonly state: SinkState;
  readonly queued: number;
  readonly sent: number;
  readonly dropped: number;
  readonly lastError?: string;
}

interface Item {
  readonly n: Notification;
  /** The outbox write for this message (awaited before the delivered message is removed). */
  readonly stored: Promise<void>;
}

const DONE: Promise<void> = Promise.resolve();

export class SinkQueue {
  private readonly items: Item[] = [];
  private pumping = false;
  private stopped = false;
  private state: SinkState = 'up';
  private failures = 0;
  private sent = 0;
  private dropped = 0;
  private lastError: string | undefined;
  private sleepTimer: NodeJS.Timeout | undefined;
  private wakeSleeper: (() => void) | undefined;
  private idleWaiters: Array<() => void> = [];
  private readonly o: Required<Omit<SinkQueueOptions, 'outbox' | 'logger'>>;
  private readonly log: Logger;

  constructor(
    readonly sink: NotificationSink,
    private readonly options: SinkQueueOptions,
  ) {
    this.o = {
      sendTimeoutMs: options.sendTimeoutMs ?? 10_000,
      maxAttempts: options.maxAttempts ?? 4,
      retryBaseMs: options.retryBaseMs ?? 500,
      retryMaxMs: options.retryMaxMs ?? 30_000,
      outageProbeMs: options.outageProbeMs ?? 60_000,
      maxQueued: options.maxQueued ?? 5000,
    };
    this.log = options.logger.child({ component: 'notify', sink: sink.name });
  }

  /** Queues `n` (persisting it first when an outbox is configured) and starts delivery; never waits for the sink. */
  enqueue(n: Notification): void {
    if (this.stopped) return;
    const outbox = this.options.outbox;
    const stored = outbox ? outbox.add(this.sink.name, n).catch((e: unknown) => this.warnStore('store', e)) : DONE;
    this.push({ n, stored });
  }

  /** Queues what the outbox still holds for this sink (after a restart), ahead of anything new. */
  async restore(): Promise<number> {
    const outbox = this.options.outbox;
    if (!outbox) return 0;
    let waiting: readonly Notification[];
    try {
      waiting = await outbox.pending(this.sink.name);
    } catch (e) {
      this.warnStore('load', e);
      return 0;
    }
    const known = new Set(this.items.map((i) => i.n.id));
    const fresh = waiting.filter((n) => !known.has(n.id)).map((n) => ({ n, stored: DONE }));
    this.items.unshift(...fresh);
    if (fresh.length > 0) this.log.info({ count: fresh.length }, 'restored undelivered notifications');
    this.pump();
    return fresh.length;
  }

  status(): SinkStatus {
    return {
      name: this.sink.name,
      state: this.state,
      queued: this.items.length,
      sent: this.sent,
      dropped: this.dropped,
      ...(this.lastError !== undefined ? { lastError: this.lastError } : {}),
    };
  }

  /** Resolves once the queue is empty (or stopped). */
  idle(): Promise<void> {
    if (this.items.length === 0 || this.stopped) return DONE;
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops delivering; whatever is queued stays in the outbox for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.sleepTimer) clearTimeout(this.sleepTimer);
    this.wakeSleeper?.();
    await Promise.all(this.items.map((i) => i.stored));
    this.items.length = 0;
    this.settleIdle();
  }

  private push(item: Item): void {
    this.items.push(item);
    while (this.items.length > this.o.maxQueued) {
      const old = this.items.splice(this.pumping ? 1 : 0, 1)[0];
      if (!old) break;
      this.dropped++;
      this.log.warn({ id: old.n.id, title: old.n.title }, 'notification queue full; dropped the oldest message');
      void old.stored.then(() => this.forget(old.n.id));
    }
    this.pump();
  }

  private pump(): void {
    if (this.pumping || this.stopped) return;
    this.pumping = true;
    void this.drain().finally(() => {
      this.pumping = false;
      if (this.items.length > 0 && !this.stopped) this.pump();
    });
  }

  private async drain(): Promise<void> {
    while (!this.stopped) {
      const head = this.items[0];
      if (!head) break;
      const r = await this.attempt(head.n);
      if (this.stopped) return;
      if (r.ok || r.error.permanent) {
        this.items.shift();
        if (r.ok) {
          this.sent++;
          if (this.state !== 'up') this.log.info({ after: this.failures }, 'sink is back; sending the backlog');
          this.state = 'up';
          this.failures = 0;
        } else {
          this.dropped++;
          this.log.error({ id: head.n.id, reason: r.error.reason }, 'notification rejected by the sink; dropped');
        }
        await head.stored;
        await this.forget(head.n.id);
        continue;
      }
      this.failures++;
      this.lastError = r.error.reason;
      const down = this.failures >= this.o.maxAttempts;
      if (down && this.state !== 'down') this.log.warn({ reason: r.error.reason, queued: this.items.length }, 'sink is down; queueing messages until it answers');
      this.state = down ? 'down' : 'retrying';
      await this.sleep(down ? this.o.outageProbeMs : Math.min(this.o.retryBaseMs * 2 ** (this.failures - 1), this.o.retryMaxMs));
    }
    this.settleIdle();
  }

  private async attempt(n: Notification): Promise<SendResult> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<SendResult>((resolve) => {
      timer = setTimeout(
        () => resolve({ ok: false, error: { reason: `no answer within ${this.o.sendTimeoutMs} ms`, permanent: false } }),
        this.o.sendTimeoutMs,
      );
    });
    try {
      return await Promise.race([this.sink.send(n), timeout]);
    } catch (e) {
      const reason = e instanceof Error ? (e.message.split('\n')[0] ?? e.message) : String(e);
      return { ok: false, error: { reason, permanent: false } };
    } finally {
      clearTimeout(timer);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wakeSleeper = resolve;
      this.sleepTimer = setTimeout(resolve, ms);
    });
  }

  private async forget(id: string): Promise<void> {
    try {
      await this.options.outbox?.remove(this.sink.name, id);
    } catch (e) {
      this.warnStore('remove', e);
    }
  }

  private warnStore(what: string, e: unknown): void {
    this.log.warn({ err: e }, `could not ${what} a queued notification in the outbox`);
  }

  private settleIdle(): void {
    if (this.items.length > 0 && !this.stopped) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
