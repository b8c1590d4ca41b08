/**
 * The bot's closed round trips, rebuilt from the journal's fills in the order they happened — the same fills the
 * position book is rebuilt from at start (src/oms/bookReplay.ts), through the backtests' round-trip builder
 * (src/backtest/tradeBook.ts), one per account (each strategy instance, and the portfolio). A fill's charges are
 * those the book booked (the journal keeps each fill's total). The exit reason is the closing order's source: an
 * attached exit or the square-off (risk), a person's order (manual), a rebalance, else the strategy's signal.
 */
import { TradeBook, exitReasonOf } from '../../backtest/tradeBook';
import type { ExitReason } from '../../backtest/types';
import { ZERO_CHARGES } from '../../core/costs/types';
import type { ClientOrderId } from '../../core/ids';
import { roundPaise } from '../../core/money';
import type { Order, OrderSource } from '../../core/order';
import { PORTFOLIO_ACCOUNT } from '../../oms/positionBook';
import type { OrderRepository } from '../../core/ports/orderRepository';
import type { TradeRecord } from '../api/history';
import { REBALANCE_JOB } from './rebalanceService';

export type JournalReader = Pick<OrderRepository, 'transitions' | 'get'>;

export function exitReasonOfSource(source: OrderSource | undefined): ExitReason {
  if (!source) return 'signal';
  if (source.kind === 'risk') return exitReasonOf(source.rule) ?? 'signal';
  if (source.kind === 'user') return 'manual';
  // A job: a rebalance, or an order placed outside the bot (seen on Kite: a person's).
  if (source.kind === 'job') return source.job === REBALANCE_JOB ? 'rebalance' : 'manual';
  return 'signal';
}

/** Every closed round trip in the journal, oldest exit first (positions still open are not trades yet). */
export async function journalTrades(journal: JournalReader): Promise<TradeRecord[]> {
  const books = new Map<string, TradeBook>();
  const orders = new Map<ClientOrderId, Order | undefined>();
  for (const t of await journal.transitions({ fills: true })) {
    const f = t.fill;
    if (!f || f.side === undefined || !(f.quantity > 0)) continue;
    if (!orders.has(t.clientOrderId)) orders.set(t.clientOrderId, await journal.get(t.clientOrderId));
    const order = orders.get(t.clientOrderId);
    const account = t.strategy ?? PORTFOLIO_ACCOUNT;
    let book = books.get(account);
    if (!book) books.set(account, (book = new TradeBook()));
    book.handleFill({
      symbol: t.symbol,
      side: f.side,
      quantity: f.quantity,
      price: f.price,
      time: t.time,
      charges: { ...ZERO_CHARGES, total: f.charges ?? 0 },
      reason: order?.intent.reason ?? '',
      exit: exitReasonOfSource(order?.intent.source),
    });
  }
  const out: TradeRecord[] = [];
  for (const [account, book] of books) {
    for (const t of book.trades) {
      out.push({
        account,
        symbol: t.symbol,
        side: t.side,
        quantity: t.quantity,
        entryTime: t.entryTime,
        entryPrice: t.entryPrice,
        exitTime: t.exitTime,
        exitPrice: t.exitPrice,
        pnl: roundPaise(t.pnl),
        charges: roundPaise(t.costs),
        exitReason: t.exitReason,
      });
    }
  }
  return out.sort((a, b) => a.exitTime - b.exitTime);
}
