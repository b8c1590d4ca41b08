/**
 * What the risk engine's daily limits count, kept across a restart (issue 16): the orders that went out recently
 * (orders per day and per minute, the duplicate window) and the day's start (the equity the daily loss is measured
 * from). Without them a restart began a fresh day: orders/day 60 became 112 after one SIGTERM, and a daily-loss halt
 * was lifted by a restart. The port is implemented on MongoDB in src/store/risk; `RiskCounterJournal` writes
 * through it in order, and the execution waits for it before an order goes to the broker (write-ahead), so an order
 * sent is an order counted, whatever kills the process.
 */
import { z } from 'zod';
import type { RecentOrder } from './riskSnapshot';

/** The IST day (its midnight, epoch ms) and the equity it started from, rupees. */
export interface DayStart {
  readonly day: number;
  readonly equity: number;
}

export interface RiskCounters {
  readonly recent: readonly RecentOrder[];
  readonly dayStart?: DayStart;
}

/** How long a sent order is kept for the limits: a day and an hour (orders per day, per minute, duplicates). */
export const RECENT_ORDERS_KEEP_MS = 86_400_000 + 3_600_000;

export const recentOrderSchema = z.object({
  account: z.string().min(1).optional(),
  symbol: z.string().min(1),
  side: z.enum(['BUY', 'SELL']),
  quantity: z.number().positive(),
  time: z.number().finite(),
});
export const dayStartSchema = z.object({ day: z.number().finite(), equity: z.number().finite() });

/** Persistence port of the counters (src/store/risk/mongoRiskCounters.ts). */
export interface RiskCounterRepository {
  /** The orders kept (at most `RECENT_ORDERS_KEEP_MS` before the newest, oldest first) and the last day start. */
  load(): Promise<RiskCounters>;
  /** Appends orders that went out, in order. */
  addOrders(orders: readonly RecentOrder[]): Promise<void>;
  saveDayStart(d: DayStart): Promise<void>;
}

/** What the risk engine tells as it counts (`RiskCounterJournal` stores it). */
export interface RiskCounterSink {
  orderSent(r: RecentOrder): void;
  dayStarted(d: DayStart): void;
}

/**
 * Writes what the engine counts through the repository, in order and in batches (what is counted while a write is in
 * flight goes out in the next); a failed write is reported and retried, nothing dropped. `settled()` resolves once
 * everything counted so far is stored.
 */
export class RiskCounterJournal implements RiskCounterSink {
  private orders: RecentOrder[] = [];
  private day: DayStart | undefined;
  private running: Promise<void> | undefined;
  private readonly waiters: (() => void)[] = [];

  constructor(
    private readonly repo: RiskCounterRepository,
    private readonly onError: (e: unknown) => void = () => undefined,
    private readonly retryMs = 500,
  ) {}

  orderSent(r: RecentOrder): void {
    this.orders.push(r);
    this.running ??= this.loop();
  }

  dayStarted(d: DayStart): void {
    this.day = d;
    this.running ??= this.loop();
  }

  /** Resolves once everything counted so far is stored. */
  settled(): Promise<void> {
    if (this.running === undefined) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private async loop(): Promise<void> {
    while (this.orders.length > 0 || this.day !== undefined) {
      const orders = this.orders;
      const day = this.day;
      this.orders = [];
      this.day = undefined;
      try {
        if (day !== undefined) await this.repo.saveDayStart(day);
        if (orders.length > 0) await this.repo.addOrders(orders);
      } catch (e) {
        this.onError(e);
        this.orders = [...orders, ...this.orders];
        this.day ??= day;
        await new Promise((r) => setTimeout(r, this.retryMs).unref?.());
      }
    }
    this.running = undefined;
    for (const w of this.waiters.splice(0)) w();
  }
}
