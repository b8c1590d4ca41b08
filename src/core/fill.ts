import type { ChargesBreakdown } from './costs/types';
import type { ClientOrderId } from './ids';
import type { OrderSource, Side } from './order';

/** One execution (a delta, never cumulative): `quantity` shares at `price`. */
export interface Fill {
  readonly clientOrderId: ClientOrderId;
  readonly symbol: string;
  readonly side: Side;
  /** Shares in this execution, > 0. */
  readonly quantity: number;
  readonly price: number;
  readonly time: number;
  readonly source: OrderSource;
  /** Charges for this execution in rupees (brokerage, taxes, fees); 0 when unknown. */
  readonly charges?: number;
  /** The same charges by kind, when the broker computed them (the simulated broker does). */
  readonly breakdown?: ChargesBreakdown;
  /** Broker trade id when there is one. */
  readonly tradeId?: string;
}
