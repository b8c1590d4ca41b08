/** Kite's order and trade records as the REST API and order updates carry them. */

export type OrderStatus =
  | 'PUT ORDER REQ RECEIVED'
  | 'VALIDATION PENDING'
  | 'OPEN PENDING'
  | 'OPEN'
  | 'TRIGGER PENDING'
  | 'MODIFY VALIDATION PENDING'
  | 'MODIFY PENDING'
  | 'CANCEL PENDING'
  | 'COMPLETE'
  | 'CANCELLED'
  | 'REJECTED';

export const FINAL_STATUSES: readonly OrderStatus[] = ['COMPLETE', 'CANCELLED', 'REJECTED'];

export type TransactionType = 'BUY' | 'SELL';
export type Product = 'CNC' | 'MIS' | 'NRML';
export type OrderType = 'MARKET' | 'LIMIT' | 'SL' | 'SL-M';
export type Validity = 'DAY' | 'IOC';

/** One order in the book (a snapshot of it goes into its history at every state change). */
export interface KiteOrder {
  placed_by: string;
  order_id: string;
  exchange_order_id: string | null;
  parent_order_id: null;
  status: OrderStatus;
  status_message: string | null;
  status_message_raw: string | null;
  order_timestamp: string;
  exchange_update_timestamp: string | null;
  exchange_timestamp: string | null;
  variety: string;
  modified: boolean;
  exchange: string;
  tradingsymbol: string;
  instrument_token: number;
  order_type: OrderType;
  transaction_type: TransactionType;
  validity: Validity;
  validity_ttl: number;
  product: Product;
  quantity: number;
  disclosed_quantity: number;
  price: number;
  trigger_price: number;
  average_price: number;
  filled_quantity: number;
  pending_quantity: number;
  cancelled_quantity: number;
  market_protection: number;
  meta: Record<string, never>;
  tag: string | null;
  tags: string[];
  guid: string;
}

export interface KiteTrade {
  readonly trade_id: string;
  readonly order_id: string;
  readonly exchange: string;
  readonly tradingsymbol: string;
  readonly instrument_token: number;
  readonly product: Product;
  readonly average_price: number;
  readonly quantity: number;
  readonly exchange_order_id: string;
  readonly transaction_type: TransactionType;
  readonly fill_timestamp: string;
  readonly order_timestamp: string;
  readonly exchange_timestamp: string;
}

/** Status an order update (websocket `order_update` / postback) carries: the order's, or UPDATE for a partial fill or modification. */
export type UpdateStatus = OrderStatus | 'UPDATE';

export interface OrderUpdate {
  readonly order: KiteOrder;
  readonly status: UpdateStatus;
}
