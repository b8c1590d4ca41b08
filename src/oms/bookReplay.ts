/**
 * Start-up: the position book rebuilt from the journal's fills, in the order they happened — every account's
 * cash, positions, average prices, realised P&L and charges come back exactly as they were, at any kill point
 * (a fill the journal had not stored yet is still in the broker's book, and reconciliation applies it).
 * Each fill goes to the account its order traded for (the transition's `strategy`, else the portfolio).
 */
import { sideSign } from '../core/order';
import type { OrderTransition } from '../core/ports/orderRepository';
import type { PositionBook } from './positionBook';

export interface ReplayReport {
  readonly fills: number;
  /** Fills whose account is unknown or lacks the symbol, booked to the portfolio instead (one sentence each). */
  readonly misplaced: readonly string[];
}

export function replayFills(book: PositionBook, transitions: readonly OrderTransition[]): ReplayReport {
  let fills = 0;
  const misplaced: string[] = [];
  for (const t of transitions) {
    const f = t.fill;
    if (!f || f.side === undefined || f.product === undefined || !(f.quantity > 0)) continue;
    let account = t.strategy !== undefined ? book.account(t.strategy) : book.portfolio;
    let j = account === book.portfolio || account === undefined ? -1 : account.find(t.symbol, f.product);
    if (account === undefined || (account !== book.portfolio && j < 0)) {
      misplaced.push(`A fill of ${f.quantity} ${t.symbol} on order ${t.clientOrderId} belongs to ${t.strategy ?? 'the portfolio'}, which is not in the book; it was booked to the portfolio.`);
      account = book.portfolio;
    }
    if (account === book.portfolio) j = account.slot(t.symbol, f.product, book.intern(t.symbol));
    account.apply(j, sideSign(f.side) * f.quantity, f.price, f.charges ?? 0);
    fills++;
  }
  return { fills, misplaced };
}
