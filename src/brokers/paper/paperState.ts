/**
 * The simulated broker's account as plain data, and the port it is persisted through (src/store/orders implements
 * it on MongoDB; `MemoryPaperStateRepository` keeps it in the process).
 */
import type { ClientOrderId, OrderId } from '../../core/ids';
import type { BrokerOrderSnapshot } from '../../oms/brokerOrders';
import type { SimulatedExit } from './simulatedExits';
import type { OrderIntent, Product } from '../../core/order';
import type { OrderStatus } from '../../core/orderStatus';

export interface PaperPosition {
  readonly symbol: string;
  readonly product: Product;
  /** Signed shares. */
  quantity: number;
  averagePrice: number;
  lastPrice: number;
  /** Realised P&L in rupees, before charges. */
  realised: number;
}

export interface PaperOrder {
  intent: OrderIntent;
  readonly brokerOrderId: OrderId;
  status: OrderStatus;
  filledQuantity: number;
  averagePrice: number;
  /** Cash held back for an open buy, rupees. */
  reserved: number;
  message?: string;
  time: number;
}

export interface PaperTrade {
  readonly tradeId: string;
  readonly brokerOrderId: OrderId;
  readonly clientOrderId: ClientOrderId;
  readonly symbol: string;
  readonly side: 'BUY' | 'SELL';
  readonly quantity: number;
  readonly price: number;
  readonly charges: number;
  readonly time: number;
}

export interface PaperState {
  cash: number;
  positions: PaperPosition[];
  orders: PaperOrder[];
  trades: PaperTrade[];
  seq: number;
  /** Stop-loss / take-profit pairs (absent in accounts saved before exits existed). */
  exits?: SimulatedExit[];
}

/** A paper order as the broker's order book shows it. */
export function paperSnapshot(x: PaperOrder): BrokerOrderSnapshot {
  return {
    brokerOrderId: x.brokerOrderId,
    clientOrderId: x.intent.clientOrderId,
    symbol: x.intent.symbol,
    side: x.intent.side,
    orderType: x.intent.orderType,
    product: x.intent.product,
    quantity: x.intent.quantity,
    ...(x.intent.price !== undefined ? { price: x.intent.price } : {}),
    ...(x.intent.trigger !== undefined ? { trigger: x.intent.trigger } : {}),
    filledQuantity: x.filledQuantity,
    averagePrice: x.averagePrice,
    status: x.status,
    ...(x.message !== undefined ? { message: x.message } : {}),
    time: x.time,
  };
}

export interface PaperStateRepository {
  load(): Promise<PaperState | undefined>;
  save(state: PaperState): Promise<void>;
}

export class MemoryPaperStateRepository implements PaperStateRepository {
  private saved: string | undefined;
  saves = 0;

  async load(): Promise<PaperState | undefined> {
    return this.saved === undefined ? undefined : (JSON.parse(this.saved) as PaperState);
  }

  async save(state: PaperState): Promise<void> {
    this.saved = JSON.stringify(state);
    this.saves++;
  }
}
