import { validateIntent, type TradingRules } from '../../src/oms/orderValidation';
import { omsIntent } from '../support/brokers/omsFixtures';

const rules: TradingRules = { tickSize: 0.05, lotSize: 25, freezeQuantity: 1800, lowerCircuit: 1350, upperCircuit: 1650, lastPrice: 1500 };
const v = (over: Parameters<typeof omsIntent>[0], mp = -1) => validateIntent(omsIntent({ quantity: 25, ...over }), (s) => (s === 'INFY' ? rules : undefined), { marketProtection: mp });
const problem = (r: ReturnType<typeof v>) => (r.ok ? 'ok' : r.error.problem);

describe('validateIntent', () => {
  it.each([
    [{ symbol: 'NOPE' }, 'unknown-instrument'],
    [{ quantity: 0 }, 'bad-quantity'],
    [{ quantity: 30 }, 'lot-size'],
    [{ quantity: 1825 }, 'freeze-quantity'],
    [{ orderType: 'LIMIT' as const }, 'missing-price'],
    [{ orderType: 'LIMIT' as const, price: 1500.03 }, 'off-tick'],
    [{ orderType: 'LIMIT' as const, price: 1700 }, 'circuit'],
    [{ orderType: 'SL' as const, side: 'BUY' as const, price: 1510, trigger: 1520 }, 'trigger-side'],
    [{ orderType: 'SL-M' as const, side: 'SELL' as const, trigger: 1510 }, 'trigger-side'],
    [{ orderType: 'SL-M' as const, side: 'SELL' as const, trigger: 1490 }, 'ok'],
    [{ orderType: 'LIMIT' as const, price: 1499.95 }, 'ok'],
    [{ quantity: 1800 }, 'ok'],
  ])('%j → %s', (over, expected) => {
    const r = v(over);
    expect(problem(r)).toBe(expected);
    if (!r.ok) expect(r.error.message).toMatch(/; [a-z]/);
  });

  it('market orders need a valid market protection', () => {
    expect(problem(v({}, 0))).toBe('market-protection');
    expect(problem(v({}, 150))).toBe('market-protection');
    expect(problem(v({}, 2))).toBe('ok');
    expect(problem(v({ orderType: 'LIMIT', price: 1500 }, 0))).toBe('ok');
  });

  it('refuses a client id that does not fit Kite\'s tag', () => {
    expect(problem(v({ clientOrderId: 'has-dash' as never }))).toBe('bad-client-id');
  });
});
