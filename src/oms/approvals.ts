/**
 * Approvals (the domain; chat cards live in the transports). Pure: every function takes the approval and the
 * facts and returns the next approval value or a refusal that says why nothing changed.
 *  - Policy per mode and per strategy instance: always ask (live default), auto-approve below a rupee value,
 *    or auto (paper and backtest default).
 *  - A pending approval records per line the intent, the sizing reason, stop and ₹ at risk, estimated charges
 *    (the cost model), margin needed and the change in portfolio VaR (functions passed in).
 *  - Decisions: approve (with per-line opt-out), reject, scale quantity ½× or 2× within a maximum (each line as the
 *    risk checks would let it out, `sizeCheck`; a scale they refuse or cut back to the old size changes nothing and
 *    says why), convert to a limit at the last price or at a price the person gives. Expiry (default 2 minutes) → EXPIRED. On approval the price is re-checked: a line
 *    that moved more than `maxMovePct` since the signal sends the approval back for re-approval.
 *  - Acted on exactly once: any decision on a non-pending approval, after expiry, or by someone without the
 *    trader or admin role changes nothing and says why. (Stores persist with compare-and-set on `version`.)
 */
import type { ChargeableTrade, ChargesBreakdown } from '../core/costs';
import type { ApprovalId, UserId } from '../core/ids';
import { floorToLot, isOnTick, roundPaise, roundToTick } from '../core/money';
import type { OrderIntent } from '../core/order';
import { err, ok, type Result } from '../core/result';
import { riskNoteOf } from '../core/riskNote';

export type ApprovalPolicy = { readonly kind: 'always-ask' } | { readonly kind: 'auto-below'; readonly maxValue: number } | { readonly kind: 'auto' };
export type Mode = 'backtest' | 'paper' | 'live';

export const defaultPolicy = (mode: Mode): ApprovalPolicy => (mode === 'live' ? { kind: 'always-ask' } : { kind: 'auto' });

/** Whether an order of this rupee value must wait for a person under `policy`. */
export function needsApproval(policy: ApprovalPolicy, value: number): boolean {
  return policy.kind === 'always-ask' || (policy.kind === 'auto-below' && value >= policy.maxValue);
}

export interface ApprovalLine {
  readonly intent: OrderIntent;
  readonly included: boolean;
  readonly sizingReason: string;
  readonly signalPrice: number;
  readonly stop?: number;
  readonly riskRupees?: number;
  readonly estimatedCharges: number;
  readonly marginNeeded: number;
  readonly varChange: number;
}

/** CANCELLED: closed without a person's decision for another reason (trading was halted). */
export type ApprovalStatus = 'PENDING' | 'APPROVED' | 'REJECTED' | 'EXPIRED' | 'CANCELLED';
export const APPROVAL_STATUSES: readonly ApprovalStatus[] = ['PENDING', 'APPROVED', 'REJECTED', 'EXPIRED', 'CANCELLED'];

export interface Approval {
  readonly id: ApprovalId;
  readonly status: ApprovalStatus;
  readonly lines: readonly ApprovalLine[];
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly version: number;
  readonly decidedBy?: UserId;
  readonly note?: string;
}

/** Estimates the charges of an order as it would fill now (the account's charge book: same-day CNC as intraday). */
export interface ChargeEstimator {
  estimate(trade: ChargeableTrade): ChargesBreakdown;
}

export interface ApprovalFacts {
  readonly charges: ChargeEstimator;
  readonly exchange: (symbol: string) => 'NSE' | 'BSE';
  readonly margin: (intent: OrderIntent, price: number) => number;
  readonly varChange: (intent: OrderIntent, price: number) => number;
}

export interface LineRequest {
  readonly intent: OrderIntent;
  readonly sizingReason: string;
  readonly signalPrice: number;
}

export const DEFAULT_APPROVAL_TTL_MS = 120_000;

export function createApproval(id: ApprovalId, requests: readonly LineRequest[], facts: ApprovalFacts, now: number, ttlMs = DEFAULT_APPROVAL_TTL_MS): Approval {
  return { id, status: 'PENDING', lines: requests.map((r) => describeLine(r, facts, now)), createdAt: now, expiresAt: now + ttlMs, version: 0 };
}

