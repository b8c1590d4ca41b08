/**
 * The notification fan-out (after Freqtrade's RPC manager): `notify` validates a message, stamps it and hands it
 * to the queue of every sink whose route accepts it, then returns at once. Each sink has its own queue
 * (sinkQueue.ts), so a failing, slow or dead sink never delays or breaks the others or the caller.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../core/clock';
import { err, ok, type Result } from '../core/result';
import type { Logger } from '../log/logger';
import { atLeast, notificationInputSchema, type Notification, type NotificationInput } from './notification';
import type { NotificationOutbox } from './outbox';
import type { NotificationSink, SinkRoute } from './sink';
import { SinkQueue, type SinkQueueOptions, type SinkStatus } from './sinkQueue';

/** What jobs, the OMS and HTTP handlers depend on: raise a notification, never wait for delivery. */
export interface NotifyPort {
  notify(input: NotificationInput): Result<Notification, string>;
}

export interface NotifierOptions {
  readonly logger: Logger;
  readonly clock: Clock;
  /** Persisted per-sink queues; without one, undelivered messages live in memory only. */
  readonly outbox?: NotificationOutbox;
  /** Retry and timeout settings shared by every sink queue. */
  readonly queue?: Omit<SinkQueueOptions, 'outbox' | 'logger'>;
}

interface Registered {
  readonly queue: SinkQueue;
  readonly route: SinkRoute;
}

export class Notifier implements NotifyPort {
  private readonly sinks = new Map<string, Registered>();
  private readonly log: Logger;

  constructor(private readonly o: NotifierOptions) {
    this.log = o.logger.child({ component: 'notify' });
  }

  /** Registers a sink with its route; a name can be used once. */
  addSink(sink: NotificationSink, route: SinkRoute = {}): void {
    if (this.sinks.has(sink.name)) throw new Error(`notification sink "${sink.name}" is already registered`);
    const queue = new SinkQueue(sink, { ...this.o.queue, logger: this.o.logger, ...(this.o.outbox ? { outbox: this.o.outbox } : {}) });
    this.sinks.set(sink.name, { queue, route });
  }

  /** Re-queues what the outbox still holds for each sink (call once at start, after adding the sinks). */
  async restore(): Promise<number> {
    const counts = await Promise.all([...this.sinks.values()].map((s) => s.queue.restore()));
    return counts.reduce((a, b) => a + b, 0);
  }

  notify(input: NotificationInput): Result<Notification, string> {
    const parsed = notificationInputSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? ` (${issue.path.join('.')})` : '';
      this.log.error({ title: input.title }, 'malformed notification not sent');
      return err(`The notification is malformed${where}: ${issue?.message ?? 'invalid'}; fix the caller.`);
    }
    const d = parsed.data;
    const n: Notification = {
      id: randomUUID(),
      time: this.o.clock.now(),
      kind: d.kind,
      severity: d.severity,
      title: d.title,
      fields: d.fields,
      ...(d.text !== undefined ? { text: d.text } : {}),
      ...(d.image !== undefined ? { image: d.image } : {}),
      ...(d.actions !== undefined ? { actions: d.actions } : {}),
      ...(d.to !== undefined ? { to: d.to } : {}),
    };
    for (const { queue, route } of this.sinks.values()) {
      if (route.kinds && !route.kinds.includes(n.kind)) continue;
      if (route.minSeverity && !atLeast(n.severity, route.minSeverity)) continue;
      if (n.to !== undefined && !(route.addressees?.(n.to) ?? false)) continue;
      queue.enqueue(n);
    }
    return ok(n);
  }

  status(): readonly SinkStatus[] {
    return [...this.sinks.values()].map((s) => s.queue.status());
  }

  /** Resolves when every queue is empty; for shutdown (bounded by the caller) and tests. */
  async idle(): Promise<void> {
    await Promise.all([...this.sinks.values()].map((s) => s.queue.idle()));
  }

  /** Stops delivery; what is still queued stays in the outbox for the next start. */
  async stop(): Promise<void> {
    await Promise.all([...this.sinks.values()].map((s) => s.queue.stop()));
  }
}
