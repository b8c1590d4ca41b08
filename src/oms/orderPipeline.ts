/**
 * The one road of every order, from every source (strategy signals, rebalances, manual orders, alerts, exits and
 * square-offs) and in every mode (backtest, paper, live):
 *
 *   intent → validation → risk engine → approval (by policy) → OMS state (transition table, one id, journal)
 *          → execution (broker) → fills → position book → events
 *
 * Synchronous: a backtest runs it in its bar loop; paper and live plug in an execution that persists first and
 * talks to the broker asynchronously, whose answers come back through `handleOrderUpdate`. One id per order, minted here,
 * is the id in the card, the fill notice, /orders, /order, REST, the logs and the Kite `tag`.
 *
 * The position book is written here only: a fill moves the account's cash and position, and the working quantity
 * of every open order (pending approval included) follows each state change — a ½× approval, a partial fill, a
 * rejection or a cancellation frees exactly what the order no longer needs. A released order (a person approved
 * it, possibly changed: ½×, 2×, a limit) is checked by the risk engine again before it goes out.
 */
import { SmallMap } from '../core/smallMap';
import type { ExitRequest, OrderChange, OrderUpdate } from '../core/broker';
import type { Clock } from '../core/clock';
import type { DomainEvents } from '../core/events';
import type { Fill } from '../core/fill';
import { strategyInstanceId, type ClientOrderId, type UserId } from '../core/ids';
import { newOrder, sideSign, type Order, type OrderIntent } from '../core/order';
import { canTransition, isTerminal, type OrderStatus } from '../core/orderStatus';
import type { RiskDenial } from '../core/tradingState';
import { err, ok, type Result } from '../core/result';
import type { AccountLedger } from './accountLedger';
import { transitionRecord } from './orderLifecycle';
import type { OrderCause } from '../core/ports/orderRepository';
import { validateIntent, type RulesLookup, type ValidationOptions } from './orderValidation';
import type { ApprovalOpener, ApprovalPolicy, CheckRequest, Execution, OrderIdMint, OrderJournal, PendingLine, PreTradeCheck } from './pipelinePorts';
import { PORTFOLIO_ACCOUNT, type PositionBook } from './positionBook';
import { guardedShares, ProtectiveExits } from './protectiveExits';
import { riskNoteOf, withoutRiskNotes } from '../core/riskNote';

export type Refusal =
  | { readonly kind: 'invalid-order'; readonly message: string }
  | { readonly kind: 'denied'; readonly rule: string; readonly message: string }
  | { readonly kind: 'duplicate'; readonly message: string }
  | { readonly kind: 'not-pending'; readonly message: string };

/** An intent before it has its id (the pipeline mints it unless the caller has one, e.g. a replay). */
export type OrderDraft = Omit<OrderIntent, 'clientOrderId'> & { readonly clientOrderId?: ClientOrderId };

export interface SubmitOptions {
  /** 'policy' (default): the approval policy decides; 'always': a person decides; 'never': no approval (risk exits). */
  readonly approval?: 'policy' | 'always' | 'never';
  /** What the card says about the size (default: the intent's reason), and the price it was sized at. */
  readonly sizingReason?: string;
  readonly signalPrice?: number;
  /** Leave the approval to the caller, who opens one over several orders (`openBatch`). */
  readonly batch?: boolean;
}

export interface PipelineOptions {
  readonly book: PositionBook;
  readonly risk: PreTradeCheck;
  readonly execution: Execution;
  readonly ids: OrderIdMint;
  readonly clock: Clock;
  readonly events: DomainEvents;
  readonly rules: RulesLookup;
  readonly validation?: ValidationOptions;
  /** Which orders wait for a person (default: none). */
  readonly policy?: ApprovalPolicy;
  readonly approvals?: ApprovalOpener;
  readonly journal?: OrderJournal;
  /** Keep finished orders in memory for late fills and look-ups (paper and live; default true). */
  readonly retainClosed?: boolean;
  /** The mode's last price (a protective level already passed closes the position at once). */
  readonly marketPrice?: (symbol: string) => number | undefined;
  /**
   * Paper: the market's time (the feed's latest trade). The risk engine counts orders per minute and day, the
   * duplicate window and the day's start on it, as a backtest does on its bars, so a replay at any speed trades as
   * the backtest would; orders and approvals keep the wall clock (`clock`). Absent: `clock`.
   */
  readonly marketClock?: Clock;
}

interface Entry {
  order: Order;
  readonly ledger: AccountLedger;
  readonly j: number;
  readonly sign: 1 | -1;
  /** Signed shares this order holds in the account's working quantity now. */
  booked: number;
}

const RETAINED = 10_000;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** An order's next state: one fixed-shape object (every field present), built without spreading. */
function stateOf(o: Order, status: OrderStatus, time: number, message: string | undefined, filledQuantity: number, averagePrice: number, charges: number | undefined): Mutable<Order> {
  return {
    intent: o.intent,
    status,
    brokerOrderId: o.brokerOrderId,
    filledQuantity,
    averagePrice,
    charges,
    message: message ?? o.message,
    exitId: o.exitId,
    updatedAt: time,
  };
}
/** A new order in the same fixed shape as `stateOf`'s (so every order object has one hidden class). */
function freshOrder(intent: OrderIntent, status: OrderStatus, time: number, brokerOrderId?: Order['brokerOrderId']): Mutable<Order> {
  return { intent, status, brokerOrderId, filledQuantity: 0, averagePrice: NaN, charges: undefined, message: undefined, exitId: undefined, updatedAt: time };
}