function describeLine(r: LineRequest, facts: ApprovalFacts, now: number, included = true): ApprovalLine {
  const { intent, signalPrice } = r;
  const price = intent.price ?? signalPrice;
  const charges = facts.charges.estimate({ side: intent.side, quantity: intent.quantity, price, product: intent.product, exchange: facts.exchange(intent.symbol), time: now, symbol: intent.symbol }).total;
  const stop = intent.stop;
  return {
    intent,
    included,
    sizingReason: r.sizingReason,
    signalPrice,
    ...(stop !== undefined ? { stop, riskRupees: roundPaise(Math.abs(price - stop) * intent.quantity) } : {}),
    estimatedCharges: charges,
    marginNeeded: facts.margin(intent, price),
    varChange: facts.varChange(intent, price),
  };
}

export interface Actor {
  readonly userId: UserId;
  readonly roles: readonly string[];
  /** How messages name the person (their chat name); absent: the user id. */
  readonly name?: string;
}

/** Roles allowed to decide approvals. */
export const DECIDING_ROLES: readonly string[] = ['trader', 'admin'];

export const canDecide = (actor: Actor): boolean => actor.roles.some((r) => DECIDING_ROLES.includes(r));

export type Decision =
  | { readonly kind: 'approve'; readonly optOut?: readonly number[] }
  | { readonly kind: 'reject' }
  | { readonly kind: 'scale'; readonly factor: 0.5 | 2; readonly maxQuantity: number }
  | { readonly kind: 'limit-at-last' }
  /** A limit order at a price the person chose (on the tick grid). */
  | { readonly kind: 'limit'; readonly price: number };

export interface DecisionContext {
  readonly now: number;
  readonly lastPrice: (symbol: string) => number | undefined;
  readonly tickSize: (symbol: string) => number;
  readonly lotSize: (symbol: string) => number;
  /** A price move beyond this % since the signal sends the approval back (default 1%). */
  readonly maxMovePct?: number;
  readonly facts: ApprovalFacts;
  readonly ttlMs?: number;
  /**
   * What the risk checks would let out of a line changed to `intent` (½×, 2×), as at its release: the intent, cut
   * where a limit, the cash or the holdings require (its reason says so), or why it would be refused. Absent: the
   * change is shown as asked and only the release checks it.
   */
  readonly sizeCheck?: (intent: OrderIntent) => Result<OrderIntent, string>;
}

export type DecisionOutcome =
  | { readonly kind: 'approved'; readonly approval: Approval; readonly intents: readonly OrderIntent[] }
  | { readonly kind: 'requote'; readonly approval: Approval; readonly message: string }
  | { readonly kind: 'changed'; readonly approval: Approval };

/** Marks a pending approval EXPIRED once its time is up (returns it unchanged otherwise). */
export function expire(a: Approval, now: number): Approval {
  return a.status === 'PENDING' && now >= a.expiresAt ? { ...a, status: 'EXPIRED', version: a.version + 1 } : a;
}

