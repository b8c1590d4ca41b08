/**
 * The order manager: validate → risk gate → (approval) → persist → rate-limited submission → broker, and back:
 * broker updates → transition table → store. Write-ahead: an order is stored as SUBMITTED before the broker
 * call, so a crash mid-call leaves a record that `recover()` resolves by looking the client id (Kite `tag`) up
 * in the broker's order book — an order is never placed twice. Updates of one order are applied one at a time.
 * A filled entry with a stop and a take-profit gets its exit pair attached once; the pair's legs, which the
 * broker places itself, are recorded as orders when their updates arrive (orderExits.ts).
 */
import type { BrokerError, OrderAck, OrderChange, OrderUpdate } from '../core/broker';
import type { Clock } from '../core/clock';
import type { DomainEvent } from '../core/events';
import type { ClientOrderId, UserId } from '../core/ids';
import { newOrder, type Order, type OrderIntent } from '../core/order';
import type { OrderStatus } from '../core/orderStatus';
import { err, ok, type Result } from '../core/result';
import type { OrderBookBroker } from './brokerOrders';
import { applyUpdate, moveTo, transitionRecord } from './orderLifecycle';
import { exitLegOrder, exitRequestOf, withExit } from './orderExits';
import type { OrderCause, OrderRepository } from './orderRepository';
import { validateIntent, type RulesLookup, type ValidationError, type ValidationOptions } from './orderValidation';
import type { OrderRateLimiter } from './rateLimiter';
import { expectedPositions, reconcileOrders, reconcilePositions, type ReconcileReport } from './reconciliation';

export type PreTradeCheck = (intent: OrderIntent) => Result<OrderIntent, { readonly rule: string; readonly message: string }>;

export type SubmitRefusal =
  | ValidationError
  | { readonly kind: 'denied'; readonly rule: string; readonly message: string }
  | { readonly kind: 'duplicate'; readonly message: string }
  | { readonly kind: 'not-pending'; readonly message: string };

export interface OrderManagerOptions {
  readonly repo: OrderRepository;
  readonly broker: OrderBookBroker;
  readonly clock: Clock;
  readonly limiter: OrderRateLimiter;
  readonly rules: RulesLookup;
  readonly validation: ValidationOptions;
  readonly risk?: PreTradeCheck;
  /** True when the intent must wait for a person's approval (see approvalPolicy.ts); default never. */
  readonly needsApproval?: (intent: OrderIntent) => boolean;
  readonly onEvent?: (e: DomainEvent) => void;
  /** How long a SUBMITTED order may be missing from the broker's book before it is declared lost (default 60 s). */
  readonly lostAfterMs?: number;
  /** Retries of a placement the broker refused with 429 (default 5). */
  readonly maxRateRetries?: number;
}

const SYSTEM = (detail: string): OrderCause => ({ kind: 'system', detail });
const BROKER = (detail: string): OrderCause => ({ kind: 'broker', detail });

export class OrderManager {
  private readonly cache = new Map<ClientOrderId, Order>();
  private readonly locks = new Map<ClientOrderId, Promise<unknown>>();
  private readonly inflight = new Set<Promise<unknown>>();
  private readonly unsubscribe: () => void;

  constructor(private readonly o: OrderManagerOptions) {
    this.unsubscribe = o.broker.onOrderUpdate((u) => this.track(this.handleUpdate(u)));
  }

  private closed = false;

  /**
   * Stops listening to the broker and stops writing: a broker reply that arrives after this (a placement answered
   * after the shutdown bound) is left for the next start's reconciliation, which finds the order by its tag.
   */
  close(): void {
    this.closed = true;
    this.unsubscribe();
  }

  async get(id: ClientOrderId): Promise<Order | undefined> {
    return this.cache.get(id) ?? (await this.o.repo.get(id));
  }

