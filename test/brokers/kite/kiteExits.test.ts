/** Exit rules and the two-leg GTT parameters for long and short positions (pure). */
import { gttOcoParams } from '../../../src/brokers/kite/kiteExits';
import { checkExit, stopLegLimit } from '../../../src/brokers/exitRules';

describe('exit rules and Kite two-leg GTT parameters', () => {
  it('a long position: SELL legs, stop below (leg 0, limit 0.5% under on the tick grid), take-profit above (leg 1)', () => {
    const exit = { symbol: 'INFY', quantity: 10, product: 'CNC' as const, stop: 1450, takeProfit: 1600 };
    const c = checkExit(exit, 1500, 0.05);
    if (!c.ok) throw new Error(c.error.message);
    expect(c.value).toEqual({ side: 'SELL', quantity: 10, legs: [{ trigger: 1450, isStop: true }, { trigger: 1600, isStop: false }] });
    const p = gttOcoParams(exit, c.value, 1500, 0.05);
    expect(p).toMatchObject({ trigger_type: 'two-leg', exchange: 'NSE', tradingsymbol: 'INFY', trigger_values: [1450, 1600], last_price: 1500 });
    // 1450 × 0.995 = 1442.75 exactly on the grid.
    expect(p.orders.map((o) => [o.transaction_type, o.order_type, o.quantity, o.price])).toEqual([['SELL', 'LIMIT', 10, 1442.75], ['SELL', 'LIMIT', 10, 1600]]);
  });

  it('a short position: BUY legs, take-profit below (leg 0), stop above (leg 1, limit rounded up)', () => {
    const exit = { symbol: 'BSE:TCS', quantity: -3, product: 'MIS' as const, stop: 4040.05, takeProfit: 3900 };
    const c = checkExit(exit, 4000, 0.05);
    if (!c.ok) throw new Error(c.error.message);
    expect(c.value).toEqual({ side: 'BUY', quantity: 3, legs: [{ trigger: 3900, isStop: false }, { trigger: 4040.05, isStop: true }] });
    const p = gttOcoParams(exit, c.value, 4000, 0.05, 100);
    expect(p.exchange).toBe('BSE');
    // 4040.05 × 1.01 = 4080.4505 → up to 4080.50.
    expect(p.orders.map((o) => [o.transaction_type, o.price])).toEqual([['BUY', 3900], ['BUY', 4080.5]]);
    expect(stopLegLimit(4040.05, 'BUY', 0.05, 100)).toBe(4080.5);
  });

  it('refuses pairs on the wrong side, off the tick grid, without a price or without a quantity, saying why', () => {
    const base = { symbol: 'INFY', quantity: 10, product: 'CNC' as const, stop: 1450, takeProfit: 1600 };
    const msg = (r: ReturnType<typeof checkExit>) => (r.ok ? 'ok' : r.error.message);
    expect(msg(checkExit({ ...base, quantity: -10 }, 1500, 0.05))).toMatch(/^For a short position in INFY put the stop above and the take-profit below the last price 1500/);
    expect(msg(checkExit({ ...base, stop: 1450.02 }, 1500, 0.05))).toMatch(/multiples of the tick size 0.05/);
    expect(msg(checkExit(base, undefined, 0.05))).toMatch(/no last price for INFY yet/);
    expect(msg(checkExit({ ...base, quantity: 0 }, 1500, 0.05))).toMatch(/whole number of shares other than 0/);
    expect(msg(checkExit({ ...base, takeProfit: 0 }, 1500, 0.05))).toMatch(/above 0/);
  });
});
