/**
 * The account's figures over the one position book, as the risk gate and the approval cards read them (paper and
 * live alike):
 *  - paper equity = the starting cash plus what every account made (its equity less the capital it was given);
 *  - unallocated cash = the starting cash no instance was given (the portfolio's book spends it);
 *  - instance cash = the cash the strategy instances' accounts hold (the portfolio's own book excluded);
 *  - delivery holdings = the portfolio book's CNC shares held (what a rebalance starts from);
 *  - an order's margin: its value for a buy or an intraday (MIS) order, nothing for a delivery sell of held shares;
 *  - an order's VaR change: ± its value × the symbol's one-day VaR per rupee (0 when the symbol has no estimate).
 * Rupee figures are rounded to the paisa.
 */
import { roundPaise } from '../core/money';
import type { OrderIntent } from '../core/order';
import type { PositionBook } from '../oms/positionBook';

export function paperEquity(book: PositionBook, startingCash: number): number {
  let equity = startingCash;
  for (const a of book.accounts()) equity += a.equity() - a.capital;
  return equity;
}

export function unallocatedCash(book: PositionBook, startingCash: number): number {
  let c = startingCash;
  for (const a of book.accounts()) c -= a.capital;
  return c;
}

export function instanceCash(book: PositionBook): number {
  let c = 0;
  for (const a of book.accounts()) if (a !== book.portfolio) c += a.cash;
  return c;
}

export function deliveryHoldings(book: PositionBook): Map<string, number> {
  const held = new Map<string, number>();
  const p = book.portfolio;
  for (let j = 0; j < p.size; j++) if (p.products[j] === 'CNC' && p.position[j]! > 0) held.set(p.symbols[j]!, p.position[j]!);
  return held;
}

export function orderMargin(intent: Pick<OrderIntent, 'side' | 'product' | 'quantity'>, price: number): number {
  return intent.side === 'BUY' || intent.product === 'MIS' ? roundPaise(intent.quantity * price) : 0;
}

export function orderVarChange(intent: Pick<OrderIntent, 'side' | 'quantity'>, price: number, perRupee: number | undefined): number {
  return perRupee === undefined ? 0 : roundPaise((intent.side === 'BUY' ? 1 : -1) * intent.quantity * price * perRupee);
}
