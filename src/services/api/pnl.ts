import type { Result } from '../../core/result';
import type { Refusal } from '../user';

export type PnlPeriod = 'day' | 'week' | 'month';

export interface SymbolPnl {
  readonly symbol: string;
  readonly realised: number;
  readonly unrealised: number;
}

export interface PnlAttributionLine {
  /** Strategy instance id ("(portfolio)" for holdings no strategy owns) or sector name. */
  readonly key: string;
  readonly pnl: number;
  /** Contribution to the period return (fraction). */
  readonly contribution: number;
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
  /** Time-weighted return over the period from the portfolio snapshots (absent without snapshots). */
  readonly twr?: number;
  /** NIFTY 50 over the same days, when its closes are available. */
  readonly benchmark?: { readonly name: string; readonly ret: number; readonly excess: number };
  readonly byInstance?: readonly PnlAttributionLine[];
  readonly bySector?: readonly PnlAttributionLine[];
  /** Where the cost basis of positions held before the period came from. */
  readonly basis: 'snapshot' | 'average price';
}

export interface PnlService {
  pnl(period: PnlPeriod): Promise<Result<PnlReport, Refusal>>;
}
