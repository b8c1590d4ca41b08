/**
 * The approval service: links approvals (approvals.ts, persisted through an `ApprovalRepository`) to the
 * OrderManager's pending orders.
 *  - `request` stores each intent as a PENDING_APPROVAL order, then one approval covering them (a batch).
 *  - `decide` applies a person's decision: the approval is written with compare-and-set on its version FIRST,
 *    and only the writer that wins releases the orders — so a double approve (two taps, two processes) places
 *    each order once. Approve → included lines released (validated and gated again), opted-out lines
 *    CANCELLED; reject → every line CANCELLED; a price move beyond the limit → back for re-approval (orders stay
 *    pending); scale / limit-at-last → new figures to approve.
 *  - `sweepExpired` (a job calls it) → EXPIRED approval, EXPIRED orders. A decision arriving after the expiry
 *    expires the approval itself and changes nothing else.
 *  - `recover` (once at start) releases the orders of approvals decided just before a crash.
 * Every outcome, refusal included, carries one sentence saying why.
 *
 * Constructor options are unchanged by `recover` (the composition root calls `await service.recover()` after
 * `oms.recover()` at start).
 */
import type { Clock } from '../core/clock';
import type { DomainEvent } from '../core/events';
import { userId, type ApprovalId, type ClientOrderId, type UserId } from '../core/ids';
import type { Order, OrderIntent } from '../core/order';
import { err, ok, type Result } from '../core/result';
import type { ApprovalRepository } from './approvalRepository';
import { canDecide, createApproval, decide, expire, type Actor, type Approval, type ApprovalFacts, type Decision, type DecisionContext, type LineRequest } from './approvals';
import type { OrderCause } from './orderRepository';
import type { SubmitRefusal } from './orderManager';

/** What the service needs of the OrderManager. */
export interface PendingOrders {
  submit(intent: OrderIntent, opts: { readonly awaitApproval?: boolean }): Promise<Result<Order, SubmitRefusal>>;
  release(id: ClientOrderId, by: UserId, changed?: OrderIntent): Promise<Result<Order, SubmitRefusal>>;
  dropPending(id: ClientOrderId, to: 'EXPIRED' | 'CANCELLED', cause: OrderCause, message: string): Promise<boolean>;
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
  readonly newId: () => ApprovalId;
  readonly onEvent?: (e: DomainEvent) => void;
}

export interface RefusedLine {
  readonly clientOrderId: ClientOrderId;
  readonly symbol: string;
  readonly message: string;
}

export interface ApprovalRequested {
  /** Undefined when every line was refused before it could wait for approval. */
  readonly approval?: Approval;
  readonly refused: readonly RefusedLine[];
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
  /** Orders of approved approvals placed at this start. */
  readonly released: readonly ClientOrderId[];
  /** Orders of approved approvals the checks refused at this start. */
  readonly refused: readonly RefusedLine[];
  /** Pending orders of decided approvals closed at this start (opted out, rejected, expired). */
  readonly dropped: number;
}