  /**
   * Validates, gates and stores an intent, then places it (or parks it for approval: when the policy says so,
   * or always with `awaitApproval`, as the approval service does). Resolves once stored.
   */
  async submit(intent: OrderIntent, opts: { readonly awaitApproval?: boolean } = {}): Promise<Result<Order, SubmitRefusal>> {
    const now = this.o.clock.now();
    const checked = this.check(intent);
    if (!checked.ok) {
      const denied: Order = { ...newOrder(intent, 'DENIED'), message: checked.error.message, updatedAt: now };
      const cause: OrderCause = checked.error.kind === 'denied' ? { kind: 'risk', rule: checked.error.rule } : SYSTEM('validation');
      if (await this.o.repo.create(denied, transitionRecord(denied, null, cause, now, { message: checked.error.message }))) {
        this.emit({ type: 'risk-denied', intent, reason: checked.error.message, time: now });
      }
      return checked;
    }
    const gated = checked.value;
    const status: OrderStatus = opts.awaitApproval === true || this.o.needsApproval?.(gated) === true ? 'PENDING_APPROVAL' : 'APPROVED';
    const order = newOrder(gated, status);
    const created = await this.o.repo.create(order, transitionRecord(order, null, gated.source, now, { message: gated.reason }));
    if (!created) return err({ kind: 'duplicate', message: `An order with client id ${intent.clientOrderId} already exists; it was not placed again.` });
    this.cache.set(gated.clientOrderId, order);
    if (status === 'APPROVED') this.track(this.place(gated.clientOrderId));
    return ok(order);
  }

  /**
   * A person approved a pending order (possibly changed: new quantity, or a limit at the last price). The
   * change is validated and gated again; the order is placed once — a second release finds it no longer pending.
   */
  async release(id: ClientOrderId, by: UserId, changed?: OrderIntent): Promise<Result<Order, SubmitRefusal>> {
    return this.withLock(id, async () => {
      const order = await this.get(id);
      if (!order || order.status !== 'PENDING_APPROVAL') {
        return err<SubmitRefusal>({ kind: 'not-pending', message: `Order ${id} is ${order?.status ?? 'unknown'}, not waiting for approval; nothing was placed.` });
      }
      const intent = changed ?? order.intent;
      const checked = this.check(intent);
      const cause: OrderCause = { kind: 'approval', userId: by, detail: 'approved' };
      if (!checked.ok) {
        await this.persistMove(order, 'DENIED', cause, {}, checked.error.message);
        return checked;
      }
      const approved = await this.persistMove(order, 'APPROVED', cause, { intent: checked.value });
      this.track(this.place(id));
      return ok(approved ?? order);
    });
  }

  /** Ends a pending order without placing it: EXPIRED (approval timed out) or CANCELLED (a person said no). */
  async dropPending(id: ClientOrderId, to: 'EXPIRED' | 'CANCELLED', cause: OrderCause, message: string): Promise<boolean> {
    return this.withLock(id, async () => {
      const order = await this.get(id);
      if (!order || order.status !== 'PENDING_APPROVAL') return false;
      return (await this.persistMove(order, to, cause, {}, message)) !== undefined;
    });
  }

  async modify(id: ClientOrderId, change: OrderChange): Promise<Result<OrderAck, BrokerError>> {
    await this.o.limiter.acquire();
    return this.o.broker.modify(id, change);
  }

  async cancel(id: ClientOrderId): Promise<Result<OrderAck, BrokerError>> {
    const order = await this.get(id);
    if (order?.status === 'PENDING_APPROVAL') {
      await this.dropPending(id, 'CANCELLED', SYSTEM('cancelled before approval'), 'Cancelled before approval.');
      return ok({ clientOrderId: id, brokerOrderId: order.brokerOrderId ?? ('' as OrderAck['brokerOrderId']) });
    }
    await this.o.limiter.acquire();
    return this.o.broker.cancel(id);
  }

  /** The one entry for broker updates (fills are deltas; the broker adapter turns cumulative ones into deltas). */
  async handleUpdate(u: OrderUpdate, cause: OrderCause = BROKER(u.kind)): Promise<void> {
    if (this.closed) return;
    const id = u.kind === 'filled' ? u.fill.clientOrderId : u.clientOrderId;
    await this.withLock(id, async () => {
      if (this.closed) return;
      const order = (await this.get(id)) ?? (await this.adoptExitLeg(id));
      if (!order) {
        this.emit({ type: 'alert', level: 'warning', message: `An update for unknown order ${id} arrived from the broker; check the order book.`, time: this.o.clock.now() });
        return;
      }
      const r = applyUpdate(order, u, cause);
      if (!r.ok) {
        this.emit({ type: 'alert', level: 'warning', message: `Ignored an update for order ${id}: ${r.error.message}`, time: this.o.clock.now() });
        return;
      }
      if (r.value === null) return;
      this.cache.set(id, r.value.order);
      await this.o.repo.save(r.value.order, r.value.transition);
      this.emitUpdate(u);
      if (r.value.order.status === 'FILLED') await this.attachExit(r.value.order);
    });
  }

