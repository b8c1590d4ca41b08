/**
 * The trade book's round trips, fill by fill (src/backtest/tradeBook.ts). A symbol's trip in progress is one object
 * reused from trade to trade, so each trade must start clean: a trip's charges never leak into the next one, the
 * rest of a fill that flips the position opens a trip without that fill's charges (they closed the previous one),
 * and `finish` lists only positions still open.
 */
import { ZERO_CHARGES, type ChargesBreakdown } from '../../src/core/costs/types';
import { TradeBook } from '../../src/backtest/tradeBook';

/** A breakdown with `brokerage` and `stt` only (the total is their sum). */
const charges = (brokerage: number, stt: number): ChargesBreakdown => ({ ...ZERO_CHARGES, brokerage, stt, total: brokerage + stt });

test('a trip with charges, then one without: the second is charged nothing', () => {
  const book = new TradeBook();
  book.add('INFY', 'BUY', 10, 100, 1, charges(20, 1), 'in', undefined);
  book.add('INFY', 'SELL', 10, 110, 2, charges(20, 1.1), 'out', undefined);
  book.add('INFY', 'BUY', 4, 120, 3, ZERO_CHARGES, 'in again', undefined);
  book.add('INFY', 'SELL', 4, 125, 4, ZERO_CHARGES, 'out again', 'stop-loss');
  expect(book.trades).toHaveLength(2);
  const [first, second] = book.trades;
  expect(first).toMatchObject({ side: 'long', quantity: 10, entryTime: 1, entryPrice: 100, exitTime: 2, exitPrice: 110, costs: 42.1, entryReason: 'in', exitReason: 'signal', open: false });
  expect(first!.pnl).toBeCloseTo(100 - 42.1, 10);
  expect(first!.charges).toMatchObject({ brokerage: 40, stt: 2.1, total: 42.1 });
  expect(second).toMatchObject({ side: 'long', quantity: 4, entryTime: 3, entryPrice: 120, exitTime: 4, exitPrice: 125, pnl: 20, costs: 0, entryReason: 'in again', exitReason: 'stop-loss', open: false });
  expect(second!.charges).toEqual(ZERO_CHARGES);
});

test('a fill that flips the position closes the trip with its charges and opens the next without them', () => {
  const book = new TradeBook();
  book.add('TCS', 'BUY', 10, 100, 1, charges(5, 0), 'long', undefined);
  book.add('TCS', 'SELL', 15, 110, 2, charges(7, 0), 'flip', undefined);
  book.add('TCS', 'BUY', 5, 105, 3, charges(3, 0), 'cover', undefined);
  const [long, short] = book.trades;
  expect(long).toMatchObject({ side: 'long', quantity: 10, entryPrice: 100, exitPrice: 110, costs: 12 });
  expect(long!.pnl).toBeCloseTo(100 - 12, 10);
  expect(short).toMatchObject({ side: 'short', quantity: 5, entryTime: 2, entryPrice: 110, exitTime: 3, exitPrice: 105, costs: 3, entryReason: 'flip' });
  expect(short!.pnl).toBeCloseTo(25 - 3, 10);
});

test('finish marks only the positions still open, and handleFill is add with a record', () => {
  const book = new TradeBook();
  book.add('A', 'BUY', 2, 50, 1, ZERO_CHARGES, 'a', undefined);
  book.add('A', 'SELL', 2, 55, 2, ZERO_CHARGES, 'a out', undefined);
  book.handleFill({ symbol: 'B', side: 'BUY', quantity: 3, price: 10, time: 3, charges: ZERO_CHARGES, reason: 'b', exit: undefined });
  book.finish((symbol) => ({ time: 9, close: symbol === 'B' ? 12 : NaN }));
  expect(book.trades.map((t) => [t.symbol, t.open, t.exitReason, t.exitPrice, t.pnl])).toEqual([
    ['A', false, 'signal', 55, 10],
    ['B', true, 'open-at-end', 12, 6],
  ]);
});