/** Stands for the decider when an old record lacks one. */
const SYSTEM_USER = userId('system');

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export class ApprovalService {
  constructor(private readonly o: ApprovalServiceOptions) {}

  /** Parks every intent as a PENDING_APPROVAL order and opens one approval over those the checks let through. */
  async request(lines: readonly LineRequest[]): Promise<Result<ApprovalRequested, string>> {
    if (lines.length === 0) return err('There is nothing to approve: the request has no orders.');
    const accepted: LineRequest[] = [];
    const refused: RefusedLine[] = [];
    for (const l of lines) {
      const r = await this.o.orders.submit(l.intent, { awaitApproval: true });
      if (r.ok && r.value.status === 'PENDING_APPROVAL') accepted.push({ ...l, intent: r.value.intent });
      else refused.push({ clientOrderId: l.intent.clientOrderId, symbol: l.intent.symbol, message: r.ok ? `Order ${l.intent.clientOrderId} is ${r.value.status}.` : r.error.message });
    }
    if (accepted.length === 0) return ok({ refused, message: `None of the ${plural(lines.length, 'order')} passed the checks, so nothing waits for approval.` });
    const approval = createApproval(this.o.newId(), accepted, this.o.facts, this.o.clock.now(), this.o.ttlMs);
    if (!(await this.o.repo.create(approval))) throw new Error(`approval id ${approval.id} was issued twice`);
    const left = refused.length > 0 ? `; ${plural(refused.length, 'order')} failed the checks and ${refused.length === 1 ? 'was' : 'were'} left out` : '';
    return ok({ approval, refused, message: `Approval ${approval.id} waits for a decision on ${plural(accepted.length, 'order')}${left}.` });
  }

  async get(id: ApprovalId): Promise<Approval | undefined> {
    return this.o.repo.get(id);
  }

  /** A person's decision; a refusal (wrong role, not pending, expired, lost race) changes nothing and says why. */
  async decide(id: ApprovalId, decision: Decision, actor: Actor): Promise<Result<ApprovalResult, string>> {
    const a = await this.o.repo.get(id);
    if (!a) return err(`There is no approval ${id}; check the id in the approval card.`);
    if (!canDecide(actor)) return err(`Only a trader or an admin can act on approvals; ask one to decide approval ${id}.`);
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
    switch (out.kind) {
      case 'requote':
        return ok({ kind: 'requote', approval: out.approval, released: [], refused: [], message: out.message });
      case 'changed': {
        if (out.approval.status === 'REJECTED') {
          for (const l of a.lines) await this.o.orders.dropPending(l.intent.clientOrderId, 'CANCELLED', cause, `Rejected by ${actor.userId}.`);
          this.alert('info', `Approval ${id} was rejected by ${actor.userId}; no order was placed.`, now);
          return ok({ kind: 'rejected', approval: out.approval, released: [], refused: [], message: `Approval ${id} was rejected; none of its ${plural(a.lines.length, 'order')} was placed.` });
        }
        const what = decision.kind === 'limit-at-last' ? 'now limit orders at the last price' : decision.kind === 'limit' ? `now limit orders at ${decision.price}` : 'resized';
        return ok({ kind: 'changed', approval: out.approval, released: [], refused: [], message: `The orders of approval ${id} are ${what}; review the new figures and approve to place them.` });
      }
      case 'approved': {
        const released: ClientOrderId[] = [];
        const refused: RefusedLine[] = [];
        for (const l of out.approval.lines) {
          const cid = l.intent.clientOrderId;
          if (!l.included) {
            await this.o.orders.dropPending(cid, 'CANCELLED', cause, `Left out of the batch by ${actor.userId}.`);
            refused.push({ clientOrderId: cid, symbol: l.intent.symbol, message: 'Left out of the batch.' });
            continue;
          }
          const rel = await this.o.orders.release(cid, actor.userId, l.intent);
          if (rel.ok) released.push(cid);
          else refused.push({ clientOrderId: cid, symbol: l.intent.symbol, message: rel.error.message });
        }
        const rest = refused.length > 0 ? `, ${refused.length} not (${refused.map((x) => `${x.symbol}: ${x.message.replace(/\.$/, '')}`).join('; ')})` : '';
        return ok({ kind: 'approved', approval: out.approval, released, refused, message: `Approval ${id}: ${plural(released.length, 'order')} sent to the broker${rest}.` });
      }
    }
  }

  /**
   * Start-up repair: a decision is stored before its orders are released, so a process that died in between
   * leaves an APPROVED (REJECTED, EXPIRED) approval over orders still PENDING_APPROVAL. Those are released
   * (dropped) now. `release` and `dropPending` act only on a pending order, so running this again — or after a
   * release that did happen — places nothing twice. Call it once per start, before transports take decisions.
   */
  async recover(): Promise<ApprovalRecovery> {
    const released: ClientOrderId[] = [];
    const refused: RefusedLine[] = [];
    let dropped = 0;
    for (const a of await this.o.repo.withStatus('APPROVED')) {
      const by = a.decidedBy ?? SYSTEM_USER;
      const cause: OrderCause = { kind: 'approval', userId: by, detail: 'approve (released at restart)' };
      for (const l of a.lines) {
        const cid = l.intent.clientOrderId;
        if (!l.included) {
          if (await this.o.orders.dropPending(cid, 'CANCELLED', cause, `Left out of the batch by ${by}.`)) dropped++;
          continue;
        }
        const rel = await this.o.orders.release(cid, by, l.intent);
        if (rel.ok) released.push(cid);
        else if (rel.error.kind !== 'not-pending') refused.push({ clientOrderId: cid, symbol: l.intent.symbol, message: rel.error.message });
      }
    }
    for (const status of ['REJECTED', 'EXPIRED'] as const) {
      for (const a of await this.o.repo.withStatus(status)) {
        const cause: OrderCause = status === 'REJECTED' ? { kind: 'approval', userId: a.decidedBy ?? SYSTEM_USER, detail: 'reject (applied at restart)' } : { kind: 'system', detail: 'approval expired' };
        for (const l of a.lines) if (await this.o.orders.dropPending(l.intent.clientOrderId, status === 'REJECTED' ? 'CANCELLED' : 'EXPIRED', cause, `Approval ${a.id} was ${status.toLowerCase()}.`)) dropped++;
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

  private async expireOne(a: Approval, now: number): Promise<boolean> {
    const next = expire(a, now);
    if (next === a || !(await this.o.repo.replace({ ...next, note: 'No decision before the approval expired.' }, a.version))) return false;
    const cause: OrderCause = { kind: 'system', detail: 'approval expired' };
    for (const l of a.lines) await this.o.orders.dropPending(l.intent.clientOrderId, 'EXPIRED', cause, `Approval ${a.id} expired without a decision.`);
    this.alert('info', `Approval ${a.id} expired without a decision; its ${plural(a.lines.length, 'order')} were not placed.`, now);
    return true;
  }

  private context(now: number): DecisionContext {
    return {
      now,
      lastPrice: this.o.lastPrice,
      tickSize: this.o.tickSize,
      lotSize: this.o.lotSize,
      facts: this.o.facts,
      ...(this.o.maxMovePct !== undefined ? { maxMovePct: this.o.maxMovePct } : {}),
      ...(this.o.ttlMs !== undefined ? { ttlMs: this.o.ttlMs } : {}),
    };
  }

  private alert(level: 'info' | 'warning', message: string, time: number): void {
    this.o.onEvent?.({ type: 'alert', level, message, time });
  }
}