/** The broker's causes, one object per kind (an update allocates none). */
const BROKER_CAUSES: Readonly<Record<OrderUpdate['kind'], OrderCause>> = {
  accepted: { kind: 'broker', detail: 'accepted' },
  filled: { kind: 'broker', detail: 'filled' },
  rejected: { kind: 'broker', detail: 'rejected' },
  cancelled: { kind: 'broker', detail: 'cancelled' },
  opened: { kind: 'broker', detail: 'opened' },
};
const SENT: OrderCause = { kind: 'system', detail: 'sent to broker' };
const NO_ANSWER: OrderCause = { kind: 'broker', detail: 'placement got no answer' };
/** The default policy: no order waits for a person (one function for every pipeline, not a closure each). */
const NO_APPROVALS: ApprovalPolicy = () => false;
const RESENT: OrderCause = { kind: 'system', detail: 'approved before a restart, sent after it' };

export class OrderPipeline {
  readonly exits: ProtectiveExits;
  private readonly open = new SmallMap<ClientOrderId, Entry>();
  private readonly closed = new Map<ClientOrderId, Entry>();
  /** Per account and slot: the last order that filled there (an attached exit is noted on it). */
  private readonly lastFilled = new Map<AccountLedger, (ClientOrderId | undefined)[]>();
  /** Orders in UNKNOWN per symbol (the risk engine refuses new orders for these symbols). */
  private readonly unknownBySymbol = new Map<string, ClientOrderId[]>();
  private policy: ApprovalPolicy;
  private readonly validation: ValidationOptions;
  private readonly retain: boolean;
  /** A backtest: no journal, nothing retained — order states may be updated in place (see `nextState`). */
  private readonly inPlace: boolean;
  /** The risk engine's request: one object, filled again for each check (`check`; the engine keeps none). */
  private request: Mutable<CheckRequest> | undefined;

  constructor(private readonly o: PipelineOptions) {
    this.policy = o.policy ?? NO_APPROVALS;
    this.validation = o.validation ?? { marketProtection: -1 };
    this.retain = o.retainClosed ?? true;
    this.inPlace = o.journal === undefined && !this.retain;
    this.exits = new ProtectiveExits(
      o.execution,
      (message) => this.alert('warning', message),
      o.journal ? (ledger, j, exitId, exit) => this.noteExitOfSlot(ledger, j, exitId, exit) : undefined,
      o.marketPrice ? { price: o.marketPrice, exitNow: (ledger, j, rule, level) => this.exitNow(ledger, j, rule, level) } : undefined,
    );
  }

  /** Replaces the approval policy from the next order on (operator settings). */
  setPolicy(policy: ApprovalPolicy): void {
    this.policy = policy;
  }

  /** A fresh order id (callers that build intents themselves, e.g. the kernel). */
  nextId(): ClientOrderId {
    return this.o.ids.next();
  }

  get(id: ClientOrderId): Order | undefined {
    return (this.open.get(id) ?? this.closed.get(id))?.order;
  }

  /** Orders not yet finished: pending approval, approved, at the broker. */
  /**
   * Before submitting orders from an asynchronous source (a rebalance, a manual order): lets the risk engine read
   * what it needs of the symbols (their volatility) so the synchronous check can judge them.
   */
  async prepare(symbols: Iterable<string>): Promise<void> {
    await this.o.risk.prepare?.(symbols);
  }

  openOrders(): Order[] {
    return [...this.open.values()].map((e) => e.order);
  }

  submit(draft: OrderDraft, opts: SubmitOptions = {}): Result<Order, Refusal> {
    const now = this.o.clock.now();
    const intent: OrderIntent = draft.clientOrderId !== undefined ? (draft as OrderIntent) : { ...draft, clientOrderId: this.o.ids.next() };
    const id = intent.clientOrderId;
    // The finished orders are asked only when there are any (a backtest keeps none: no hashing of each new id).
    if (this.open.has(id) || (this.closed.size > 0 && this.closed.has(id))) return err({ kind: 'duplicate', message: `An order with id ${id} already exists; it was not placed again.` });
    const ledger = this.o.book.accountOf(intent);
    const j = this.slotOf(ledger, intent);
    if (j < 0) return this.deny(intent, now, { kind: 'invalid-order', message: `Account ${ledger.id} does not trade ${intent.symbol} (${intent.product}); check the instance's symbols.` }, 'validation');
    const valid = validateIntent(intent, this.o.rules, this.validation);
    if (!valid.ok) return this.deny(intent, now, { kind: 'invalid-order', message: valid.error.message }, 'validation');
    const checked = this.check(intent, ledger, j, 'new', now);
    if (!checked.ok) return this.deny(intent, now, { kind: 'denied', rule: checked.error.rule, message: checked.error.message }, checked.error.rule);
    const gated = checked.value;
    const wait = opts.approval === 'always' || (opts.approval !== 'never' && this.policy(gated));
    const entry: Entry = { order: freshOrder(gated, wait ? 'PENDING_APPROVAL' : 'APPROVED', now), ledger, j, sign: sideSign(gated.side), booked: 0 };
    this.open.set(id, entry);
    this.rebook(entry);
    this.changed(entry, null, gated.source, now);
    if (!wait) this.send(entry, now);
    else if (opts.batch !== true) this.o.approvals?.open([this.line(entry.order, opts)]);
    return ok(entry.order);
  }

