/**
 * The OMS journal for paper and live: every order change the pipeline makes is written to the order repository,
 * in order, in batches — what happens while one write is in flight goes out in the next, so a burst of orders
 * costs a few round trips instead of one per change. Write-ahead: the execution places an order only after
 * `settled(id)` (its SUBMITTED state is stored), so a crash mid-call leaves a record reconciliation finds by tag.
 * A failed write is reported and retried with the next batch; nothing is dropped.
 */
import type { ClientOrderId } from '../core/ids';
import type { Order } from '../core/order';
import type { JournalRecord, OrderRepository, OrderTransition } from '../core/ports/orderRepository';
import type { OrderJournal } from './pipelinePorts';

export class RepositoryJournal implements OrderJournal {
  private queue: JournalRecord[] = [];
  private running: Promise<void> | undefined;
  /** Per order: the number of its records not yet written, and who waits for them. */
  private readonly unwritten = new Map<ClientOrderId, { count: number; waiters: (() => void)[] }>();
  private readonly idleWaiters: (() => void)[] = [];
  /** The last failure, if any (the records stay queued and go out with the next batch). */
  error: string | undefined;
  /** Batches written (for reports and benchmarks). */
  batches = 0;

  constructor(
    private readonly repo: OrderRepository,
    private readonly onError: (e: unknown) => void = () => undefined,
    private readonly retryMs = 500,
  ) {}

  record(order: Order, transition: OrderTransition): void {
    this.queue.push({ order, transition });
    const id = order.intent.clientOrderId;
    const u = this.unwritten.get(id);
    if (u) u.count++;
    else this.unwritten.set(id, { count: 1, waiters: [] });
    this.running ??= this.loop();
  }

  /** Resolves once every record of order `id` so far is stored. */
  settled(id: ClientOrderId): Promise<void> {
    const u = this.unwritten.get(id);
    if (!u) return Promise.resolve();
    return new Promise((resolve) => u.waiters.push(resolve));
  }

  /** Resolves once everything recorded so far is stored. */
  idle(): Promise<void> {
    if (this.running === undefined) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async loop(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      try {
        await this.repo.writeBatch(batch);
        this.batches++;
        this.error = undefined;
      } catch (e) {
        this.error = e instanceof Error ? e.message : String(e);
        this.onError(e);
        this.queue = [...batch, ...this.queue];
        await new Promise((r) => setTimeout(r, this.retryMs).unref?.());
        continue;
      }
      for (const r of batch) {
        const id = r.order.intent.clientOrderId;
        const u = this.unwritten.get(id);
        if (!u) continue;
        if (--u.count === 0) {
          this.unwritten.delete(id);
          for (const w of u.waiters) w();
        }
      }
    }
    this.running = undefined;
    for (const w of this.idleWaiters.splice(0)) w();
  }
}
