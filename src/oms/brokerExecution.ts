/**
 * The pipeline's execution in paper and live: an asynchronous broker (the simulated broker, Kite) behind the
 * journal and the order rate limiter.
 *  - Write-ahead: an order goes to the broker only once its SUBMITTED state is stored, so a crash mid-call
 *    leaves a record that reconciliation resolves by looking the id (Kite `tag`) up — never a blind re-send.
 *  - A placement whose outcome stays unknown (no answer, not found by its tag: `unknown-outcome`) makes the order
 *    UNKNOWN: never sent again; an admin resolves it.
 *  - Every request waits for the rate limiter (Kite: 10 a second); a 429 is retried after a back-off.
 *  - The broker's answers and its order updates go to the pipeline (`handleOrderUpdate`), in the order they came. An
 *    update for an order the pipeline does not know may be a leg of an attached exit that fired (a Kite GTT leg
 *    carries no tag): it is looked up (`exitLegOf`), adopted as an order of the position's account, then applied.
 *  - After `close()` nothing more reaches the pipeline (late replies are left to the next start's reconciliation).
 */
import type { BrokerError, ExitAck, ExitRequest, OrderChange, OrderUpdate } from '../core/broker';
import type { Clock } from '../core/clock';
import type { ClientOrderId } from '../core/ids';
import type { Order } from '../core/order';
import type { Result } from '../core/result';
import type { OrderBookBroker } from './brokerOrders';
import type { OrderCause } from '../core/ports/orderRepository';
import type { Execution } from './pipelinePorts';
import type { OrderRateLimiter } from './rateLimiter';

export interface ExecutionTarget {
  handleOrderUpdate(u: OrderUpdate, cause?: OrderCause): void;
  get(id: ClientOrderId): Order | undefined;
  /** The placement's outcome is unknown (the order may or may not be at the broker): UNKNOWN, never re-sent. */
  unknown(id: ClientOrderId, message: string): boolean;
}

export interface BrokerExecutionOptions {
  readonly broker: OrderBookBroker;
  /** Resolves once an order's changes so far are stored (the journal's `settled`). */
  readonly stored: (id: ClientOrderId) => Promise<void>;
  readonly limiter: OrderRateLimiter;
  readonly clock: Clock;
  readonly alert: (level: 'warning' | 'critical', message: string) => void;
  /** Retries of a placement the broker refused with 429 (default 5). */
  readonly maxRateRetries?: number;
}

const BROKER = (detail: string): OrderCause => ({ kind: 'broker', detail });

export class BrokerExecution implements Execution {
  private target: ExecutionTarget | undefined;
  private unsubscribe: (() => void) | undefined;
  private closed = false;
  private readonly inflight = new Set<Promise<unknown>>();
  /** Orders whose placement call this process is making (reconciliation never declares them lost). */
  private readonly placingIds = new Set<ClientOrderId>();
  /** Updates wait here while an exit leg is being looked up, so they apply in order. */
  private chain: Promise<void> | undefined;
  /** Exit id → the account of the position it guards (a Kite GTT leg does not say). */
  private readonly exitAccounts = new Map<string, ExitRequest['instanceId']>();

  constructor(private readonly o: BrokerExecutionOptions) {}

  /** Starts forwarding the broker's updates to the pipeline. */
  connect(target: ExecutionTarget): void {
    this.target = target;
    this.unsubscribe = this.o.broker.onOrderUpdate((u) => this.forward(u));
  }

  /** The account of an exit attached before a restart (reconciliation tells it from the stored entry orders). */
  rememberExit(exitId: string, instanceId: ExitRequest['instanceId']): void {
    this.exitAccounts.set(exitId, instanceId);
  }

  /** Exit cancellations sent so far (an order placed now waits for them). */
  private exitsAhead: Promise<void> = Promise.resolve();

  /** Whether this process is placing order `id` now (its call not yet answered). */
  placing(id: ClientOrderId): boolean {
    return this.placingIds.has(id);
  }

  place(order: Order): void {
    const id = order.intent.clientOrderId;
    const exitsAhead = this.exitsAhead;
    this.placingIds.add(id);
    this.track(
      (async () => {
        await this.o.stored(id);
        await exitsAhead;
        if (this.closed) return;
        let r: Result<{ readonly brokerOrderId: Order['brokerOrderId'] }, BrokerError>;
        for (let attempt = 0; ; attempt++) {
          await this.o.limiter.acquire();
          if (this.closed) return;
          r = await this.o.broker.place(order.intent);
          if (r.ok || r.error.kind !== 'rate-limited' || attempt >= (this.o.maxRateRetries ?? 5)) break;
          this.o.limiter.backOff(1_000);
        }
        if (this.closed) return;
        if (r.ok) return this.apply({ kind: 'accepted', clientOrderId: id, ...(r.value.brokerOrderId ? { brokerOrderId: r.value.brokerOrderId } : {}), time: this.o.clock.now() }, BROKER('placement acknowledged'));
        // No answer and not found by its tag: the order may exist at the broker. It is never sent again.
        if (r.error.kind === 'unknown-outcome' || r.error.kind === 'network') return void this.target?.unknown(id, r.error.message);
        this.apply({ kind: 'rejected', clientOrderId: id, message: r.error.message, time: this.o.clock.now() }, BROKER(r.error.kind));
      })().finally(() => this.placingIds.delete(id)),
    );
  }

