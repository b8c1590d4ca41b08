import type { OrderStatus } from '../../core/orderStatus';
import type { Result } from '../../core/result';
import type { Refusal } from '../user';

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

export interface OrdersService {
  /** `open`: working or waiting for approval; `today`: every order that changed today (IST). */
  list(filter: OrderFilter): Promise<readonly OrderView[]>;
  get(id: string): Promise<Result<OrderView, Refusal>>;
}
