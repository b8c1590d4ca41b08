import { strategyInstanceId } from '../../src/core/ids';
import { PositionBook } from '../../src/oms/positionBook';
import { deliveryHoldings, instanceCash, orderMargin, orderVarChange, paperEquity, unallocatedCash } from '../../src/risk/bookFigures';

const START = 1_000_000;

function bookWithTrades(): PositionBook {
  const book = new PositionBook();
  const inst = book.openAccount(strategyInstanceId('sma-1'), 200_000, [{ symbol: 'INFY', product: 'CNC' }]);
  inst.apply(0, 10, 1_500, 20); // bought 10 INFY at 1,500 with ₹20 charges
  const p = book.portfolio;
  const tcs = p.slot('TCS', 'CNC', book.intern('TCS'));
  p.apply(tcs, 5, 3_000, 10);
  const sbin = p.slot('SBIN', 'MIS', book.intern('SBIN'));
  p.apply(sbin, 7, 600, 1);
  book.marks[book.indexOf('INFY')] = 1_600;
  book.marks[book.indexOf('TCS')] = 2_900;
  book.marks[book.indexOf('SBIN')] = 600;
  return book;
}

describe('bookFigures', () => {
  it('paper equity is the starting cash plus what every account made, marks and charges included', () => {
    // INFY: +10 × 100 − 20; TCS: −5 × 100 − 10; SBIN: −1.
    expect(paperEquity(bookWithTrades(), START)).toBeCloseTo(START + 1_000 - 20 - 500 - 10 - 1, 6);
  });

  it('unallocated cash is what no instance was given; instance cash is what the instances hold', () => {
    const book = bookWithTrades();
    expect(unallocatedCash(book, START)).toBe(800_000);
    expect(instanceCash(book)).toBeCloseTo(200_000 - 15_000 - 20, 6);
  });

  it('delivery holdings are the portfolio book’s CNC shares only (no MIS, no instance shares)', () => {
    expect([...deliveryHoldings(bookWithTrades())]).toEqual([['TCS', 5]]);
  });

  it('margin: a buy or an intraday order needs its value; a delivery sell needs none', () => {
    expect(orderMargin({ side: 'BUY', product: 'CNC', quantity: 3 }, 101.35)).toBe(304.05);
    expect(orderMargin({ side: 'SELL', product: 'MIS', quantity: 3 }, 101.35)).toBe(304.05);
    expect(orderMargin({ side: 'SELL', product: 'CNC', quantity: 3 }, 101.35)).toBe(0);
  });

  it('VaR change is ± value × VaR per rupee, to the paisa, and 0 without an estimate', () => {
    expect(orderVarChange({ side: 'BUY', quantity: 10 }, 1_000, 0.0234567)).toBe(234.57);
    expect(orderVarChange({ side: 'SELL', quantity: 10 }, 1_000, 0.0234567)).toBe(-234.57);
    expect(orderVarChange({ side: 'BUY', quantity: 10 }, 1_000, undefined)).toBe(0);
  });
});
