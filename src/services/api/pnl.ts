import type { Result } from '../../core/result';
import type { Refusal } from '../user';

export type PnlPeriod = 'day' | 'week' | 'month';

/** One grouping of the period's ledger rows (a symbol, a strategy instance or `portfolio`, a sector). */
export interface PnlLine {
  readonly key: string;
  /** Rupees, to the paisa. */
  readonly realised: number;
  readonly unrealised: number;
  readonly charges: number;
  /** realised + unrealised − charges. */
  readonly net: number;
}

/**
 * P&L of a period from the one position book: every section is a grouping of the same rows (account × symbol),
 * so the totals, `bySymbol`, `byInstance` and `bySector` all sum to the same net.
 */
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
  readonly bySymbol: readonly PnlLine[];
  /** Per account: a strategy instance id, or `portfolio` (manual orders, rebalances, alerts). */
  readonly byInstance: readonly PnlLine[];
  readonly bySector: readonly PnlLine[];
  /** Time-weighted return over the period from the portfolio snapshots (absent without snapshots). */
  readonly twr?: number;
  /** NIFTY 50 over the same days, when its closes are available. */
  readonly benchmark?: { readonly name: string; readonly ret: number; readonly excess: number };
  /** Where positions held before the period were valued at its start: the last snapshot's prices, else their average price. */
  readonly basis: 'snapshot' | 'average price';
}

export interface PnlService {
  pnl(period: PnlPeriod): Promise<Result<PnlReport, Refusal>>;
}