  /**
   * Start-up and periodic reconciliation: the broker's fill tracker is primed from the store (`primeFills`), then
   * orders left working or mid-placement are compared with the broker's
   * book (found by broker id or by tag) and moved forward; APPROVED orders that never went out are placed now;
   * SUBMITTED orders the broker never saw are declared lost after the grace period (never re-placed blindly).
   */
  async recover(): Promise<Result<ReconcileReport, BrokerError>> {
    const stored = await this.o.repo.withStatus(['APPROVED', 'SUBMITTED', 'OPEN', 'PARTIALLY_FILLED']);
    // First: the broker's cumulative→delta tracker starts from the stored fills (and replays any update it held).
    this.o.broker.primeFills?.(
      stored.flatMap((o) => (o.brokerOrderId === undefined ? [] : [{ clientOrderId: o.intent.clientOrderId, brokerOrderId: o.brokerOrderId, filledQuantity: o.filledQuantity, averagePrice: o.averagePrice, source: o.intent.source }])),
    );
    const book = await this.o.broker.orders();
    if (!book.ok) return book;
    for (const o of stored) if (!this.cache.has(o.intent.clientOrderId)) this.cache.set(o.intent.clientOrderId, o);
    const known = new Set<string>(stored.map((o) => o.intent.clientOrderId));
    const missing = book.value.filter((s) => s.clientOrderId !== undefined && !known.has(s.clientOrderId));
    for (const s of missing) if (s.clientOrderId !== undefined && (await this.get(s.clientOrderId))) known.add(s.clientOrderId);
    const now = this.o.clock.now();
    const report = reconcileOrders(stored, book.value, now, this.o.lostAfterMs ?? 60_000, (id) => known.has(id));
    for (const r of report.repairs) for (const u of r.updates) await this.handleUpdate(u, { kind: 'reconciliation', detail: `broker book ${r.snapshot.status}` });
    for (const lost of report.lost) {
      await this.withLock(lost.intent.clientOrderId, async () => {
        const cur = await this.get(lost.intent.clientOrderId);
        if (cur?.status === 'SUBMITTED') await this.persistMove(cur, 'REJECTED', { kind: 'reconciliation', detail: 'not in broker book' }, {}, 'The broker never received this order.');
      });
    }
    for (const o of stored) if (o.status === 'APPROVED') this.track(this.place(o.intent.clientOrderId));
    // Entries that filled while no exit could be attached (a crash, a refusal) get theirs now — once.
    for (const o of await this.o.repo.withStatus(['FILLED'])) {
      if (exitRequestOf(o)) await this.withLock(o.intent.clientOrderId, async () => this.attachExit((await this.get(o.intent.clientOrderId)) ?? o));
    }
    let positions: ReconcileReport['positions'] = [];
    const pos = await this.o.broker.positions();
    if (pos.ok) {
      const filled = await this.o.repo.withStatus(['FILLED', 'PARTIALLY_FILLED', 'CANCELLED']);
      positions = reconcilePositions(expectedPositions(filled), pos.value);
    }
    const alerts = [...report.alerts, ...positions.map((d) => `Position in ${d.symbol} is ${d.broker} at the broker but ${d.expected} by our orders; check for trades made outside the bot.`)];
    for (const message of alerts) this.emit({ type: 'alert', level: 'warning', message, time: now });
    return ok({ ...report, positions, alerts });
  }

