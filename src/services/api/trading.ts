import type { TradingState } from '../../core/tradingState';
import type { User } from '../user';

export interface TradingStateChange {
  readonly previous: TradingState;
  readonly state: TradingState;
  readonly by: string;
  /** Pending approvals the change cancelled (HALTED). */
  readonly cancelledApprovals: number;
  /** Orders still working at the broker (a halt leaves them; `cancelWorking` cancels them). */
  readonly workingOrders: number;
}

export interface CancelReport {
  readonly cancelled: readonly string[];
  /** The engine's own exits (square-off, stop-loss and take-profit orders) left working: they close risk. */
  readonly kept: readonly string[];
  readonly failed: readonly { readonly id: string; readonly message: string }[];
}

/** What a square-off sent, and what it could not (one sentence each). */
export interface SquareOffReport {
  readonly orders: readonly { readonly id: string; readonly symbol: string; readonly side: 'BUY' | 'SELL'; readonly quantity: number }[];
  readonly refused: readonly { readonly symbol: string; readonly message: string }[];
}

/**
 * The kill switch: HALTED (no new orders; pending approvals cancelled; working orders stay until `cancelWorking`),
 * REDUCING (only orders that shrink positions), ACTIVE.
 */
export interface TradingService {
  state(): TradingState;
  halt(user: User): Promise<TradingStateChange>;
  reduce(user: User): Promise<TradingStateChange>;
  resume(user: User): Promise<TradingStateChange>;
  /** Orders working at the broker now. */
  workingOrders(): number;
  /** Cancels every order working at the broker (the answers follow as order updates). */
  cancelWorking(user: User): Promise<CancelReport>;
  /** Closes every open intraday (MIS) position now, through the order pipeline (the square-off job calls it). */
  squareOff(): Promise<SquareOffReport>;
}