  /**
   * Coalescing of approval cards: a strategy's newer signal for slot j of its account supersedes its orders there
   * still waiting for a person — they end CANCELLED, and their cards say so — before the new order is sized, so the
   * newest card carries the whole change (a flat signal after an unapproved BUY leaves no card at all). Orders of
   * people and batches are never superseded. Returns how many were. Without approvals (a backtest) it does nothing.
   */
  supersedePending(ledger: AccountLedger, j: number, reason: string): number {
    const approvals = this.o.approvals;
    if (!approvals || !(ledger.buying[j]! > 0 || ledger.selling[j]! > 0)) return 0;
    let ids: ClientOrderId[] | undefined;
    for (const e of this.open.values()) {
      if (e.ledger !== ledger || e.j !== j || e.order.status !== 'PENDING_APPROVAL' || e.order.intent.source.kind !== 'strategy') continue;
      (ids ??= []).push(e.order.intent.clientOrderId);
    }
    if (!ids) return 0;
    const note = `Superseded by a newer signal of ${ledger.id} for ${ledger.symbols[j]!} (${reason}); nothing was placed for this card.`;
    const now = this.o.clock.now();
    for (const id of ids) this.move(this.open.get(id)!, 'CANCELLED', { kind: 'system', detail: 'superseded' }, now, undefined, note);
    approvals.superseded?.(ids, note);
    return ids.length;
  }

  /** Opens one approval over orders submitted with `batch: true` (a rebalance); returns its id. */
  openBatch(lines: readonly PendingLine[]): string | undefined {
    return lines.length > 0 ? this.o.approvals?.open(lines) : undefined;
  }

  /** What an approval card shows for an order submitted with `batch: true`. */
  pendingLine(order: Order, opts: SubmitOptions = {}): PendingLine {
    return this.line(order, opts);
  }

  /**
   * A person approved a pending order, possibly changed (new quantity, a limit price). It is checked again by the
   * risk engine, then sent; a second release finds it no longer pending and places nothing.
   */
  release(id: ClientOrderId, by: UserId, changed?: OrderIntent): Result<Order, Refusal> {
    const entry = this.open.get(id);
    if (!entry || entry.order.status !== 'PENDING_APPROVAL') {
      return err({ kind: 'not-pending', message: `Order ${id} is ${this.get(id)?.status ?? 'unknown'}, not waiting for approval; nothing was placed.` });
    }
    const now = this.o.clock.now();
    const cause: OrderCause = { kind: 'approval', userId: by, detail: 'approved' };
    const base = entry.order.intent;
    if (changed && (changed.clientOrderId !== id || changed.symbol !== base.symbol || changed.side !== base.side)) {
      throw new Error(`an approval may change an order's size or price, not its id, symbol or side (${id})`);
    }
    // Only the size, the order type and its prices (and the reason that says so) come from the approval: the
    // account, the source and the rest stay the order's own, whatever a stored copy of it kept.
    // The approval is the decision: the order's time becomes the release's (a paper market order then fills at the
    // next trade, not at one seen before the person decided).
    const intent: OrderIntent = { ...(changed === undefined ? base : approvedChanges(base, changed)), time: now };
    const checked = this.recheck(entry, intent, cause, now);
    if (!checked.ok) return checked;
    this.move(entry, 'APPROVED', cause, now, { intent: checked.value });
    this.send(entry, now);
    return ok(entry.order);
  }

  /**
   * What would go out if pending order `id` were released now as `changed` (a ½× or 2× on its card): the validation
   * and risk check of `release`, with nothing stored, booked or sent. The card can then show the size the checks
   * would let out (cut to the holdings, the cash and the limits in force, the reason saying so), not the bare
   * multiple. The risk notes the order's reason already carries are left out: they were about the size before the change.
   */
  preview(id: ClientOrderId, changed: OrderIntent): Result<OrderIntent, Refusal> {
    const entry = this.open.get(id);
    if (!entry || entry.order.status !== 'PENDING_APPROVAL') {
      return err({ kind: 'not-pending', message: `Order ${id} is ${this.get(id)?.status ?? 'unknown'}, not waiting for approval; nothing was changed.` });
    }
    const now = this.o.clock.now();
    const intent: OrderIntent = { ...approvedChanges(entry.order.intent, changed), reason: withoutRiskNotes(changed.reason), time: now };
    // Judged as at its release, then its working shares are put back as they were.
    const booked = entry.booked;
    const judged = this.judgeRelease(entry, intent, now);
    entry.ledger.addWorking(entry.j, entry.sign, booked);
    entry.booked = booked;
    return judged;
  }

  /**
   * The risk engine's word on an order about to go out after a wait (an approval, a restart): validated and checked
   * again with its own working quantity left out; refused, it ends DENIED with the reason.
   */
  private recheck(entry: Entry, intent: OrderIntent, cause: OrderCause, now: number): Result<OrderIntent, Refusal> {
    const judged = this.judgeRelease(entry, intent, now);
    if (judged.ok) return judged;
    const refusal = judged.error;
    this.move(entry, 'DENIED', cause, now, undefined, refusal.message);
    this.o.events.emit({ type: 'risk-denied', intent, reason: refusal.message, rule: refusal.kind === 'denied' ? refusal.rule : 'validation', time: now });
    return judged;
  }

