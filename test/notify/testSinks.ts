/** In-process sinks for notifier tests: one that records, one that throws, one that hangs, one that can go down. */
import { err, ok } from '../../src/core/result';
import type { Notification } from '../../src/notify/notification';
import type { NotificationSink, SendResult } from '../../src/notify/sink';

export class RecordingSink implements NotificationSink {
  readonly received: Notification[] = [];
  attempts = 0;
  /** While true, every send fails as a transient outage. */
  down = false;
  /** Titles the service rejects for good. */
  readonly rejectTitles = new Set<string>();
  private waiters: Array<{ count: number; resolve: () => void }> = [];

  constructor(readonly name: string) {}

  async send(n: Notification): Promise<SendResult> {
    this.attempts++;
    if (this.down) return err({ reason: `${this.name} unreachable`, permanent: false });
    if (this.rejectTitles.has(n.title)) return err({ reason: 'rejected', permanent: true });
    this.received.push(n);
    this.waiters = this.waiters.filter((w) => (this.received.length >= w.count ? (w.resolve(), false) : true));
    return ok(undefined);
  }

  /** Resolves once `count` messages have arrived (Jest's timeout bounds the wait). */
  receivedCount(count: number): Promise<void> {
    if (this.received.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  titles(): string[] {
    return this.received.map((n) => n.title);
  }
}

export class ThrowingSink implements NotificationSink {
  calls = 0;
  constructor(readonly name: string) {}
  async send(): Promise<SendResult> {
    this.calls++;
    throw new Error('sink exploded\nstack line');
  }
}

export class HangingSink implements NotificationSink {
  calls = 0;
  constructor(readonly name: string) {}
  send(): Promise<SendResult> {
    this.calls++;
    return new Promise(() => undefined);
  }
}

/** Polls `condition` until it holds (Jest's test timeout bounds the wait). */
export async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((r) => setTimeout(r, 10));
}
