/**
 * Everything the pre-trade gate needs to know about the world, passed in as a value: the gate
 * itself keeps no state. The engine builds a snapshot from its portfolio, market data and the
 * orders it has already let through today.
 */
import type { Side } from '../core/order';
import type { TradingState } from '../core/tradingState';
import type { SectorMap } from './concentration';

export interface HeldPosition {
  /** Signed whole shares (negative = short). */
  readonly quantity: number;
  /** Last price used to value the position. */
  readonly lastPrice: number;
}

export interface MarketInfo {
  readonly lastPrice: number;
  /** Exchange price bands (circuit limits) for the day, when known. */
  readonly lowerCircuit?: number;
  readonly upperCircuit?: number;
  /** Exchange freeze quantity: the largest quantity one order may carry. */
  readonly freezeQuantity?: number;
  /** Quantity multiple (1 for equities). */
  readonly lotSize?: number;
  /** When the last price was seen (epoch ms); stale data is the alerts' concern. */
  readonly time?: number;
}

/** An order the gate let through earlier (for counts, rate and duplicates). */
export interface RecentOrder {
  /** The account it traded for (a strategy instance's id; absent: the portfolio's own book). */
  readonly account?: string;
  readonly symbol: string;
  readonly side: Side;
  readonly quantity: number;
  readonly time: number;
}

export interface VarState {
  /** Current 1-day portfolio VaR in rupees. */
  readonly current: number;
  /**
   * Stand-alone 1-day VaR per rupee of exposure for each symbol (e.g. z·σ of its daily returns).
   * An order of q shares at price p raises portfolio VaR by at most q·p × this (sub-additivity,
   * exact for normal VaR and ES), so the gate's bound is conservative.
   */
  readonly perRupee: ReadonlyMap<string, number>;
}

export interface RiskSnapshot {
  readonly time: number;
  readonly tradingState: TradingState;
  readonly equity: number;
  /** Equity at the start of the IST trading day. */
  readonly dayStartEquity: number;
  /** Today's realised plus unrealised P&L in rupees (negative = loss). */
  readonly dayPnl: number;
  readonly positions: ReadonlyMap<string, HeldPosition>;
  readonly market: ReadonlyMap<string, MarketInfo>;
  readonly sectors?: SectorMap;
  /** Orders approved recently (at least today's, ascending or not). */
  readonly recentOrders: readonly RecentOrder[];
  /** Without a VaR state, orders that add exposure are denied by the VaR limit. */
  readonly var?: VarState;
}