  /**
   * Validation and the risk check of `intent` as the release of `entry` (`recheck`, `preview`): with the order's own
   * working shares left out of the account (they stay out; the caller books them again or moves the order on).
   */
  private judgeRelease(entry: Entry, intent: OrderIntent, now: number): Result<OrderIntent, Refusal> {
    const valid = validateIntent(intent, this.o.rules, this.validation);
    this.unbook(entry);
    if (!valid.ok) return err({ kind: 'invalid-order', message: valid.error.message });
    const checked = this.check(intent, entry.ledger, entry.j, 'release', now);
    return checked.ok ? checked : err({ kind: 'denied', rule: checked.error.rule, message: checked.error.message });
  }

  /** Ends a pending order without placing it: EXPIRED (no decision in time) or CANCELLED (rejected, halted). */
  drop(id: ClientOrderId, to: 'EXPIRED' | 'CANCELLED', cause: OrderCause, message: string): boolean {
    const entry = this.open.get(id);
    if (!entry || entry.order.status !== 'PENDING_APPROVAL') return false;
    this.move(entry, to, cause, this.o.clock.now(), undefined, message);
    return true;
  }

  /** Cancels an order: a pending one ends here; a working one is cancelled at the broker (the answer follows). */
  cancel(id: ClientOrderId, cause: OrderCause, message = 'Cancelled by request.'): Result<Order, Refusal> {
    const entry = this.open.get(id);
    if (!entry) return err({ kind: 'not-pending', message: `Order ${id} is ${this.get(id)?.status ?? 'unknown'}; there is nothing to cancel.` });
    if (entry.order.status === 'PENDING_APPROVAL' || entry.order.status === 'APPROVED') {
      this.move(entry, 'CANCELLED', cause, this.o.clock.now(), undefined, message);
      return ok(entry.order);
    }
    this.o.execution.cancel(entry.order);
    return ok(entry.order);
  }

  /**
   * A person changes a working order's limit price or quantity. The changed order is validated and checked by the
   * risk engine as a new one would be (its own working quantity left out; a resize by the checks is kept); refused,
   * the order stays as it was. Then the broker is asked, and only once it has agreed is the order changed here
   * (journalled with who asked). `done` gets the order as it is then, or why nothing changed.
   */
  modify(id: ClientOrderId, change: OrderChange, cause: OrderCause, done: (r: Result<Order, Refusal>) => void): void {
    const refuse = (message: string): void => done(err({ kind: 'not-pending', message }));
    const entry = this.open.get(id);
    const status = entry?.order.status ?? this.get(id)?.status;
    if (!entry || !(status === 'SUBMITTED' || status === 'OPEN' || status === 'PARTIALLY_FILLED')) {
      return refuse(status === 'PENDING_APPROVAL' ? `Order ${id} waits for approval: change it on its card, or with /approve ${id} limit=<price> or scale=0.5|2.` : `Order ${id} is ${status ?? 'unknown'}, not working at the broker; there is nothing to modify.`);
    }
    if (!this.o.execution.modify) return refuse(`This broker cannot modify orders; cancel order ${id} and place a new one.`);
    const base = entry.order.intent;
    if (change.price !== undefined && base.orderType !== 'LIMIT' && base.orderType !== 'SL') return refuse(`Order ${id} is a ${base.orderType} order and has no limit price to change; cancel it and place a limit order.`);
    if (change.quantity !== undefined && change.quantity <= entry.order.filledQuantity) return refuse(`Order ${id} has already filled ${entry.order.filledQuantity}; a new quantity must be above that.`);
    const asked: OrderIntent = { ...base, quantity: change.quantity ?? base.quantity, ...(change.price !== undefined ? { price: change.price } : {}) };
    const valid = validateIntent(asked, this.o.rules, this.validation);
    if (!valid.ok) return refuse(valid.error.message);
    const now = this.o.clock.now();
    this.unbook(entry);
    // The order's remaining quantity is what the checks see as new (what already filled is in the book).
    const left = { ...asked, quantity: asked.quantity - entry.order.filledQuantity };
    const checked = this.check(left, entry.ledger, entry.j, 'modify', now);
    this.rebook(entry);
    if (!checked.ok) return done(err({ kind: 'denied', rule: checked.error.rule, message: checked.error.message }));
    const next: OrderIntent = { ...asked, quantity: checked.value.quantity + entry.order.filledQuantity };
    const sent: OrderChange = { ...(next.quantity !== base.quantity ? { quantity: next.quantity } : {}), ...(change.price !== undefined ? { price: change.price } : {}) };
    if (sent.quantity === undefined && (sent.price === undefined || sent.price === base.price)) return refuse(`Order ${id} already has ${change.price !== undefined ? `the price ${change.price}` : `the quantity ${base.quantity}`}; nothing to change.`);
    this.o.execution.modify(entry.order, sent, (r) => {
      if (!r.ok) return refuse(`The broker did not modify order ${id}: ${r.error.message.replace(/\.$/, '')}; it stays as it was.`);
      const current = this.open.get(id);
      if (!current) return refuse(`Order ${id} finished (${this.get(id)?.status ?? 'unknown'}) before the change arrived.`);
      const what = [sent.quantity !== undefined ? `quantity ${base.quantity} → ${sent.quantity}` : '', sent.price !== undefined ? `price ${base.price ?? '–'} → ${sent.price}` : ''].filter((x) => x !== '').join(', ');
      const resized = next.quantity !== asked.quantity ? ` (the checks allowed ${next.quantity}, not ${asked.quantity}: ${riskNoteOf(checked.value.reason) ?? 'no reason given'})` : '';
      this.patch(current, { intent: { ...current.order.intent, quantity: next.quantity, ...(sent.price !== undefined ? { price: sent.price } : {}) } }, cause, this.o.clock.now(), `Modified: ${what}${resized}.`);
      this.rebook(current);
      done(ok(current.order));
    });
  }

