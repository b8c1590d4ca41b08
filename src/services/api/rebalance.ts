import type { Result } from '../../core/result';
import type { OptimiseMethod } from './optimise';
import type { Refusal, User } from '../user';

export interface RebalanceTrade {
  readonly symbol: string;
  readonly side: 'BUY' | 'SELL';
  readonly quantity: number;
  readonly price: number;
  readonly value: number;
}

export interface RebalancePreview {
  readonly id: string;
  readonly method: OptimiseMethod;
  readonly trades: readonly RebalanceTrade[];
  /** Σ value of all trades, rupees. */
  readonly turnover: number;
  readonly estimatedCharges: number;
  readonly expiresAt: number;
}

export interface RebalanceService {
  preview(method: OptimiseMethod): Promise<Result<RebalancePreview, Refusal>>;
  /** Sends a previewed trade list as orders (they go through risk and approvals like any order). */
  submit(previewId: string, user: User): Promise<Result<{ readonly orders: number }, Refusal>>;
}
