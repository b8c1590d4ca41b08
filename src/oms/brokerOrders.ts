/**
 * What the OMS needs from a broker beyond the core `Broker` interface: its order book and trade book, so that
 * orders can be found by client id (Kite `tag`) after a timeout or a restart, and reconciled.
 */
import type { Broker, BrokerError } from '../core/broker';
import type { ClientOrderId, OrderId } from '../core/ids';
import type { OrderIntent, OrderSource, OrderType, Product, Side } from '../core/order';
import type { OrderStatus } from '../core/orderStatus';
import type { Result } from '../core/result';

/** One order as the broker's book shows it now. Fill figures are cumulative. */
export interface BrokerOrderSnapshot {
  readonly brokerOrderId: OrderId;
  /** Our id from the tag; undefined for orders placed elsewhere (Kite web, mobile). */
  readonly clientOrderId?: ClientOrderId;
  readonly symbol: string;
  readonly side: Side;
  readonly orderType: OrderType;
  readonly product: Product;
  readonly quantity: number;
  readonly price?: number;
  readonly trigger?: number;
  /** Cumulative filled shares. */
  readonly filledQuantity: number;
  /** Average price of the cumulative fill (0 or NaN before any fill). */
  readonly averagePrice: number;
  /** The broker status mapped onto ours (SUBMITTED for "received/validation pending"). */
  readonly status: OrderStatus;
  readonly message?: string;
  readonly time: number;
}

export interface BrokerTrade {
  readonly tradeId: string;
  readonly brokerOrderId: OrderId;
  readonly clientOrderId?: ClientOrderId;
  readonly symbol: string;
  readonly side: Side;
  readonly quantity: number;
  readonly price: number;
  readonly time: number;
}

/** What the store knows of an order's fills, to start a broker's cumulative→delta tracker after a restart. */
export interface FillPrime {
  readonly clientOrderId: ClientOrderId;
  readonly brokerOrderId: OrderId;
  readonly filledQuantity: number;
  readonly averagePrice: number;
  readonly source: OrderSource;
}

export interface OrderBookBroker extends Broker {
  orders(): Promise<Result<readonly BrokerOrderSnapshot[], BrokerError>>;
  trades(): Promise<Result<readonly BrokerTrade[], BrokerError>>;
  /**
   * Brokers that turn cumulative updates into deltas start from these figures (the OMS calls it first thing in
   * `recover()`), so an update repeated after a restart is not counted twice. Brokers that emit deltas omit it.
   */
  primeFills?(entries: readonly FillPrime[]): void;
  /**
   * The leg of an attached exit (stop-loss / take-profit pair) behind an order the broker placed on its own — a
   * fired Kite GTT leg carries no tag, a paper OCO leg has the pair's id — so the OMS records its fills against
   * the position instead of reporting an unknown order. Undefined when `id` is no exit leg of this broker.
   */
  exitLegOf?(id: ClientOrderId): Promise<ExitLeg | undefined>;
}

export interface ExitLeg {
  /** The pair's id as `attachExit` returned it (Kite: GTT trigger id). */
  readonly exitId: string;
  readonly leg: 'stop' | 'takeProfit';
  /** The leg as an order (client id = the id the broker's updates carry; source: risk stop-loss / take-profit). */
  readonly intent: OrderIntent;
}

/** The broker's order with this client id, if any (first match: a tag should never repeat). */
export function findByClientId(book: readonly BrokerOrderSnapshot[], id: ClientOrderId): BrokerOrderSnapshot | undefined {
  return book.find((o) => o.clientOrderId === id);
}
