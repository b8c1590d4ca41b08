import type { TradingState } from '../../core/tradingState';

export type RunMode = 'backtest' | 'paper' | 'live';

export interface SystemStatus {
  readonly mode: RunMode;
  readonly tradingState: TradingState;
  /** Kite session: undefined when the build has no broker session (paper without Kite). */
  readonly brokerSession?: { readonly loggedIn: boolean; readonly expiresAt?: number };
  readonly market: { readonly open: boolean; readonly detail: string };
  /** Time of the newest bar or tick seen (epoch ms), if any. */
  readonly dataAsOf?: number;
  /** Where market data comes from now (e.g. "Kite ticker"). */
  readonly dataSource?: string;
  readonly instances: { readonly running: number; readonly paused: number; readonly total: number };
  readonly openOrders: number;
  readonly pendingApprovals: number;
  readonly time: number;
}

export interface StatusService {
  status(): Promise<SystemStatus>;
}