  /** The broker's word on an order (and orders the broker opened itself: the legs of attached exits). */
  handleOrderUpdate(u: OrderUpdate, cause: OrderCause = BROKER_CAUSES[u.kind]): void {
    if (u.kind === 'opened') return this.adopt(u.intent, u.time, u.brokerOrderId, u.exitId);
    const id = u.kind === 'filled' ? u.fill.clientOrderId : u.clientOrderId;
    const entry = this.open.get(id) ?? this.closed.get(id);
    if (!entry) {
      this.alert('warning', `An update for unknown order ${id} arrived from the broker; check the order book.`);
      return;
    }
    switch (u.kind) {
      case 'accepted': {
        const patch = u.brokerOrderId !== undefined && entry.order.brokerOrderId === undefined ? { brokerOrderId: u.brokerOrderId } : {};
        const status = entry.order.status;
        if (status === 'SUBMITTED' || status === 'UNKNOWN') this.move(entry, 'OPEN', cause, u.time, 'brokerOrderId' in patch ? patch : undefined);
        // An acknowledgement after a fill or a cancel is late news (Kite's ticker can beat the HTTP answer); after a
        // rejection or a denial it contradicts what we know.
        else if (status === 'REJECTED' || status === 'DENIED' || status === 'EXPIRED') return void this.move(entry, 'OPEN', cause, u.time);
        else if ('brokerOrderId' in patch) this.patch(entry, patch, cause, u.time, 'broker order id learnt');
        else return; // a repeated acknowledgement: nothing new
        if (this.o.events.wants('order-accepted')) {
          this.o.events.emit({ type: 'order-accepted', clientOrderId: id, ...(u.brokerOrderId ? { brokerOrderId: u.brokerOrderId } : {}), time: u.time });
        }
        return;
      }
      case 'filled':
        return this.fill(entry, u.fill, cause);
      case 'rejected':
        if (this.move(entry, 'REJECTED', cause, u.time, undefined, u.message)) this.o.events.emit({ type: 'order-rejected', clientOrderId: id, message: u.message, time: u.time });
        return;
      case 'cancelled':
        if (entry.order.status === 'CANCELLED') return;
        if (this.move(entry, 'CANCELLED', cause, u.time, undefined, u.message)) {
          this.o.events.emit({ type: 'order-cancelled', clientOrderId: id, ...(u.message ? { message: u.message } : {}), time: u.time });
        }
        return;
    }
  }

  /**
   * Start-up: an order stored before a restart that may still change (pending approval, approved, at the
   * broker) is open again, its remaining quantity working in its account. Its fills so far are in the book
   * already (rebuilt from the journal). An APPROVED order that never went out is sent by `resend`.
   */
  restore(order: Order): void {
    const id = order.intent.clientOrderId;
    if (this.open.has(id) || isTerminal(order.status)) return;
    const ledger = this.o.book.accountOf(order.intent);
    const j = this.slotOf(ledger, order.intent);
    if (j < 0) {
      this.alert('critical', `Stored order ${id} (${order.intent.side} ${order.intent.quantity} ${order.intent.symbol}) belongs to account ${ledger.id}, which does not trade it; check it at the broker.`);
      return;
    }
    const entry: Entry = { order, ledger, j, sign: sideSign(order.intent.side), booked: 0 };
    this.open.set(id, entry);
    this.rebook(entry);
    if (order.status === 'UNKNOWN') this.noteUnknown(order, true);
  }

  /**
   * The broker could not say whether it has the order: its placement got no answer and its book did not show the
   * tag for as long as it may take. UNKNOWN (core/orderStatus.ts): still booked as working, never sent again, and
   * the risk engine refuses new orders for its symbol until an admin resolves it (or the broker's word arrives).
   */
  unknown(id: ClientOrderId, message: string): boolean {
    const entry = this.open.get(id);
    if (!entry || entry.order.status !== 'SUBMITTED') return false;
    const now = this.o.clock.now();
    if (!this.move(entry, 'UNKNOWN', NO_ANSWER, now, undefined, message)) return false;
    this.o.events.emit({ type: 'order-unknown', order: entry.order, message, time: now });
    return true;
  }

  /** An order of `symbol` whose outcome is unknown (the oldest), if any. */
  unknownOrderOf(symbol: string): ClientOrderId | undefined {
    return this.unknownBySymbol.get(symbol)?.[0];
  }

  /** An admin gave up an UNKNOWN order the broker still does not show: CANCELLED (a late fill is still booked). */
  giveUp(id: ClientOrderId, by: UserId, message: string): boolean {
    const entry = this.open.get(id);
    if (!entry || entry.order.status !== 'UNKNOWN') return false;
    return this.move(entry, 'CANCELLED', { kind: 'approval', userId: by, detail: 'gave up an unknown order' }, this.o.clock.now(), undefined, message);
  }

