/**
 * The ports of the order pipeline (orderPipeline.ts): what it asks of the risk engine, the approval desk, the
 * execution (a broker, directly or through persistence), the journal and the id mint. Every mode plugs in its own
 * — a backtest the simulated broker with no journal, paper and live the broker behind a write-ahead journal —
 * but the road through them is the same.
 */
import type { BrokerError, ExitAck, ExitRequest, OrderChange } from '../core/broker';
import type { ClientOrderId } from '../core/ids';
import type { Order, OrderIntent } from '../core/order';
import type { Result } from '../core/result';
import type { RiskDenial } from '../core/tradingState';
import type { AccountLedger } from './accountLedger';
import type { OrderTransition } from '../core/ports/orderRepository';

export interface CheckRequest {
  readonly intent: OrderIntent;
  /** The account the order trades for and the slot of its symbol there (its own working quantity left out). */
  readonly account: AccountLedger;
  readonly slot: number;
  /**
   * 'new': the order is asked for; 'release': a person approved it (possibly changed) and it is about to go out;
   * 'modify': a working order's new price or quantity (not a new order: the order counters already counted it).
   */
  readonly stage: 'new' | 'release' | 'modify';
  readonly time: number;
}

/** The pre-trade risk engine: passes the intent (possibly resized) or says why not. */
export interface PreTradeCheck {
  /** `request` is valid during the call only: the pipeline fills one object again for each check (keep its fields). */
  check(request: CheckRequest): Result<OrderIntent, RiskDenial>;
  /** The order went to the broker (it counts toward the per-day and per-minute limits and the duplicate window). */
  sent(intent: OrderIntent, time: number): void;
  /** Reads what the check needs of these symbols and cannot read synchronously (e.g. their volatility). */
  prepare?(symbols: Iterable<string>): Promise<void>;
}

/** Whether an order waits for a person (the approval policy of its mode and instance). */
export type ApprovalPolicy = (intent: OrderIntent) => boolean;

/**
 * Where orders go. `place` and `cancel` return at once; the broker's answer comes back through the pipeline's
 * `handleOrderUpdate` (synchronously in a backtest, later in paper and live).
 */
export interface Execution {
  place(order: Order): void;
  cancel(order: Order): void;
  /** Changes a working order's quantity or limit price at the broker; `done` gets its answer. Absent: not supported. */
  modify?(order: Order, change: OrderChange, done: (r: Result<void, BrokerError>) => void): void;
  /** Attaches a protective exit; `done` gets the broker's answer. Absent: exits are not supported. */
  attachExit?(exit: ExitRequest, done: (r: Result<ExitAck, BrokerError>) => void): void;
  /** Cancels an attached exit; `done` is told once the broker has answered (a not-found exit counts as gone). */
  cancelExit?(exitId: string, done?: () => void): void;
}

/** Persistence of every order change (paper and live; a backtest keeps nothing). */
export interface OrderJournal {
  record(order: Order, transition: OrderTransition): void;
}

/** An order waiting for a person, with what its card shows besides the order. */
export interface PendingLine {
  readonly order: Order;
  readonly sizingReason: string;
  readonly signalPrice: number;
}

/** Opens an approval (a card) over pending orders: one order, or a batch such as a rebalance; returns its id. */
export interface ApprovalOpener {
  open(lines: readonly PendingLine[]): string;
  /**
   * Orders a newer signal superseded while they waited (the pipeline has already closed them): their approvals end
   * CANCELLED with `note`, and their cards say so.
   */
  superseded?(ids: readonly ClientOrderId[], note: string): void;
}

/** Mints order ids: short, typeable, and valid as Kite's `tag` (1–20 letters or digits). */
export interface OrderIdMint {
  next(): ClientOrderId;
}
