/**
 * MIS square-off: every intraday (MIS) position still open at the session's square-off time (15:20 IST on a
 * regular session, from the NSE calendar; special sessions have their own) is closed through the one order
 * pipeline — a market order per position, source `risk` rule `mis-square-off`, for the account that holds it, no
 * approval (the broker would square it off itself, with a charge). The risk engine lets these reductions through
 * even when trading is halted. Backtests run it at the close of the first bar that closes at or after the time;
 * paper and live at the time itself (a job).
 */
import type { OrderSource } from '../core/order';
import { strategyInstanceId } from '../core/ids';
import type { OrderDraft } from './orderPipeline';
import { PORTFOLIO_ACCOUNT, type PositionBook } from './positionBook';

export const SQUARE_OFF_SOURCE: OrderSource = { kind: 'risk', rule: 'mis-square-off' };

/** One market order per open MIS position (net of orders already working to close it). */
export function squareOffDrafts(book: PositionBook, time: number): OrderDraft[] {
  const out: OrderDraft[] = [];
  for (const a of book.accounts()) {
    for (let j = 0; j < a.size; j++) {
      if (a.products[j] !== 'MIS') continue;
      const open = a.position[j]! + a.working[j]!;
      if (a.position[j] === 0 || open === 0 || Math.sign(open) !== Math.sign(a.position[j]!)) continue;
      out.push({
        symbol: a.symbols[j]!,
        side: open > 0 ? 'SELL' : 'BUY',
        quantity: Math.abs(open),
        orderType: 'MARKET',
        product: 'MIS',
        validity: 'DAY',
        source: SQUARE_OFF_SOURCE,
        ...(a.id !== PORTFOLIO_ACCOUNT ? { instanceId: strategyInstanceId(a.id) } : {}),
        reason: 'MIS square-off at the session’s square-off time',
        time,
      });
    }
  }
  return out;
}

/** Sends the square-off of every open MIS position through `pipeline` (no approval); says what went and what not. */
export function squareOffNow(
  book: PositionBook,
  pipeline: { submit(draft: OrderDraft, opts: { readonly approval: 'never' }): { readonly ok: true; readonly value: { readonly intent: { readonly clientOrderId: string } } } | { readonly ok: false; readonly error: { readonly message: string } } },
  time: number,
): { orders: { id: string; symbol: string; side: 'BUY' | 'SELL'; quantity: number }[]; refused: { symbol: string; message: string }[] } {
  const orders: { id: string; symbol: string; side: 'BUY' | 'SELL'; quantity: number }[] = [];
  const refused: { symbol: string; message: string }[] = [];
  for (const d of squareOffDrafts(book, time)) {
    const r = pipeline.submit(d, { approval: 'never' });
    if (r.ok) orders.push({ id: r.value.intent.clientOrderId, symbol: d.symbol, side: d.side, quantity: d.quantity });
    else refused.push({ symbol: d.symbol, message: r.error.message });
  }
  return { orders, refused };
}
