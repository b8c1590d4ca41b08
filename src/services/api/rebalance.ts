import type { Result } from '../../core/result';
import type { OptimiseMethod } from './optimise';
import type { Refusal, User } from '../user';

export interface RebalanceTrade {
  /** The id of the order this line is (the same in the card, /orders and the fill notice). */
  readonly id: string;
  readonly symbol: string;
  readonly side: 'BUY' | 'SELL';
  readonly quantity: number;
  readonly price: number;
  readonly value: number;
  /** Charges of this order alone, rupees. */
  readonly estimatedCharges: number;
  /** Weight of the symbol once the whole batch is done (fraction of equity after costs). */
  readonly weightAfter: number;
  readonly targetWeight: number;
}

export interface RebalancePreview {
  /** The batch approval id (send it to submit). */
  readonly id: string;
  readonly method: OptimiseMethod;
  /** Sells first, then buys. */
  readonly trades: readonly RebalanceTrade[];
  /** Σ value of all trades, rupees. */
  readonly turnover: number;
  /** Charges of the whole batch on contract notes, rupees. */
  readonly estimatedCharges: number;
  readonly equityBefore: number;
  readonly cashAfter: number;
  readonly equityAfter: number;
  /** Changes left out (below the minimum trade, cut to fit cash, sector caps) and lines the risk checks cut or refused, with why. */
  readonly notes: readonly string[];
  readonly expiresAt: number;
}

export interface RebalanceSubmitted {
  readonly orders: number;
  readonly message: string;
}

export interface PortfolioSnapshotSaved {
  readonly time: number;
  readonly equity: number;
  readonly cash: number;
  readonly positions: number;
}

export interface RebalanceService {
  /** Saves a snapshot of the portfolio as it is now (the daily snapshot; previews save their own). */
  snapshot(kind: 'daily'): Promise<Result<PortfolioSnapshotSaved, Refusal>>;
  /** Computes the trade list and opens one batch approval for it (nothing is placed yet). */
  preview(method: OptimiseMethod): Promise<Result<RebalancePreview, Refusal>>;
  /** Approves the batch: its orders go to the broker, except the lines (1-based) in `skip`. */
  submit(previewId: string, user: User, skip?: readonly number[]): Promise<Result<RebalanceSubmitted, Refusal>>;
}