  /**
   * Start-up: sends an APPROVED order that never went out (a stop between the approval and the broker call), once
   * the risk engine has checked it again (refused: DENIED with the reason).
   */
  resend(id: ClientOrderId): void {
    const entry = this.open.get(id);
    if (entry?.order.status !== 'APPROVED') return;
    // The kill switch, the limits and the holdings may have changed since it was approved: checked again first.
    const now = this.o.clock.now();
    const checked = this.recheck(entry, entry.order.intent, RESENT, now);
    if (!checked.ok) return;
    if (checked.value !== entry.order.intent) this.patch(entry, { intent: checked.value }, RESENT, now, 'Resized by the checks before it was sent at restart.');
    this.rebook(entry);
    this.send(entry, now);
  }

  /**
   * Start-up: `order` is the last filled entry of its slot, with a stop or a take-profit. While the slot still holds
   * a position its exit guards it again — the one attached before the stop, or, when none was, one attached now
   * (noted on the order, so the next start does not attach another).
   */
  restoreExit(order: Order): void {
    const ledger = this.o.book.accountOf(order.intent);
    const j = ledger.find(order.intent.symbol, order.intent.product);
    if (j < 0 || ledger.position[j] === 0) return;
    if (this.o.journal) {
      let last = this.lastFilled.get(ledger);
      if (last === undefined) this.lastFilled.set(ledger, (last = []));
      last[j] = order.intent.clientOrderId;
    }
    if (!this.open.has(order.intent.clientOrderId) && !this.closed.has(order.intent.clientOrderId)) {
      this.closed.set(order.intent.clientOrderId, { order, ledger, j, sign: sideSign(order.intent.side), booked: 0 });
    }
    const { stop, takeProfit } = order.intent;
    if (order.exitId !== undefined) this.exits.restore(ledger, j, { ...(stop !== undefined ? { stop } : {}), ...(takeProfit !== undefined ? { takeProfit } : {}) }, order.exitId, ledger.position[j]!);
    else this.exits.setLevels(ledger, j, stop, takeProfit);
  }

  /** Reconciliation: a SUBMITTED order the broker never received ends REJECTED (never re-sent blindly). */
  lost(id: ClientOrderId, message: string): boolean {
    const entry = this.open.get(id);
    if (!entry || entry.order.status !== 'SUBMITTED') return false;
    return this.move(entry, 'REJECTED', { kind: 'reconciliation', detail: 'not in broker book' }, this.o.clock.now(), undefined, message);
  }

  /**
   * Notes the exit attached to a filled entry on its order (the journal keeps it for restarts), at the market's time,
   * as the fills it follows are stamped: a restart orders a slot's entries by update time (orderRecovery.ts
   * restoreExits), and a note in the wall clock, later than every fill of a replay, made an earlier entry look latest.
   */
  noteExit(id: ClientOrderId, exitId: string, message = `Exit ${exitId} attached.`): void {
    const entry = this.open.get(id) ?? this.closed.get(id);
    if (entry) this.patch(entry, { exitId }, { kind: 'system', detail: 'exit attached' }, this.marketNow(this.o.clock.now()), message);
  }

  private fill(entry: Entry, fill: Fill, cause: OrderCause): void {
    const order = entry.order;
    const room = order.intent.quantity - order.filledQuantity;
    if (!(fill.quantity > 0) || room <= 0) {
      this.alert('critical', `A fill of ${fill.quantity} on order ${order.intent.clientOrderId} exceeds its open ${Math.max(0, room)}; check the broker.`);
      return;
    }
    const q = Math.min(fill.quantity, room);
    const filled = order.filledQuantity + q;
    // A fill that crossed a cancel is booked, and the order stays cancelled (nothing of it works any more).
    const to: OrderStatus = order.status === 'CANCELLED' ? 'CANCELLED' : filled === order.intent.quantity ? 'FILLED' : 'PARTIALLY_FILLED';
    if (to !== 'CANCELLED' && !canTransition(order.status, to)) {
      this.alert('warning', `Ignored a fill for order ${order.intent.clientOrderId}: it cannot go from ${order.status} to ${to}.`);
      return;
    }
    const average = order.filledQuantity > 0 ? (order.averagePrice * order.filledQuantity + fill.price * q) / filled : fill.price;
    const booked = q === fill.quantity ? fill : { ...fill, quantity: q };
    const charges = booked.charges ?? 0;
    entry.ledger.apply(entry.j, entry.sign * q, booked.price, charges);
    // A stop or a take-profit on a person's order guards the position once the order fills (a strategy's levels
    // are set by the kernel with each signal).
    // Only an order that opens or adds to the position in its own direction brings levels for it (a person's, at its
    // first fill; a strategy's are set by the kernel with each signal).
    const entryWithLevels = order.intent.source.kind !== 'risk' && (order.intent.stop !== undefined || order.intent.takeProfit !== undefined) && Math.sign(entry.ledger.position[entry.j]!) === entry.sign;
    const levels = entryWithLevels && order.filledQuantity === 0 && order.intent.source.kind !== 'strategy';
    const from = order.status;
    this.commit(entry, from, this.nextState(order, to, fill.time, undefined, filled, average, (order.charges ?? 0) + charges), cause, fill.time, undefined, booked);
    this.o.events.emit({ type: 'order-filled', fill: booked, account: entry.ledger.id, order: entry.order });
    // The order whose levels guard the slot notes every exit attached for them (a restart restores them from it);
    // an exit leg, which has no levels of its own, is not it.
    if (this.o.journal && entryWithLevels) {
      let last = this.lastFilled.get(entry.ledger);
      if (last === undefined) this.lastFilled.set(entry.ledger, (last = []));
      last[entry.j] = order.intent.clientOrderId;
    }
    if (levels) this.exits.setLevels(entry.ledger, entry.j, order.intent.stop, order.intent.takeProfit);
    this.exits.sync(entry.ledger, entry.j);
    this.exits.settled(entry.ledger, entry.j);
  }

