import type { Order } from '../../core/order';
import type { Result } from '../../core/result';
import type { Approval, ApprovalLine } from '../../oms/approvals';
import type { Refusal, User } from '../user';

/** One order waiting in an approval (an approval covers one order, or a batch such as a rebalance). */
export interface PendingApproval {
  /** The order's id; /approve and /reject take it or the approval id. */
  readonly id: string;
  /** The approval that covers this order. */
  readonly approvalId?: string;
  /** For a batch: this order's line (1-based) and the number of lines. */
  readonly batch?: { readonly line: number; readonly of: number };
  /** When the approval expires (epoch ms). */
  readonly expiresAt?: number;
  readonly symbol: string;
  readonly side: 'BUY' | 'SELL';
  readonly quantity: number;
  readonly orderType: string;
  readonly price?: number;
  /** Estimated value in rupees (limit price, or the price the order was sized at). */
  readonly value?: number;
  readonly source: string;
  readonly reason: string;
  readonly stop?: number;
  readonly createdAt: number;
}

/** A change made while approving: scale the quantity ½× or 2×, or turn it into a limit order (at a price, or at the last price). */
export type ApprovalChange = { readonly kind: 'scale'; readonly factor: 0.5 | 2 } | { readonly kind: 'limit'; readonly price: number } | { readonly kind: 'limit-at-last' };

/**
 * What a person decides, from any front end: approve (place the orders), reject (place nothing), or change the
 * figures — then approve at once (`/approve <id> scale=0.5`, a Discord ½× click) or show the new figures for
 * another look (a Telegram card's ½×, 2×, Limit @ LTP).
 */
export type ApprovalChoice =
  | { readonly kind: 'approve' }
  | { readonly kind: 'reject' }
  | { readonly kind: 'change'; readonly change: ApprovalChange; readonly then: 'approve' | 'review' };

export interface ApprovalDecisionRequest {
  /** An approval id, or the id of an order that waits in a one-order approval. */
  readonly id: string;
  readonly choice: ApprovalChoice;
  /** The version of the approval the person saw (a card's button carries it): another version changes nothing. */
  readonly version?: number;
}

/** An approval as its cards show it (plain data, as stored). */
export type ApprovalCard = Approval;
export type ApprovalCardLine = ApprovalLine;

export interface ApprovalOutcome {
  readonly id: string;
  readonly status: string;
  readonly by: string;
  readonly message?: string;
  /** The decision in one sentence, as the approval service put it (the cards show it). */
  readonly sentence: string;
  /** The approval after the decision (every card is redrawn from it). */
  readonly approval: ApprovalCard;
  /** An approval that placed nothing: every order was refused when released, or prices moved and it waits again. */
  readonly placedNothing: boolean;
}

/**
 * The approvals group of the facade, over the OMS approval service: persistence, expiry, role checks, the price
 * re-check and batches apply whichever transport calls it. `decide` is the one door for every decision — Telegram
 * and Discord taps, typed /approve and /reject, REST — so each is refused, or acts, the same way.
 */
export interface ApprovalsService {
  pending(): Promise<readonly PendingApproval[]>;
  decide(request: ApprovalDecisionRequest, user: User): Promise<Result<ApprovalOutcome, Refusal>>;
  /** One approval as its cards show it, or undefined when there is none with that id. */
  card(id: string): Promise<ApprovalCard | undefined>;
  /** The orders of a card's lines as they are now (a decided card shows where each order is). */
  lineOrders(card: ApprovalCard): readonly (Order | undefined)[];
}

/** For a caller that must place something: an approval that placed nothing is a refusal with its reason. */
export function placedOrRefused(r: Result<ApprovalOutcome, Refusal>): Result<ApprovalOutcome, Refusal> {
  return r.ok && r.value.placedNothing ? { ok: false, error: r.value.message ?? `Approval ${r.value.id} placed nothing.` } : r;
}
