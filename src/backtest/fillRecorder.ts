/**
 * A backtest's record of its fills, as the order pipeline announces them ('order-filled'): the totals (quantity,
 * turnover, charges by kind), the trade list (fills merged into round trips, a risk exit's reason kept) and the
 * caller's `onFill`.
 */
import { ZERO_CHARGES } from '../core/costs/types';
import type { EventOf } from '../core/events';
import type { FillTotals } from './fillTotals';
import { exitReasonOf, type TradeBook } from './tradeBook';
import type { FillRecord } from './types';

export class FillRecorder {
  constructor(
    private readonly fills: FillTotals,
    private readonly trades: TradeBook,
    private readonly onFill: ((fill: FillRecord) => void) | undefined,
  ) {}

  handle(e: EventOf<'order-filled'>): void {
    const fill = e.fill;
    const charges = fill.breakdown ?? ZERO_CHARGES;
    this.fills.add(fill.quantity, fill.price, charges);
    const source = e.order?.intent.source;
    const exit = source?.kind === 'risk' ? exitReasonOf(source.rule) : undefined;
    const reason = exit ?? e.order?.intent.reason ?? '';
    this.trades.add(fill.symbol, fill.side, fill.quantity, fill.price, fill.time, charges, reason, exit);
    // A record only for a caller that asked for them (one object per fill otherwise made for nothing).
    if (this.onFill !== undefined) this.onFill({ symbol: fill.symbol, side: fill.side, quantity: fill.quantity, price: fill.price, time: fill.time, charges, reason, exit });
  }
}