  /** Closes slot j's position now: its stop (take-profit) was already passed when the exit was due. */
  private exitNow(ledger: AccountLedger, j: number, rule: 'stop-loss' | 'take-profit', level: number): void {
    // The shares not already promised to a working order that closes them (never more than held: no CNC oversell).
    const open = guardedShares(ledger, j);
    if (open === 0) return;
    const r = this.submit(
      {
        symbol: ledger.symbols[j]!,
        side: open > 0 ? 'SELL' : 'BUY',
        quantity: Math.abs(open),
        orderType: 'MARKET',
        product: ledger.products[j]!,
        validity: 'DAY',
        source: { kind: 'risk', rule },
        ...(ledger.id !== PORTFOLIO_ACCOUNT ? { instanceId: strategyInstanceId(ledger.id) } : {}),
        reason: `${rule} at ${level} already passed: closed at the market`,
        time: this.o.clock.now(),
      },
      { approval: 'never' },
    );
    if (!r.ok) this.alert('critical', `The ${rule} of ${ledger.symbols[j]} (${ledger.id}) was passed but the exit was refused: ${r.error.message}`);
  }

  private noteExitOfSlot(ledger: AccountLedger, j: number, exitId: string, exit: ExitRequest): void {
    const id = this.lastFilled.get(ledger)?.[j];
    if (id === undefined) return;
    const levels = [exit.stop !== undefined ? `stop ${exit.stop}` : '', exit.takeProfit !== undefined ? `take-profit ${exit.takeProfit}` : ''].filter((x) => x !== '').join(', ');
    this.noteExit(id, exitId, `Exit ${exitId} attached: ${levels} for ${Math.abs(exit.quantity)} shares.`);
  }

  /** An order the broker placed itself (an exit leg): booked to the position's account, never checked again. */
  private adopt(intent: OrderIntent, time: number, brokerOrderId: Order['brokerOrderId'], exitId: string | undefined): void {
    if (exitId !== undefined) this.exits.fired(exitId);
    if (this.open.has(intent.clientOrderId)) return;
    const ledger = this.o.book.accountOf(intent);
    const j = this.slotOf(ledger, intent);
    if (j < 0) {
      this.alert('critical', `The broker placed ${intent.side} ${intent.quantity} ${intent.symbol} (${intent.reason}) for account ${ledger.id}, which does not trade it; check the position.`);
      return;
    }
    const entry: Entry = { order: freshOrder(intent, 'SUBMITTED', time, brokerOrderId), ledger, j, sign: sideSign(intent.side), booked: 0 };
    this.open.set(intent.clientOrderId, entry);
    this.rebook(entry);
    this.changed(entry, null, { kind: 'broker', detail: intent.reason }, time);
  }

  private send(entry: Entry, now: number): void {
    this.move(entry, 'SUBMITTED', SENT, now);
    this.o.risk.sent(entry.order.intent, this.marketNow(now));
    if (this.o.events.wants('order-submitted')) this.o.events.emit({ type: 'order-submitted', intent: entry.order.intent });
    this.o.execution.place(entry.order);
  }

  private deny(intent: OrderIntent, now: number, refusal: Exclude<Refusal, { kind: 'duplicate' | 'not-pending' }>, rule: string): Result<never, Refusal> {
    if (this.o.journal) {
      const order: Order = { ...newOrder(intent, 'DENIED'), message: refusal.message, updatedAt: now };
      const cause: OrderCause = refusal.kind === 'denied' ? { kind: 'risk', rule } : { kind: 'system', detail: 'validation' };
      this.o.journal.record(order, transitionRecord(order, null, cause, now, { message: refusal.message }));
    }
    this.o.events.emit({ type: 'risk-denied', intent, reason: refusal.message, rule, time: now });
    return err(refusal);
  }

  /** Moves an order through the transition table; false (and a warning) for an illegal move. */
  private move(entry: Entry, to: OrderStatus, cause: OrderCause, time: number, patch?: Pick<Order, 'intent'> | Pick<Order, 'brokerOrderId'>, message?: string): boolean {
    const from = entry.order.status;
    if (!canTransition(from, to)) {
      this.alert('warning', `Order ${entry.order.intent.clientOrderId} cannot go from ${from} to ${to}; the update was ignored.`);
      return false;
    }
    const o = entry.order;
    const next = this.nextState(o, to, time, message, o.filledQuantity, o.averagePrice, o.charges);
    if (patch !== undefined && 'intent' in patch) next.intent = patch.intent;
    if (patch !== undefined && 'brokerOrderId' in patch) next.brokerOrderId = patch.brokerOrderId;
    this.commit(entry, from, next, cause, time, message);
    return true;
  }

  /**
   * An order's next state: a new snapshot (every field present, no spreading), so what the journal, listeners and
   * approval cards hold never changes under them — or, in a backtest where nobody keeps one, the same object
   * updated in place (nothing to allocate per transition).
   */
  private nextState(o: Order, status: OrderStatus, time: number, message: string | undefined, filledQuantity: number, averagePrice: number, charges: number | undefined): Mutable<Order> {
    if (this.inPlace && !this.o.events.wants('order')) {
      const m = o as Mutable<Order>;
      m.status = status;
      m.updatedAt = time;
      if (message !== undefined) m.message = message;
      m.filledQuantity = filledQuantity;
      m.averagePrice = averagePrice;
      m.charges = charges;
      return m;
    }
    return stateOf(o, status, time, message, filledQuantity, averagePrice, charges);
  }

