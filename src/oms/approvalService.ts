/**
 * The approval service: the approval stage of the order pipeline (paper and live). The pipeline parks an order
 * that waits for a person as PENDING_APPROVAL and hands it here (`open`): one approval per order — its id is the
 * order's id, so the card, /pending, /approve and the fill notice all say the same id — or one over a batch (a
 * rebalance; its own id, each line naming its order's id). Persisted through an `ApprovalRepository`.
 *  - `decide` applies a person's decision: the approval is written with compare-and-set on its version FIRST, and
 *    only the writer that wins acts — so a double approve (two taps, two processes) places each order once.
 *    Approve → included lines released to the pipeline, which runs the risk engine again on each (a 2× is
 *    checked against the limits in force now; trading halted since the card was sent refuses it); opted-out lines
 *    CANCELLED; reject → every line CANCELLED; a price move beyond the limit → back for re-approval (orders stay
 *    pending); scale → new figures to approve, each line sized by the risk engine as at its release (`preview`), or
 *    the reason it cannot change; limit-at-last → new figures to approve.
 *  - `sweepExpired` (a job) → EXPIRED approval, EXPIRED orders; `cancelAll` (the kill switch) → CANCELLED.
 *  - `recover` (once at start) applies decisions stored just before a crash to orders still pending.
 *  - Subscribers (the chat transports' cards) hear of every approval that opens or changes, and again whenever
 *    an order of a decided approval changes state, until it is final: filled, partly filled, rejected (with the
 *    broker's or the risk engine's reason), cancelled, expired.
 * Every outcome, refusal included, carries one sentence saying why.
 */
import { plural } from '../core/plural';
import type { Clock } from '../core/clock';
import type { DomainEvent } from '../core/events';
import { approvalId, userId, type ApprovalId, type ClientOrderId, type UserId } from '../core/ids';
import type { Order, OrderIntent } from '../core/order';
import { isTerminal } from '../core/orderStatus';
import { err, ok, type Result } from '../core/result';
import type { ApprovalRepository } from './approvalRepository';
import { canDecide, createApproval, decide, expire, type Actor, type Approval, type ApprovalFacts, type Decision, type DecisionContext, type DecisionOutcome } from './approvals';
import type { Refusal } from './orderPipeline';
import type { OrderCause } from '../core/ports/orderRepository';
import type { ApprovalOpener, PendingLine } from './pipelinePorts';

/** What the service needs of the order pipeline. */
export interface PendingOrders {
  release(id: ClientOrderId, by: UserId, changed?: OrderIntent): Result<Order, Refusal>;
  drop(id: ClientOrderId, to: 'EXPIRED' | 'CANCELLED', cause: OrderCause, message: string): boolean;
  get(id: ClientOrderId): Order | undefined;
  /** What the checks of `release` would let out of the pending order as `changed`, with nothing done (½×, 2× cards). */
  preview?(id: ClientOrderId, changed: OrderIntent): Result<OrderIntent, Refusal>;
  /** Lets the risk engine read what it needs of the symbols (a live quote, their volatility) before a release. */
  prepare?(symbols: Iterable<string>): Promise<void>;
}

export interface ApprovalServiceOptions {
  readonly repo: ApprovalRepository;
  readonly orders: PendingOrders;
  readonly clock: Clock;
  readonly facts: ApprovalFacts;
  readonly lastPrice: (symbol: string) => number | undefined;
  readonly tickSize: (symbol: string) => number;
  readonly lotSize: (symbol: string) => number;
  /** Price move (%) since the signal that sends an approval back (default 1). */
  readonly maxMovePct?: number;
  /** Approval lifetime (default 2 minutes). */
  readonly ttlMs?: number;
  /** Ids of batch approvals (one-order approvals take their order's id). */
  readonly newBatchId: () => ApprovalId;
  readonly onEvent?: (e: DomainEvent) => void;
  /** A subscriber threw (the others still ran). */
  readonly onListenerError?: (e: unknown) => void;
}

export interface RefusedLine {
  readonly clientOrderId: ClientOrderId;
  readonly symbol: string;
  readonly message: string;
}

export interface ApprovalResult {
  readonly kind: 'approved' | 'requote' | 'changed' | 'rejected';
  readonly approval: Approval;
  /** Orders released to the broker (approved only). */
  readonly released: readonly ClientOrderId[];
  /** Lines the checks refused on release, or that were left out. */
  readonly refused: readonly RefusedLine[];
  readonly message: string;
}

export interface ApprovalRecovery {
  readonly released: readonly ClientOrderId[];
  readonly refused: readonly RefusedLine[];
  readonly dropped: number;
}

export type ApprovalListener = (a: Approval) => void;

