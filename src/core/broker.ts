import type { Fill } from './fill';
import type { ClientOrderId, OrderId, StrategyInstanceId } from './ids';
import type { OrderIntent, Product } from './order';
import type { Result } from './result';

/** What a broker said about an order, after the fact. Fills are deltas, never cumulative. */
export type OrderUpdate =
  /** An order the broker placed on its own (a leg of an attached exit firing): the OMS adopts it, then its updates follow. */
  | { readonly kind: 'opened'; readonly intent: OrderIntent; readonly brokerOrderId?: OrderId; readonly exitId?: string; readonly time: number }
  | { readonly kind: 'accepted'; readonly clientOrderId: ClientOrderId; readonly brokerOrderId?: OrderId; readonly time: number }
  | { readonly kind: 'filled'; readonly fill: Fill }
  | { readonly kind: 'rejected'; readonly clientOrderId: ClientOrderId; readonly message: string; readonly time: number }
  | { readonly kind: 'cancelled'; readonly clientOrderId: ClientOrderId; readonly message?: string; readonly time: number };

export type OrderUpdateListener = (update: OrderUpdate) => void;

/**
 * A broker-side failure that callers are expected to handle (not a bug). `unknown-outcome`: a placement got no
 * answer and the broker's book did not show it afterwards — the order may or may not exist (never re-send it).
 */
export interface BrokerError {
  readonly kind: 'rejected' | 'network' | 'rate-limited' | 'session-expired' | 'not-found' | 'unsupported' | 'ip-not-whitelisted' | 'unknown-outcome';
  /** One sentence for people: what was wrong and what to do. */
  readonly message: string;
}

export interface OrderAck {
  readonly clientOrderId: ClientOrderId;
  readonly brokerOrderId: OrderId;
}

export interface OrderChange {
  readonly quantity?: number;
  readonly price?: number;
  readonly trigger?: number;
}

export interface BrokerPosition {
  readonly symbol: string;
  readonly product: Product;
  /** Signed shares (negative = short). */
  readonly quantity: number;
  readonly averagePrice: number;
  readonly lastPrice: number;
}

export interface Margins {
  /** Cash available for new orders, rupees. */
  readonly available: number;
  /** Margin in use, rupees. */
  readonly used: number;
}

/**
 * A stop-loss and/or a take-profit attached to a position, one-cancels-the-other: whichever is touched first closes
 * the position and the other is dropped (Kite: a GTT, two legs for a pair; simulated: an OCO pair). At least one
 * of the two is given.
 */
export interface ExitRequest {
  readonly symbol: string;
  /** The position to close: > 0 closes a long (sells), < 0 closes a short (buys). Whole shares. */
  readonly quantity: number;
  readonly product: Product;
  /** Below the last price for a long, above it for a short. */
  readonly stop?: number;
  /** Above the last price for a long, below it for a short. */
  readonly takeProfit?: number;
  /** The book account of the position (its legs' orders trade for it). */
  readonly instanceId?: StrategyInstanceId;
}

export interface ExitAck {
  /** The broker's id of the OCO pair (Kite: the GTT trigger id). */
  readonly exitId: string;
}

/**
 * The one broker interface (paper and Kite both implement it; one contract suite tests both).
 * Order state changes arrive as `OrderUpdate` events, never as return values of `place`.
 */
export interface Broker {
  readonly name: string;
  place(intent: OrderIntent): Promise<Result<OrderAck, BrokerError>>;
  modify(id: ClientOrderId, change: OrderChange): Promise<Result<OrderAck, BrokerError>>;
  cancel(id: ClientOrderId): Promise<Result<OrderAck, BrokerError>>;
  positions(): Promise<Result<readonly BrokerPosition[], BrokerError>>;
  margins(): Promise<Result<Margins, BrokerError>>;
  /** Subscribes to order updates; returns the unsubscribe function. */
  onOrderUpdate(listener: OrderUpdateListener): () => void;
  /** Attaches a stop-loss / take-profit pair (OCO) to a position; brokers without it leave it out. */
  attachExit?(exit: ExitRequest): Promise<Result<ExitAck, BrokerError>>;
  /** Removes an attached exit that has not fired (the position it guarded was closed or re-sized). */
  cancelExit?(exitId: string): Promise<Result<void, BrokerError>>;
}