export function decide(a: Approval, d: Decision, actor: Actor, ctx: DecisionContext): Result<DecisionOutcome, string> {
  if (!canDecide(actor)) return err(`Only a trader or an admin can act on approvals; ask one to decide approval ${a.id}.`);
  if (a.status !== 'PENDING') return err(`Approval ${a.id} is already ${a.status.toLowerCase()}; nothing was changed.`);
  if (ctx.now >= a.expiresAt) return err(`Approval ${a.id} expired at ${new Date(a.expiresAt).toISOString()}; nothing was placed — wait for the next signal.`);
  const next = (patch: Partial<Approval>): Approval => ({ ...a, ...patch, version: a.version + 1 });
  switch (d.kind) {
    case 'reject':
      return ok({ kind: 'changed', approval: next({ status: 'REJECTED', decidedBy: actor.userId }) });
    case 'scale': {
      const not = d.factor === 2 ? 'Not doubled' : 'Not halved';
      const lines: ApprovalLine[] = [];
      const capped: string[] = [];
      let resized = false;
      for (const l of a.lines) {
        const lot = ctx.lotSize(l.intent.symbol);
        const q = Math.min(floorToLot(l.intent.quantity * d.factor, lot), floorToLot(d.maxQuantity, lot));
        if (!(q > 0)) {
          lines.push({ ...l, included: false });
          resized ||= l.included;
          continue;
        }
        let intent: OrderIntent = { ...l.intent, quantity: q };
        // The card shows what the checks would let out (a 2× cut to the cash, the holdings or the order-value cap).
        if (l.included && ctx.sizeCheck) {
          const checked = ctx.sizeCheck(intent);
          if (!checked.ok) return err(`${not}: ${l.intent.symbol}: ${checked.error.replace(/\.$/, '')}; approval ${a.id} was not changed.`);
          if (checked.value.quantity < q) capped.push(`${l.intent.symbol} ${riskNoteOf(checked.value.reason) ?? `cut to ${checked.value.quantity}`}`);
          intent = { ...intent, quantity: checked.value.quantity, reason: checked.value.reason };
        }
        resized ||= l.included && intent.quantity !== l.intent.quantity;
        lines.push(describeLine({ ...l, intent }, ctx.facts, ctx.now, l.included));
      }
      // The checks cut every line back to its size: nothing to review, and the person is told why.
      if (!resized) return err(`${not}: ${capped.length > 0 ? capped.join('; ') : 'no order changes size'}; approval ${a.id} was not changed.`);
      return ok({ kind: 'changed', approval: next({ lines }) });
    }
    case 'limit-at-last': {
      const lines: ApprovalLine[] = [];
      for (const l of a.lines) {
        const last = ctx.lastPrice(l.intent.symbol);
        if (last === undefined) return err(`There is no last price for ${l.intent.symbol}; try again when market data arrives.`);
        const price = roundToTick(last, ctx.tickSize(l.intent.symbol));
        lines.push(describeLine({ ...l, intent: { ...l.intent, orderType: 'LIMIT', price } }, ctx.facts, ctx.now, l.included));
      }
      return ok({ kind: 'changed', approval: next({ lines }) });
    }
    case 'limit': {
      if (!(d.price > 0)) return err(`A limit price must be above 0; approval ${a.id} was not changed.`);
      const off = a.lines.find((l) => !isOnTick(d.price, ctx.tickSize(l.intent.symbol)));
      if (off) return err(`The limit ${d.price} is not a multiple of ${off.intent.symbol}'s tick size ${ctx.tickSize(off.intent.symbol)}; give a price on the tick grid.`);
      const lines = a.lines.map((l) => describeLine({ ...l, intent: { ...l.intent, orderType: 'LIMIT', price: d.price } }, ctx.facts, ctx.now, l.included));
      return ok({ kind: 'changed', approval: next({ lines }) });
    }
    case 'approve': {
      const optOut = new Set(d.optOut ?? []);
      const lines = a.lines.map((l, i) => (optOut.has(i) ? { ...l, included: false } : l));
      const maxMove = ctx.maxMovePct ?? 1;
      const moved: string[] = [];
      const requoted = lines.map((l) => {
        const last = ctx.lastPrice(l.intent.symbol);
        if (!l.included || last === undefined) return l;
        const pct = (Math.abs(last - l.signalPrice) / l.signalPrice) * 100;
        if (pct <= maxMove) return l;
        moved.push(`${l.intent.symbol} moved ${pct.toFixed(2)}%`);
        return describeLine({ intent: l.intent, sizingReason: l.sizingReason, signalPrice: last }, ctx.facts, ctx.now, true);
      });
      if (moved.length > 0) {
        const approval = next({ lines: requoted, expiresAt: ctx.now + (ctx.ttlMs ?? DEFAULT_APPROVAL_TTL_MS) });
        return ok({ kind: 'requote', approval, message: `Prices moved since the signal (${moved.join(', ')}); review the new figures and approve again.` });
      }
      const approval = next({ lines, status: 'APPROVED', decidedBy: actor.userId });
      return ok({ kind: 'approved', approval, intents: lines.filter((l) => l.included).map((l) => l.intent) });
    }
  }
}
