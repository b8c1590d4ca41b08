import type { OrderStatus } from '../../core/orderStatus';
import type { Result } from '../../core/result';
import type { Refusal, User } from '../user';

export type OrderFilter = 'open' | 'today';

export interface OrderView {
  readonly id: string;
  readonly symbol: string;
  readonly side: 'BUY' | 'SELL';
  readonly quantity: number;
  readonly filledQuantity: number;
  readonly orderType: string;
  readonly product: string;
  readonly price?: number;
  readonly trigger?: number;
  readonly averagePrice?: number;
  readonly status: OrderStatus;
  readonly source: string;
  readonly reason: string;
  readonly message?: string;
  readonly brokerOrderId?: string;
  readonly updatedAt: number;
}

/** What an admin may do with an UNKNOWN order (its placement got no answer): look it up again, or give it up. */
export const UNKNOWN_ORDER_ACTIONS = ['check', 'giveup'] as const;
export type UnknownOrderAction = (typeof UNKNOWN_ORDER_ACTIONS)[number];

export interface ResolvedOrder {
  readonly order: OrderView;
  /** Whether the broker's order book shows the order now. */
  readonly found: boolean;
}

export interface OrdersService {
  /** `open`: working or waiting for approval; `today`: every order that changed today (IST). */
  list(filter: OrderFilter): Promise<readonly OrderView[]>;
  get(id: string): Promise<Result<OrderView, Refusal>>;
  /**
   * An UNKNOWN order: `check` looks its tag up in the broker's book again (found: its state there is applied);
   * `giveup` does the same and, still missing, ends it CANCELLED. Absent where no broker is connected.
   */
  resolve?(id: string, action: UnknownOrderAction, user: User): Promise<Result<ResolvedOrder, Refusal>>;
}
