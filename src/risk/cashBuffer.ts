/**
 * Cash the risk engine keeps aside per bought share, in basis points of the price, so a buy sized to the account's
 * cash never overdraws it once filled: the slippage, the charges (Zerodha delivery buy ≈ 0.12 % all in — stamp
 * 0.015 %, STT 0.1 %, exchange, SEBI, GST — kept at 20 bps; a flat `bps:<n>` cost model n + 1) and, with slippage on
 * a tick grid, one tick at the lowest price traded (slipped prices round up to the tick). Every mode uses it: a
 * backtest with its request's settings, paper and live with Zerodha's charges and no slippage.
 */
export interface CashBufferSpec {
  /** The cost model's name: `zerodha`, `none` / `zero`, or `bps:<n>`. */
  readonly costs: string;
  readonly slippageBps: number;
  readonly tickSize: number;
  /** The lowest price the account may buy at (a backtest: its data's lowest low); absent: no tick term. */
  readonly lowestPrice?: number;
}

export function cashBufferBps(o: CashBufferSpec): number {
  const c = o.costs.trim().toLowerCase();
  const costBps = c === 'none' || c === 'zero' ? 0 : c === 'zerodha' ? 20 : Number(c.slice(4)) + 1;
  const low = o.lowestPrice ?? 0;
  const tickBps = o.tickSize > 0 && o.slippageBps > 0 && low > 0 ? (o.tickSize / low) * 10_000 : 0;
  return o.slippageBps + costBps + tickBps;
}
