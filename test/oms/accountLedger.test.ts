/**
 * Instance book-keeping against straightforward references: random fills (buys, sells, shorts,
 * flips through zero, charges) keep cash, position, equity and the accounting identity
 * realised + unrealised = equity − capital exact to the paisa.
 */
import fc from 'fast-check';
import { AccountLedger } from '../../src/oms/accountLedger';

function ledgerOn(capital: number, marks: number[]): AccountLedger {
  const l = new AccountLedger('acc', capital, marks, 1);
  l.slot('X', 'CNC', 0);
  return l;
}

describe('AccountLedger', () => {
  it('cash, position and P&L agree with plain sums for any fill sequence (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            qty: fc.integer({ min: -500, max: 500 }).filter((q) => q !== 0),
            paise: fc.integer({ min: 5_000, max: 500_000 }),
            chargePaise: fc.integer({ min: 0, max: 5_000 }),
          }),
          { minLength: 1, maxLength: 60 },
        ),
        fc.integer({ min: 5_000, max: 500_000 }),
        (fills, markPaise) => {
          const marks = [markPaise / 100];
          const l = ledgerOn(1_000_000, marks);
          let cash = 1_000_000;
          let pos = 0;
          let charges = 0;
          for (const f of fills) {
            const price = f.paise / 100;
            const ch = f.chargePaise / 100;
            l.apply(0, f.qty, price, ch);
            cash -= f.qty * price + ch;
            pos += f.qty;
            charges += ch;
          }
          expect(l.position[0]).toBe(pos);
          expect(l.cash).toBeCloseTo(cash, 6);
          expect(l.charges).toBeCloseTo(charges, 6);
          expect(l.fills).toBe(fills.length);
          const equity = cash + pos * marks[0]!;
          expect(l.equity()).toBeCloseTo(equity, 6);
          expect(l.realised + l.unrealised()).toBeCloseTo(equity - 1_000_000, 4);
          expect(l.exposure()).toBeCloseTo(Math.abs(pos * marks[0]!), 6);
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });

  it('average cost, realised P&L and round trips on a worked example (long, add, trim, flip short, cover)', () => {
    const marks = [0];
    const l = ledgerOn(100_000, marks);
    l.apply(0, 10, 100, 0); // long 10 @ 100
    l.apply(0, 10, 110, 0); // long 20 @ 105
    expect(l.averagePrice[0]).toBe(105);
    l.apply(0, -5, 120, 1); // sell 5: +75 realised, −1 charges
    expect(l.realised).toBe(74);
    expect(l.averagePrice[0]).toBe(105);
    l.apply(0, -25, 90, 0); // close 15 at 90: −225; flip to short 10 @ 90
    expect(l.realised).toBe(74 - 225);
    expect(l.position[0]).toBe(-10);
    expect(l.averagePrice[0]).toBe(90);
    expect(l.closedTrades).toBe(1);
    expect(l.winningTrades).toBe(0);
    l.apply(0, 10, 80, 0); // cover at 80: +100
    expect(l.realised).toBe(74 - 225 + 100);
    expect(l.position[0]).toBe(0);
    expect(l.closedTrades).toBe(2);
    expect(l.winningTrades).toBe(1);
    expect(l.cash).toBe(100_000 + l.realised);
  });
});
