/**
 * Reconciliation of the process's orders with the broker's book, at start and again later: an order SUBMITTED
 * before a stop that the broker's book does not show yet is looked at again once its grace period ends (declared
 * lost, with an alert, or found), so none stays SUBMITTED until the next login. One timer at a time; none after
 * `close`.
 */
import type { BrokerError } from '../core/broker';
import type { Result } from '../core/result';
import { recoverOrders, type RecoveryOptions } from './orderRecovery';
import type { ReconcileReport } from './reconciliation';

/** Slack after a grace period ends before the order is looked at again. */
const AFTER_GRACE_MS = 1_000;

export class OrderReconciler {
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly o: RecoveryOptions,
    /** Each alert of a later pass (the first pass's alerts are the caller's: start-up shows them together). */
    private readonly alert: (message: string) => void,
  ) {}

  /** The start-up pass: its report, and the next pass scheduled when an order is still inside its grace period. */
  async start(): Promise<Result<ReconcileReport, BrokerError>> {
    const r = await recoverOrders(this.o);
    if (r.ok) this.recheckIn(r.value.recheckInMs);
    return r;
  }

  /** A pass now (after a login, on a timer): its alerts go to `alert`. */
  async reconcile(): Promise<void> {
    const r = await recoverOrders(this.o);
    if (!r.ok) return this.alert(`Reconciliation with ${this.o.broker.name} failed: ${r.error.message}`);
    for (const message of r.value.alerts) this.alert(message);
    this.recheckIn(r.value.recheckInMs);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private recheckIn(ms: number | undefined): void {
    if (ms === undefined || this.timer !== undefined || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.reconcile();
    }, Math.max(0, ms) + AFTER_GRACE_MS);
    this.timer.unref();
  }
}