  /** Resolves when every placement and update started so far has finished. */
  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.all([...this.inflight]);
  }

  private check(intent: OrderIntent): Result<OrderIntent, SubmitRefusal> {
    const v = validateIntent(intent, this.o.rules, this.o.validation);
    if (!v.ok) return v;
    if (!this.o.risk) return v;
    const r = this.o.risk(v.value);
    return r.ok ? r : err({ kind: 'denied', rule: r.error.rule, message: r.error.message });
  }

  private async place(id: ClientOrderId): Promise<void> {
    const submitted = await this.withLock(id, async () => {
      const order = await this.get(id);
      if (!order || order.status !== 'APPROVED') return undefined;
      return this.persistMove(order, 'SUBMITTED', SYSTEM('sent to broker'));
    });
    if (!submitted) return;
    this.emit({ type: 'order-submitted', intent: submitted.intent });
    let r: Result<OrderAck, BrokerError>;
    for (let attempt = 0; ; attempt++) {
      await this.o.limiter.acquire();
      r = await this.o.broker.place(submitted.intent);
      if (r.ok || r.error.kind !== 'rate-limited' || attempt >= (this.o.maxRateRetries ?? 5)) break;
      this.o.limiter.backOff(1_000);
    }
    if (r.ok) {
      await this.handleUpdate({ kind: 'accepted', clientOrderId: id, brokerOrderId: r.value.brokerOrderId, time: this.o.clock.now() }, BROKER('placement acknowledged'));
      return;
    }
    if (r.error.kind === 'network') {
      this.emit({ type: 'alert', level: 'warning', message: `Placement of order ${id} got no answer (${r.error.message}); reconciliation will look it up by its tag.`, time: this.o.clock.now() });
      return;
    }
    await this.handleUpdate({ kind: 'rejected', clientOrderId: id, message: r.error.message, time: this.o.clock.now() }, BROKER(r.error.kind));
  }

  /** Attaches the stop-loss / take-profit pair of a filled entry (see orderExits.ts); call under the order's lock. */
  private async attachExit(order: Order): Promise<void> {
    const exit = exitRequestOf(order);
    if (!exit || !this.o.broker.attachExit) return;
    const id = order.intent.clientOrderId;
    await this.o.limiter.acquire();
    const r = await this.o.broker.attachExit(exit);
    const now = this.o.clock.now();
    if (!r.ok) {
      this.emit({ type: 'alert', level: 'warning', message: `The stop-loss / take-profit of order ${id} could not be attached (${r.error.message.replace(/\.$/, '')}); set it by hand, or it is tried again at the next start.`, time: now });
      return;
    }
    const next = withExit(order, r.value.exitId, exit, now);
    this.cache.set(id, next.order);
    await this.o.repo.save(next.order, next.transition);
  }

  /** An update for an order we never placed: the broker's own exit leg becomes an order record, or undefined. */
  private async adoptExitLeg(id: ClientOrderId): Promise<Order | undefined> {
    const leg = await this.o.broker.exitLegOf?.(id);
    if (!leg) return undefined;
    const { order, transition } = exitLegOrder(leg, this.o.clock.now());
    if (!(await this.o.repo.create(order, transition))) return this.o.repo.get(id);
    this.cache.set(id, order);
    return order;
  }

  private async persistMove(order: Order, to: OrderStatus, cause: OrderCause, patch: Partial<Order> = {}, message?: string): Promise<Order | undefined> {
    const r = moveTo(order, to, this.o.clock.now(), cause, patch, message);
    if (!r.ok) return undefined;
    this.cache.set(order.intent.clientOrderId, r.value.order);
    await this.o.repo.save(r.value.order, r.value.transition);
    return r.value.order;
  }

  private emitUpdate(u: OrderUpdate): void {
    if (!this.o.onEvent) return;
    if (u.kind === 'accepted') this.emit({ type: 'order-accepted', clientOrderId: u.clientOrderId, ...(u.brokerOrderId ? { brokerOrderId: u.brokerOrderId } : {}), time: u.time });
    else if (u.kind === 'filled') this.emit({ type: 'order-filled', fill: u.fill });
    else if (u.kind === 'rejected') this.emit({ type: 'order-rejected', clientOrderId: u.clientOrderId, message: u.message, time: u.time });
    else this.emit({ type: 'order-cancelled', clientOrderId: u.clientOrderId, ...(u.message ? { message: u.message } : {}), time: u.time });
  }

  private emit(e: DomainEvent): void {
    this.o.onEvent?.(e);
  }

  private withLock<T>(id: ClientOrderId, fn: () => Promise<T>): Promise<T> {
    const prev = this.locks.get(id) ?? Promise.resolve();
    const run = prev.then(fn, fn);
    const tail = run.catch(() => undefined);
    this.locks.set(id, tail);
    void tail.then(() => {
      if (this.locks.get(id) === tail) this.locks.delete(id);
    });
    return run;
  }

  private track(p: Promise<unknown>): void {
    const t = p.catch((e: unknown) => {
      this.emit({ type: 'alert', level: 'critical', message: `Order pipeline error: ${e instanceof Error ? e.message : String(e)}`, time: this.o.clock.now() });
    });
    this.inflight.add(t);
    void t.finally(() => this.inflight.delete(t));
  }
}
