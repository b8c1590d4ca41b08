import type { Result } from '../../core/result';
import type { Refusal } from '../user';

export type PnlPeriod = 'day' | 'week' | 'month';

export interface SymbolPnl {
  readonly symbol: string;
  readonly realised: number;
  readonly unrealised: number;
}

export interface PnlReport {
  readonly period: PnlPeriod;
  /** IST dates `YYYY-MM-DD`, inclusive. */
  readonly from: string;
  readonly to: string;
  /** Rupees, to the paisa. */
  readonly realised: number;
  readonly unrealised: number;
  readonly charges: number;
  /** realised + unrealised − charges. */
  readonly net: number;
  readonly bySymbol: readonly SymbolPnl[];
}

export interface PnlService {
  pnl(period: PnlPeriod): Promise<Result<PnlReport, Refusal>>;
}
