/**
 * Notifications raised while a process starts, held until every sink is connected. The engine starts before the
 * chat transports (they need its services), yet it speaks at once: the start-up reconciliation's alerts, orders
 * released or reconciled at start, a job queued before a stop that runs as soon as the scheduler does (a /backtest's
 * result for the person who asked). Sent then, they would reach only the sinks already registered (the log,
 * Discord) and never Telegram (issue 16). So the engine notifies through this port: until `open()` it checks and
 * keeps each notification; `open()` sends what was kept, in order, and everything after goes straight through.
 * (A held notification's id, as `notify` returns it, is this port's own; the notifier stamps the one it sends.)
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../core/clock';
import { err, ok, type Result } from '../core/result';
import { notificationInputSchema, type Notification, type NotificationInput } from './notification';
import type { NotifyPort } from './notifier';

export class HeldNotices implements NotifyPort {
  private held: NotificationInput[] | undefined = [];

  constructor(
    private readonly to: NotifyPort,
    private readonly clock: Clock,
  ) {}

  /** Whether notifications are still held (the transports have not started). */
  get holding(): boolean {
    return this.held !== undefined;
  }

  notify(input: NotificationInput): Result<Notification, string> {
    if (this.held === undefined) return this.to.notify(input);
    // Checked now, so a malformed one is refused where it was raised, as the notifier would.
    const parsed = notificationInputSchema.safeParse(input);
    if (!parsed.success) return this.to.notify(input);
    this.held.push(input);
    const { text, image, actions, to, ...rest } = parsed.data;
    return ok({ ...rest, id: randomUUID(), time: this.clock.now(), ...(text !== undefined ? { text } : {}), ...(image !== undefined ? { image } : {}), ...(actions !== undefined ? { actions } : {}), ...(to !== undefined ? { to } : {}) });
  }

  /** Every sink is connected: sends what was held, in order, and lets everything after through. */
  open(): Result<number, string> {
    const held = this.held;
    if (held === undefined) return ok(0);
    this.held = undefined;
    const refused = held.map((n) => this.to.notify(n)).filter((r) => !r.ok);
    return refused.length === 0 ? ok(held.length) : err(`${refused.length} held notification(s) were refused`);
  }
}
