/**
 * The cash buffer comes from the parsed cost model (CostModel.buyChargeBps), the fill settings and the lowest price:
 * the figures every mode keeps aside, and the charges' bound shown to hold for the models a request can name.
 */
import fc from 'fast-check';
import { istTime } from '../../src/calendar/ist';
import { parseCostModel, type CostModel } from '../../src/core/costs';
import { cashBufferBps } from '../../src/risk/cashBuffer';

function model(text: string): CostModel {
  const m = parseCostModel(text);
  if (!m.ok) throw new Error(m.error);
  return m.value;
}

describe('cashBufferBps from a parsed cost model', () => {
  test('the charges term: zerodha 20 bps, none/zero 0, a flat bps:<n> n + 1 (as the request names it, any case)', () => {
    const buffer = (costs: string): number => cashBufferBps({ costs: model(costs), slippageBps: 0, tickSize: 0.05, lowestPrice: 100 });
    expect(buffer('zerodha')).toBe(20);
    expect(buffer(' Zerodha ')).toBe(20);
    expect(buffer('none')).toBe(0);
    expect(buffer('zero')).toBe(0);
    expect(buffer('bps:5')).toBe(6);
    expect(buffer('BPS:2.5')).toBe(3.5);
  });

  test('slippage adds itself, and with a tick grid one tick at the lowest price', () => {
    const costs = model('bps:5');
    expect(cashBufferBps({ costs, slippageBps: 10, tickSize: 0, lowestPrice: 100 })).toBe(16);
    expect(cashBufferBps({ costs, slippageBps: 10, tickSize: 0.05 })).toBe(16);
    // One 0.05 tick at ₹50 is 10 bps.
    expect(cashBufferBps({ costs, slippageBps: 10, tickSize: 0.05, lowestPrice: 50 })).toBeCloseTo(26, 10);
    // Without slippage a price does not move off the grid: no tick term.
    expect(cashBufferBps({ costs, slippageBps: 0, tickSize: 0.05, lowestPrice: 50 })).toBe(6);
  });

  test('property: a buy (₹50,000 or more) is never charged more than the model’s buyChargeBps', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('zerodha', 'none', 'bps:1', 'bps:5', 'bps:12.5'),
        fc.constantFrom('CNC' as const, 'MIS' as const),
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 5_000, max: 500_000 }),
        (text, product, quantity, pricePaise) => {
          const m = model(text);
          const price = pricePaise / 100;
          fc.pre(quantity * price >= 50_000);
          const charged = m.charges({ side: 'BUY', quantity, price, product, exchange: 'NSE', time: istTime('2025-06-02', '10:00'), symbol: 'INFY' }).total;
          expect(charged).toBeLessThanOrEqual((quantity * price * m.buyChargeBps) / 10_000);
        },
      ),
    );
  });
});