  cancel(order: Order): void {
    const id = order.intent.clientOrderId;
    this.track(
      (async () => {
        await this.o.limiter.acquire();
        if (this.closed) return;
        const r = await this.o.broker.cancel(id);
        if (!r.ok && !this.closed) this.o.alert('warning', `Order ${id} could not be cancelled: ${r.error.message.replace(/\.$/, '')}; cancel it with your broker if it is still open.`);
      })(),
    );
  }

  modify(order: Order, change: OrderChange, done: (r: Result<void, BrokerError>) => void): void {
    const id = order.intent.clientOrderId;
    this.track(
      (async () => {
        await this.o.limiter.acquire();
        if (this.closed) return;
        const r = await this.o.broker.modify(id, change);
        if (!this.closed) done(r.ok ? { ok: true, value: undefined } : r);
      })(),
    );
  }

  attachExit(exit: ExitRequest, done: (r: Result<ExitAck, BrokerError>) => void): void {
    const attach = this.o.broker.attachExit?.bind(this.o.broker);
    if (!attach) return done({ ok: false, error: { kind: 'unsupported', message: `${this.o.broker.name} cannot attach exits` } });
    this.track(
      (async () => {
        await this.o.limiter.acquire();
        if (this.closed) return;
        const r = await attach(exit);
        if (r.ok) this.exitAccounts.set(r.value.exitId, exit.instanceId);
        if (!this.closed) done(r);
      })(),
    );
  }

  cancelExit(exitId: string, done?: () => void): void {
    const cancel = this.o.broker.cancelExit?.bind(this.o.broker);
    if (!cancel) return done?.();
    // With a free slot the cancellation goes out at once, synchronously up to the broker's call (the paper broker
    // then cancels before anything else happens: an exit never fires after the pipeline let it go).
    const now = this.o.limiter.tryAcquire();
    const work = (async () => {
      if (!now) await this.o.limiter.acquire();
      if (this.closed) return;
      const r = await cancel(exitId);
      if (!r.ok && r.error.kind !== 'not-found' && !this.closed) this.o.alert('warning', `The exit ${exitId} could not be cancelled: ${r.error.message.replace(/\.$/, '')}; remove it at your broker.`);
      if (!this.closed) done?.();
    })();
    // Orders sent after this reach the broker after it: a sell that closes a guarded position never races the exit
    // that guarded it (which could otherwise fire on shares another account holds).
    this.exitsAhead = this.exitsAhead.then(() => work).catch(() => undefined);
    this.track(work);
  }

  /** Resolves when every request started so far has been answered. */
  async idle(): Promise<void> {
    while (this.inflight.size > 0 || this.chain !== undefined) await Promise.all([...this.inflight, this.chain]);
  }

  /** Stops talking to the pipeline (and the broker's updates to it). */
  close(): void {
    this.closed = true;
    this.unsubscribe?.();
  }

  private forward(u: OrderUpdate): void {
    if (this.closed) return;
    const id = u.kind === 'opened' ? undefined : u.kind === 'filled' ? u.fill.clientOrderId : u.clientOrderId;
    const lookup = id !== undefined && this.target?.get(id) === undefined && this.o.broker.exitLegOf !== undefined;
    if (this.chain === undefined && !lookup) return this.apply(u);
    const prev = this.chain ?? Promise.resolve();
    const next = prev.then(async () => {
      if (lookup && this.target?.get(id!) === undefined) {
        const leg = await this.o.broker.exitLegOf!(id!);
        if (leg && !this.closed) {
          const instanceId = this.exitAccounts.get(leg.exitId);
          this.apply({ kind: 'opened', intent: instanceId !== undefined ? { ...leg.intent, instanceId } : leg.intent, exitId: leg.exitId, time: this.o.clock.now() });
        }
      }
      this.apply(u);
    });
    const chain: Promise<void> = next
      .catch((e: unknown) => this.o.alert('critical', `Order update pipeline error: ${e instanceof Error ? e.message : String(e)}`))
      .then(() => {
        if (this.chain === chain) this.chain = undefined;
      });
    this.chain = chain;
  }

  private apply(u: OrderUpdate, cause?: OrderCause): void {
    if (this.closed || !this.target) return;
    this.target.handleOrderUpdate(u, cause);
  }

  private track(p: Promise<unknown>): void {
    const t = p.catch((e: unknown) => this.o.alert('critical', `Order pipeline error: ${e instanceof Error ? e.message : String(e)}`));
    this.inflight.add(t);
    void t.finally(() => this.inflight.delete(t));
  }
}
