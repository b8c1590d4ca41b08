import type { ClientOrderId, OrderId, StrategyInstanceId, UserId } from './ids';
import type { OrderStatus } from './orderStatus';

export type Side = 'BUY' | 'SELL';
/** Kite order types: SL is stop-limit, SL-M stop-market. */
export type OrderType = 'MARKET' | 'LIMIT' | 'SL' | 'SL-M';
/** CNC = delivery, MIS = intraday (squared off by 15:20). */
export type Product = 'CNC' | 'MIS';
export type Validity = 'DAY' | 'IOC';

/** Who or what asked for an order (kept on every order for the audit trail). */
export type OrderSource =
  | { readonly kind: 'strategy'; readonly instanceId: StrategyInstanceId }
  | { readonly kind: 'user'; readonly userId: UserId }
  | { readonly kind: 'job'; readonly job: string }
  | { readonly kind: 'risk'; readonly rule: string }
  /** An incoming alert (TradingView, ChartInk, a text line) from the configured alert source `source`. */
  | { readonly kind: 'alert'; readonly source: string };

/** What the OMS wants done, before any broker has seen it. */
export interface OrderIntent {
  /** Idempotency key; carried to Kite in `tag`. */
  readonly clientOrderId: ClientOrderId;
  readonly symbol: string;
  readonly side: Side;
  /** Whole shares (a multiple of the lot size), > 0. */
  readonly quantity: number;
  readonly orderType: OrderType;
  /** Limit price for LIMIT and SL. */
  readonly price?: number;
  /** Trigger price for SL and SL-M. */
  readonly trigger?: number;
  readonly product: Product;
  readonly validity: Validity;
  readonly source: OrderSource;
  /**
   * The book the order trades for: a strategy instance's account, or (absent) the portfolio's own book. A
   * strategy's orders carry their instance; so do the exits and square-offs of its positions.
   */
  readonly instanceId?: StrategyInstanceId;
  readonly reason: string;
  /** Stop and take-profit to attach to the resulting position. */
  readonly stop?: number;
  readonly takeProfit?: number;
  /** Decision instant (epoch ms). */
  readonly time: number;
}

/** An order as the OMS tracks it. */
export interface Order {
  readonly intent: OrderIntent;
  readonly status: OrderStatus;
  /** The broker's id once known. */
  readonly brokerOrderId?: OrderId;
  readonly filledQuantity: number;
  /** Volume-weighted average fill price (NaN before the first fill). */
  readonly averagePrice: number;
  /** Charges of every fill so far, rupees (absent: none yet). */
  readonly charges?: number;
  /** Broker or risk message for REJECTED / DENIED / CANCELLED. */
  readonly message?: string;
  /** The broker's id of the stop-loss / take-profit pair attached once the order filled (Kite: GTT trigger id). */
  readonly exitId?: string;
  readonly updatedAt: number;
}

export const newOrder = (intent: OrderIntent, status: OrderStatus): Order => ({
  intent,
  status,
  filledQuantity: 0,
  averagePrice: NaN,
  updatedAt: intent.time,
});

export const sideSign = (side: Side): 1 | -1 => (side === 'BUY' ? 1 : -1);
