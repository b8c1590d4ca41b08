import type { Result } from '../../core/result';
import type { Refusal } from '../user';

export interface PositionView {
  readonly symbol: string;
  readonly product: 'CNC' | 'MIS';
  /** Signed shares. */
  readonly quantity: number;
  readonly averagePrice: number;
  readonly lastPrice: number;
  /** Unrealised P&L in rupees (to the paisa). */
  readonly pnl: number;
}

export interface PortfolioSummary {
  /** Cash available for new orders. */
  readonly available: number;
  readonly marginUsed: number;
  /** Σ |quantity| × last price. */
  readonly grossExposure: number;
  /** Σ quantity × last price. */
  readonly netExposure: number;
  readonly unrealised: number;
  readonly positions: number;
  readonly holdings: number;
}

export interface PortfolioService {
  summary(): Promise<Result<PortfolioSummary, Refusal>>;
  /** Intraday and open positions. */
  positions(): Promise<Result<readonly PositionView[], Refusal>>;
  /** Delivery holdings (CNC). */
  holdings(): Promise<Result<readonly PositionView[], Refusal>>;
}
