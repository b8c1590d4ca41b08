/** The simulated broker's fill rules: market at the open ± slippage, limit and SL-M on the bar's range. */
import { fillPriceOnBar, slippedPrice } from '../../../src/brokers/paper/fillRules';
import { SimulatedBroker } from '../../../src/brokers/paper/simulatedBroker';
import type { OrderUpdate } from '../../../src/core/broker';
import { clientOrderId, strategyInstanceId } from '../../../src/core/ids';
import type { OrderIntent } from '../../../src/core/order';

const intent = (over: Partial<OrderIntent>): OrderIntent => ({
  clientOrderId: clientOrderId('c1'),
  symbol: 'X',
  side: 'BUY',
  quantity: 10,
  orderType: 'MARKET',
  product: 'CNC',
  validity: 'DAY',
  source: { kind: 'strategy', instanceId: strategyInstanceId('s') },
  reason: 'test',
  time: 0,
  ...over,
});
const bar = { time: 60_000, open: 100, high: 104, low: 97, close: 101, volume: 1 };

describe('simulated fills', () => {
  it('slippage: buys pay more, sells get less; tick rounding on the unfavourable side', () => {
    expect(slippedPrice(100, 'BUY', 5)).toBeCloseTo(100.05, 12);
    expect(slippedPrice(100, 'SELL', 5)).toBeCloseTo(99.95, 12);
    expect(slippedPrice(123.46, 'BUY', 10, 0.05)).toBe(123.6); // 123.58346 → up to 123.60
    expect(slippedPrice(123.46, 'SELL', 10, 0.05)).toBe(123.3); // 123.33654 → down to 123.30
    expect(slippedPrice(123.47, 'BUY', 0, 0.05)).toBe(123.47); // no slippage: the open as it is
  });

  it('limit and SL-M: at the open on a gap through, else at the level if the range reaches it', () => {
    expect(fillPriceOnBar(intent({ orderType: 'LIMIT', price: 102 }), bar, 0)).toBe(100); // opens below a buy limit
    expect(fillPriceOnBar(intent({ orderType: 'LIMIT', price: 98 }), bar, 0)).toBe(98);
    expect(fillPriceOnBar(intent({ orderType: 'LIMIT', price: 96 }), bar, 0)).toBeNaN();
    expect(fillPriceOnBar(intent({ side: 'SELL', orderType: 'LIMIT', price: 103 }), bar, 0)).toBe(103);
    expect(fillPriceOnBar(intent({ side: 'SELL', orderType: 'SL-M', trigger: 98 }), bar, 0)).toBe(98);
    expect(fillPriceOnBar(intent({ side: 'SELL', orderType: 'SL-M', trigger: 101 }), bar, 0)).toBe(100); // gapped through
    expect(fillPriceOnBar(intent({ orderType: 'SL-M', trigger: 105 }), bar, 0)).toBeNaN();
  });

  it('takes orders at once, fills FIFO on the next bar, keeps unfilled limits working, refuses what it cannot simulate', () => {
    const v = SimulatedBroker.create({
      clock: { now: () => 0 },
      charges: { charge: (t) => ({ brokerage: t.quantity * t.price * 0.001, stt: 0, exchange: 0, sebi: 0, stampDuty: 0, gst: 0, dp: 0, total: t.quantity * t.price * 0.001 }) },
      instruments: () => ({ exchange: 'NSE', tickSize: 0, lotSize: 1 }),
      slippageBps: 10,
      checkFunds: false,
      tickSize: 0,
    });
    const seen: OrderUpdate[] = [];
    v.onOrderUpdate((u) => seen.push(u));
    expect(v.placeNow(intent({ clientOrderId: clientOrderId('a'), product: 'MIS' })).ok).toBe(true);
    expect(v.placeNow(intent({ clientOrderId: clientOrderId('b'), orderType: 'LIMIT', price: 90, product: 'MIS' })).ok).toBe(true);
    expect(v.placeNow(intent({ clientOrderId: clientOrderId('c'), orderType: 'SL', price: 1, trigger: 1 }))).toMatchObject({ ok: false, error: { kind: 'rejected' } });
    expect(v.placeNow(intent({ clientOrderId: clientOrderId('d'), quantity: 2.5 }))).toMatchObject({ ok: false, error: { kind: 'rejected' } });
    v.handleBar('OTHER', bar);
    expect(seen).toHaveLength(0);
    v.handleBar('X', bar);
    const fill = seen[0]!;
    expect(fill.kind === 'filled' && [fill.fill.clientOrderId, fill.fill.price, fill.fill.time, fill.fill.charges]).toEqual(['a', 100.1, 60_000, 10 * 100.1 * 0.001]);
    expect(seen).toHaveLength(1);
    expect(v.cancelNow(clientOrderId('b')).ok).toBe(true);
    expect(seen[1]).toMatchObject({ kind: 'cancelled', clientOrderId: 'b' });
    expect(v.cancelNow(clientOrderId('b'))).toMatchObject({ ok: false, error: { kind: 'not-found' } });
  });
});