  /** Makes `next` the order's state (its transition from `from` was checked), keeps the book in step and records it. */
  private commit(entry: Entry, from: OrderStatus, next: Order, cause: OrderCause, time: number, message?: string, fill?: Fill): void {
    entry.order = next;
    if ((from === 'UNKNOWN') !== (next.status === 'UNKNOWN')) this.noteUnknown(next, next.status === 'UNKNOWN');
    this.rebook(entry);
    this.changed(entry, from, cause, time, message, fill);
    if (isTerminal(next.status)) this.retire(entry);
  }

  private patch(entry: Entry, patch: Partial<Order>, cause: OrderCause, time: number, message: string): void {
    entry.order = { ...entry.order, ...patch, updatedAt: time };
    this.changed(entry, entry.order.status, cause, time, message);
  }

  private changed(entry: Entry, from: OrderStatus | null, cause: OrderCause, time: number, message?: string, fill?: Fill): void {
    const order = entry.order;
    if (this.o.journal) {
      const executed = fill ? { fill: { quantity: fill.quantity, price: fill.price, side: fill.side, product: order.intent.product, charges: fill.charges ?? 0 } } : {};
      this.o.journal.record(order, transitionRecord(order, from, cause, time, { ...(message !== undefined ? { message } : {}), ...executed }));
    }
    if (this.o.events.wants('order')) this.o.events.emit({ type: 'order', order, from, time });
  }

  private noteUnknown(order: Order, unknown: boolean): void {
    const symbol = order.intent.symbol;
    const ids = (this.unknownBySymbol.get(symbol) ?? []).filter((x) => x !== order.intent.clientOrderId);
    if (unknown) ids.push(order.intent.clientOrderId);
    if (ids.length > 0) this.unknownBySymbol.set(symbol, ids);
    else this.unknownBySymbol.delete(symbol);
  }

  /** Keeps the account's working quantity equal to what the order still needs. */
  private rebook(entry: Entry): void {
    const o = entry.order;
    const open = o.status === 'PENDING_APPROVAL' || o.status === 'APPROVED' || o.status === 'SUBMITTED' || o.status === 'OPEN' || o.status === 'PARTIALLY_FILLED' || o.status === 'UNKNOWN';
    const want = open ? entry.sign * (o.intent.quantity - o.filledQuantity) : 0;
    if (want !== entry.booked) {
      entry.ledger.addWorking(entry.j, entry.sign, want - entry.booked);
      entry.booked = want;
      this.exits.sync(entry.ledger, entry.j);
    }
  }

  private unbook(entry: Entry): void {
    entry.ledger.addWorking(entry.j, entry.sign, -entry.booked);
    entry.booked = 0;
  }

  private retire(entry: Entry): void {
    const id = entry.order.intent.clientOrderId;
    this.open.delete(id);
    // A cancelled order is kept even in a backtest: a fill can cross a cancel.
    if (!this.retain && entry.order.status !== 'CANCELLED') return;
    this.closed.set(id, entry);
    if (this.closed.size > RETAINED) this.closed.delete(this.closed.keys().next().value!);
  }

  /** The risk engine's word on `intent` for slot j of `account`, at the market's time of `now`. */
  private check(intent: OrderIntent, account: AccountLedger, j: number, stage: CheckRequest['stage'], now: number): Result<OrderIntent, RiskDenial> {
    const time = this.marketNow(now);
    const r = this.request;
    if (r === undefined) return this.o.risk.check((this.request = { intent, account, slot: j, stage, time }));
    r.intent = intent;
    r.account = account;
    r.slot = j;
    r.stage = stage;
    r.time = time;
    return this.o.risk.check(r);
  }

  /** The risk engine's time: the market's where it runs apart from the wall clock (paper on a feed), else `now`. */
  private marketNow(now: number): number {
    return this.o.marketClock === undefined ? now : this.o.marketClock.now();
  }

  private slotOf(ledger: AccountLedger, intent: OrderIntent): number {
    if (ledger === this.o.book.portfolio) return ledger.slot(intent.symbol, intent.product, this.o.book.intern(intent.symbol));
    return ledger.find(intent.symbol, intent.product);
  }

  private line(order: Order, opts: SubmitOptions): PendingLine {
    return { order, sizingReason: opts.sizingReason ?? order.intent.reason, signalPrice: opts.signalPrice ?? order.intent.price ?? this.o.book.mark(order.intent.symbol) };
  }

  private alert(level: 'info' | 'warning' | 'critical', message: string): void {
    this.o.events.emit({ type: 'alert', level, message, time: this.o.clock.now() });
  }
}

/** The order `base` with what an approval may change taken from `changed`: size, order type, prices, reason. */
function approvedChanges(base: OrderIntent, changed: OrderIntent): OrderIntent {
  const { price: _p, trigger: _t, ...rest } = base;
  return {
    ...rest,
    quantity: changed.quantity,
    orderType: changed.orderType,
    reason: changed.reason,
    ...(changed.price !== undefined ? { price: changed.price } : {}),
    ...(changed.trigger !== undefined ? { trigger: changed.trigger } : {}),
  };
}
