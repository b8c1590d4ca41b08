import type { Result } from '../../core/result';
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

/** A change made while approving: scale the quantity ½× or 2×, or turn it into a limit order. */
export type ApprovalChange = { readonly kind: 'scale'; readonly factor: 0.5 | 2 } | { readonly kind: 'limit'; readonly price: number };

export interface ApprovalOutcome {
  readonly id: string;
  readonly status: string;
  readonly by: string;
  readonly message?: string;
}

/**
 * The approvals group of the facade, over the OMS approval service: persistence, expiry, role checks, the price
 * re-check and batches apply whichever transport calls it.
 */
export interface ApprovalsService {
  pending(): Promise<readonly PendingApproval[]>;
  approve(id: string, user: User): Promise<Result<ApprovalOutcome, Refusal>>;
  reject(id: string, user: User): Promise<Result<ApprovalOutcome, Refusal>>;
  /** Approves with a change (validated and risk-checked again). */
  modify(id: string, user: User, change: ApprovalChange): Promise<Result<ApprovalOutcome, Refusal>>;
}
