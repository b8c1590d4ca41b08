/**
 * Cash the risk engine keeps aside per bought share, in basis points of the price, so a buy sized to the account's
 * cash never overdraws it once filled: the slippage, the charges (the cost model's own bound on a buy's charges,
 * `CostModel.buyChargeBps`: Zerodha 20 bps, a flat `bps:<n>` model n + 1, none 0) and, with slippage on a tick
 * grid, one tick at the lowest price traded (slipped prices round up to the tick). Every mode uses it: a backtest
 * with its request's parsed cost model and fill settings, paper and live with Zerodha's model and no slippage.
 */
import type { CostModel } from '../core/costs/types';

export interface CashBufferSpec {
  /** The cost model the account is charged by (parsed once: a backtest's in prepare.ts). */
  readonly costs: Pick<CostModel, 'buyChargeBps'>;
  readonly slippageBps: number;
  readonly tickSize: number;
  /** The lowest price the account may buy at (a backtest: its data's lowest low); absent: no tick term. */
  readonly lowestPrice?: number;
}

export function cashBufferBps(o: CashBufferSpec): number {
  const low = o.lowestPrice ?? 0;
  const tickBps = o.tickSize > 0 && o.slippageBps > 0 && low > 0 ? (o.tickSize / low) * 10_000 : 0;
  return o.slippageBps + o.costs.buyChargeBps + tickBps;
}
