/**
 * Trading by hand from chat (issue 18): a person's orders are one more source of intents (`{ kind: 'user' }`) on the
 * one order pipeline — the risk engine, an approval card by policy (the same card as every other order), the OMS,
 * the broker, the one position book. Exits are sized from the book (what an account holds and has not promised);
 * cancels and modifications go through the pipeline to the broker, a modification re-checked by the risk engine.
 */
import type { Product, Side } from '../../core/order';
import type { Result } from '../../core/result';
import type { Refusal, User } from '../user';
import type { OrderView } from './orders';

/** How much: whole shares, or rupees (the quantity is what the rupees buy at the limit or the last price). */
export type OrderSize = { readonly quantity: number } | { readonly rupees: number };

export interface ManualOrderRequest {
  readonly symbol: string;
  readonly side: Side;
  readonly size: OrderSize;
  /** A limit price (absent: a market order). */
  readonly limit?: number;
  /** Default CNC (delivery). */
  readonly product?: Product;
  /** A stop-loss and a take-profit that guard the position once the order fills. */
  readonly stop?: number;
  readonly target?: number;
}

/** An order as the person should see it after asking (status: PENDING_APPROVAL when a card waits, SUBMITTED when sent). */
export interface PlacedOrder extends OrderView {
  readonly stop?: number;
  readonly target?: number;
  /** The account it trades for: `portfolio` or a strategy instance id. */
  readonly account: string;
  /** Rupees at the limit or the price it was sized at. */
  readonly value: number;
  /** How the quantity came about ("10 shares as asked", "₹50,000 at ₹1,490.00 → 33 shares"). */
  readonly sizing: string;
  /** What the risk checks changed, when they did. */
  readonly note?: string;
}

/** What `/exit` closes: a symbol (in every account), a strategy instance's positions, or every position. */
export interface ExitReport {
  readonly orders: readonly PlacedOrder[];
  /** Positions that could not be closed now, one sentence each. */
  readonly refused: readonly { readonly what: string; readonly message: string }[];
  /** The approval the exits wait in, when the policy asks for one (one card for all of them). */
  readonly approvalId?: string;
}

/** What `/exit` would close, for its confirmation. */
export interface ExitPlan {
  readonly positions: readonly { readonly account: string; readonly symbol: string; readonly product: Product; readonly quantity: number }[];
}

export interface CancelOutcome {
  /** Orders asked to be cancelled at the broker (their cancellation follows as an order update) or ended here. */
  readonly cancelled: readonly string[];
  /** Approvals rejected (the orders waited for a decision; nothing was placed). */
  readonly rejected: readonly string[];
  /** The engine's own exits (square-off, stop-loss, take-profit), left working: they close risk. */
  readonly kept: readonly string[];
  readonly failed: readonly { readonly id: string; readonly message: string }[];
}

export interface OrderChangeRequest {
  readonly price?: number;
  readonly quantity?: number;
}

export interface ManualTradingService {
  place(req: ManualOrderRequest, user: User): Promise<Result<PlacedOrder, Refusal>>;
  /** `target`: a symbol, a strategy instance id, or `all`. */
  exitPlan(target: string): Promise<Result<ExitPlan, Refusal>>;
  exit(target: string, user: User): Promise<Result<ExitReport, Refusal>>;
  /** `id`: an order id, or `all` (every working order and every order waiting for approval). */
  cancel(id: string, user: User): Promise<Result<CancelOutcome, Refusal>>;
  /** Orders `cancel('all')` would touch (for its confirmation). */
  cancellable(): number;
  modify(id: string, change: OrderChangeRequest, user: User): Promise<Result<PlacedOrder, Refusal>>;
}