/** Stands for the decider when an old record lacks one. */
const SYSTEM_USER = userId('system');

export class ApprovalService implements ApprovalOpener {
  private readonly listeners = new Set<ApprovalListener>();
  private readonly opening = new Map<ApprovalId, Promise<void>>();
  /** Order id → the approval it waits in (or waited in), for the cards that follow it. */
  private readonly byOrder = new Map<ClientOrderId, ApprovalId>();

  constructor(private readonly o: ApprovalServiceOptions) {}

  subscribe(listener: ApprovalListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Opens an approval over pending orders (the pipeline calls it); returns its id at once, stores it after. */
  open(lines: readonly PendingLine[]): ApprovalId {
    const id = lines.length === 1 ? approvalId(lines[0]!.order.intent.clientOrderId) : this.o.newBatchId();
    const priced = lines.map((l) => ({ intent: l.order.intent, sizingReason: l.sizingReason, signalPrice: l.signalPrice > 0 ? l.signalPrice : (this.o.lastPrice(l.order.intent.symbol) ?? NaN) }));
    const unpriced = priced.filter((l) => !(l.signalPrice > 0));
    if (unpriced.length > 0) {
      // A card must say what is at risk: without a price nothing can be valued, so nothing waits for a decision.
      for (const l of lines) this.o.orders.drop(l.order.intent.clientOrderId, 'CANCELLED', { kind: 'system', detail: 'no price' }, `There is no price for ${unpriced.map((l) => l.intent.symbol).join(', ')} to value the order on its approval card; wait for market data and try again.`);
      return id;
    }
    const approval = createApproval(id, priced, this.o.facts, this.o.clock.now(), this.o.ttlMs);
    for (const l of lines) this.byOrder.set(l.order.intent.clientOrderId, id);
    const stored = this.o.repo.create(approval).then(
      (created) => {
        if (!created) throw new Error(`approval id ${id} was issued twice`);
        this.emit(approval);
      },
      (e: unknown) => {
        for (const l of lines) this.o.orders.drop(l.order.intent.clientOrderId, 'CANCELLED', { kind: 'system', detail: 'approval not stored' }, 'The approval could not be stored, so the order was not placed.');
        this.alert('critical', `Approval ${id} could not be stored (${e instanceof Error ? e.message : String(e)}); its orders were cancelled.`, this.o.clock.now());
      },
    );
    const done = stored.finally(() => this.opening.delete(id));
    this.opening.set(id, done);
    return id;
  }

  async get(id: ApprovalId): Promise<Approval | undefined> {
    await this.opening.get(id);
    return this.o.repo.get(id);
  }

  /** The orders of an approval's lines as they are now (a card shows each line's state). */
  lineOrders(a: Approval): (Order | undefined)[] {
    return a.lines.map((l) => this.o.orders.get(l.intent.clientOrderId));
  }

  /**
   * An order changed state (the wiring passes every order event): the cards of its approval follow it — a
   * released order to the broker and on to its final state.
   */
  handleOrder(order: Order): void {
    const id = this.byOrder.get(order.intent.clientOrderId);
    if (id === undefined || order.status === 'PENDING_APPROVAL') return;
    void this.o.repo.get(id).then(
      (a) => {
        if (a && a.status !== 'PENDING') this.emit(a);
        if (isTerminal(order.status) && a && a.lines.every((l) => isTerminal(this.o.orders.get(l.intent.clientOrderId)?.status ?? 'FILLED'))) {
          for (const l of a.lines) this.byOrder.delete(l.intent.clientOrderId);
        }
      },
      (e: unknown) => this.o.onListenerError?.(e),
    );
  }

  /** A person's decision; a refusal (wrong role, not pending, expired, lost race) changes nothing and says why. */
  async decide(id: ApprovalId, decision: Decision, actor: Actor): Promise<Result<ApprovalResult, string>> {
    const a = await this.get(id);
    if (!a) return err(`There is no approval ${id}; check the id in the approval card.`);
    if (!canDecide(actor)) return err(`Only a trader or an admin can act on approvals; ask one to decide approval ${id}.`);
    // Prices and volatility as the checks of the decision and of the release need them (a live quote, say).
    if (a.status === 'PENDING') await this.o.orders.prepare?.(a.lines.map((l) => l.intent.symbol));
    const now = this.o.clock.now();
    if (a.status === 'PENDING' && now >= a.expiresAt) {
      await this.expireOne(a, now);
      return err(`Approval ${id} expired at ${new Date(a.expiresAt).toISOString()}; nothing was placed — wait for the next signal.`);
    }
    const r = decide(a, decision, actor, this.context(now));
    if (!r.ok) return r;
    const out = r.value;
    if (!(await this.o.repo.replace(out.approval, a.version))) {
      const cur = await this.o.repo.get(id);
      const state = cur?.status === 'PENDING' ? 'changed' : (cur?.status.toLowerCase() ?? 'removed');
      return err(`Approval ${id} was just ${state} by someone else; nothing was changed by this decision.`);
    }
    const cause: OrderCause = { kind: 'approval', userId: actor.userId, detail: decision.kind };
    const result = this.act(a, out, cause, actor, decision);
    this.emit(result.approval);
    return ok(result);
  }

  /**
   * Start-up repair: a decision is stored before its orders are released, so a process that died in between
   * leaves a decided approval over orders still PENDING_APPROVAL. Those are released (dropped) now; `release`
   * and `drop` act only on a pending order, so running this again places nothing twice.
   */
  async recover(): Promise<ApprovalRecovery> {
    const released: ClientOrderId[] = [];
    const refused: RefusedLine[] = [];
    let dropped = 0;
    for (const a of await this.o.repo.withStatus('PENDING')) for (const l of a.lines) this.byOrder.set(l.intent.clientOrderId, a.id);
    const approved = await this.o.repo.withStatus('APPROVED');
    await this.o.orders.prepare?.(approved.flatMap((a) => a.lines.filter((l) => l.included).map((l) => l.intent.symbol)));
    for (const a of approved) {
      const by = a.decidedBy ?? SYSTEM_USER;
      const cause: OrderCause = { kind: 'approval', userId: by, detail: 'approve (released at restart)' };
      for (const l of a.lines) {
        const cid = l.intent.clientOrderId;
        if (this.o.orders.get(cid)?.status !== 'PENDING_APPROVAL') continue;
        if (!l.included) {
          if (this.o.orders.drop(cid, 'CANCELLED', cause, `Left out of the batch by ${by}.`)) dropped++;
          continue;
        }
        const rel = this.o.orders.release(cid, by, l.intent);
        if (rel.ok) released.push(cid);
        else refused.push({ clientOrderId: cid, symbol: l.intent.symbol, message: rel.error.message });
      }
    }
    for (const status of ['REJECTED', 'EXPIRED', 'CANCELLED'] as const) {
      for (const a of await this.o.repo.withStatus(status)) {
        const cause: OrderCause = status === 'REJECTED' ? { kind: 'approval', userId: a.decidedBy ?? SYSTEM_USER, detail: 'reject (applied at restart)' } : { kind: 'system', detail: `approval ${status.toLowerCase()}` };
        for (const l of a.lines) if (this.o.orders.drop(l.intent.clientOrderId, status === 'EXPIRED' ? 'EXPIRED' : 'CANCELLED', cause, `Approval ${a.id} was ${status.toLowerCase()}.`)) dropped++;
      }
    }
    if (released.length + refused.length + dropped > 0) {
      this.alert('warning', `Restart repair: ${plural(released.length, 'approved order')} released, ${plural(dropped, 'order')} closed and ${plural(refused.length, 'order')} refused by the checks after a stop between a decision and its orders.`, this.o.clock.now());
    }
    return { released, refused, dropped };
  }

  /** Expires every pending approval whose time is up (and its orders); returns how many it expired. */
  async sweepExpired(): Promise<number> {
    const now = this.o.clock.now();
    let n = 0;
    for (const a of await this.o.repo.pendingDue(now)) if (await this.expireOne(a, now)) n++;
    return n;
  }

  /**
   * Orders the pipeline closed because a newer signal superseded them (coalescing: one card per strategy instance
   * and symbol waits at a time): each one's approval ends CANCELLED with `note`, and its cards say so. A decision
   * that won the race first keeps its approval (its order is no longer pending: nothing is placed for it).
   */
  superseded(ids: readonly ClientOrderId[], note: string): void {
    const approvals = new Set<ApprovalId>();
    for (const cid of ids) {
      const id = this.byOrder.get(cid);
      if (id !== undefined) approvals.add(id);
    }
    for (const id of approvals) {
      void this.closeSuperseded(id, note).catch((e: unknown) => this.o.onListenerError?.(e));
    }
  }

  private async closeSuperseded(id: ApprovalId, note: string): Promise<void> {
    const a = await this.get(id);
    if (!a || a.status !== 'PENDING') return;
    const next: Approval = { ...a, status: 'CANCELLED', version: a.version + 1, note };
    if (!(await this.o.repo.replace(next, a.version))) return;
    for (const l of a.lines) this.byOrder.delete(l.intent.clientOrderId);
    this.emit(next);
  }

  /** The kill switch: every pending approval ends CANCELLED with `reason`, its orders too; returns how many. */
  async cancelAll(reason: string): Promise<number> {
    let n = 0;
    for (const a of await this.o.repo.withStatus('PENDING')) {
      const next: Approval = { ...a, status: 'CANCELLED', version: a.version + 1, note: reason };
      if (!(await this.o.repo.replace(next, a.version))) continue;
      const cause: OrderCause = { kind: 'system', detail: 'approval cancelled' };
      for (const l of a.lines) this.o.orders.drop(l.intent.clientOrderId, 'CANCELLED', cause, reason);
      this.emit(next);
      n++;
    }
    return n;
  }

  private act(a: Approval, out: DecisionOutcome, cause: OrderCause, actor: Actor, decision: Decision): ApprovalResult {
    const id = a.id;
    const by = actor.name ?? actor.userId;
    switch (out.kind) {
      case 'requote':
        return { kind: 'requote', approval: out.approval, released: [], refused: [], message: out.message };
      case 'changed': {
        if (out.approval.status === 'REJECTED') {
          for (const l of a.lines) this.o.orders.drop(l.intent.clientOrderId, 'CANCELLED', cause, `Rejected by ${by}.`);
          this.alert('info', `Approval ${id} was rejected by ${by}; no order was placed.`, this.o.clock.now());
          return { kind: 'rejected', approval: out.approval, released: [], refused: [], message: `Approval ${id} was rejected; none of its ${plural(a.lines.length, 'order')} was placed.` };
        }
        const what = decision.kind === 'limit-at-last' ? 'now limit orders at the last price' : decision.kind === 'limit' ? `now limit orders at ${decision.price}` : 'resized';
        return { kind: 'changed', approval: out.approval, released: [], refused: [], message: `The orders of approval ${id} are ${what}; review the new figures and approve to place them.` };
      }
      case 'approved': {
        const released: ClientOrderId[] = [];
        const refused: RefusedLine[] = [];
        for (const l of out.approval.lines) {
          const cid = l.intent.clientOrderId;
          if (!l.included) {
            this.o.orders.drop(cid, 'CANCELLED', cause, `Left out of the batch by ${by}.`);
            refused.push({ clientOrderId: cid, symbol: l.intent.symbol, message: 'Left out of the batch.' });
            continue;
          }
          const rel = this.o.orders.release(cid, actor.userId, l.intent);
          if (rel.ok) released.push(cid);
          else refused.push({ clientOrderId: cid, symbol: l.intent.symbol, message: rel.error.message });
        }
        const rest = refused.length > 0 ? `; ${refused.length} not placed (${refused.map((x) => `${x.symbol}: ${x.message.replace(/\.$/, '')}`).join('; ')})` : '';
        const message = released.length > 0 ? `Approval ${id}: ${plural(released.length, 'order')} released to the broker${rest}.` : `Approval ${id}: nothing was placed${rest}.`;
        return { kind: 'approved', approval: out.approval, released, refused, message };
      }
    }
  }

  private async expireOne(a: Approval, now: number): Promise<boolean> {
    const next = expire(a, now);
    if (next === a || !(await this.o.repo.replace({ ...next, note: 'No decision before the approval expired.' }, a.version))) return false;
    const cause: OrderCause = { kind: 'system', detail: 'approval expired' };
    for (const l of a.lines) this.o.orders.drop(l.intent.clientOrderId, 'EXPIRED', cause, `Approval ${a.id} expired without a decision.`);
    this.alert('info', `Approval ${a.id} expired without a decision; its ${plural(a.lines.length, 'order')} were not placed.`, now);
    this.emit({ ...next, note: 'No decision before the approval expired.' });
    return true;
  }

  private context(now: number): DecisionContext {
    return {
      now,
      lastPrice: this.o.lastPrice,
      tickSize: this.o.tickSize,
      lotSize: this.o.lotSize,
      facts: this.o.facts,
      ...(this.o.orders.preview ? { sizeCheck: (intent: OrderIntent) => this.sizeCheck(intent) } : {}),
      ...(this.o.maxMovePct !== undefined ? { maxMovePct: this.o.maxMovePct } : {}),
      ...(this.o.ttlMs !== undefined ? { ttlMs: this.o.ttlMs } : {}),
    };
  }

  private sizeCheck(intent: OrderIntent): Result<OrderIntent, string> {
    const r = this.o.orders.preview!(intent.clientOrderId, intent);
    return r.ok ? r : err(r.error.message);
  }

  private emit(a: Approval): void {
    for (const l of this.listeners) {
      try {
        l(a);
      } catch (e) {
        this.o.onListenerError?.(e);
      }
    }
  }

  private alert(level: 'info' | 'warning' | 'critical', message: string, time: number): void {
    this.o.onEvent?.({ type: 'alert', level, message, time });
  }
}
