/**
 * Costs by kind through a backtest match src/core/costs leg by leg; the simulated broker's limit and stop
 * orders fill at the price when the range reaches it and at the open when the bar gaps through.
 */
import { SimulatedBroker } from '../../src/brokers/paper/simulatedBroker';
import { runBacktest } from '../../src/backtest/runBacktest';
import { CHARGE_KINDS, ZerodhaEquityCostModel } from '../../src/core/costs';
import { ZERO_CHARGES } from '../../src/core/costs/types';
import type { Fill } from '../../src/core/fill';
import type { OrderUpdate } from '../../src/core/broker';
import { clientOrderId, strategyInstanceId } from '../../src/core/ids';
import type { OrderIntent } from '../../src/core/order';
import { request, seeded, strategies } from './support/fixtures';

describe('Zerodha costs in a delivery backtest', () => {
  const data = seeded(['RELIANCE'], 1500, 'day', 11, '2019-01-01');
  const r = runBacktest(request({ strategy: 'sma-cross', symbols: ['RELIANCE'], interval: 'day', params: { fast: 10, slow: 30 }, costs: 'zerodha' }), { series: data, synthetic: true }, { strategies: strategies() });
  if (!r.ok) throw new Error(r.error);
  const res = r.value;
  const model = new ZerodhaEquityCostModel();

  it('charges every leg as the cost model does, kind by kind, to the paisa', () => {
    expect(res.trades.length).toBeGreaterThan(5);
    for (const t of res.trades) {
      const legs = [model.charges({ side: 'BUY', quantity: t.quantity, price: t.entryPrice, product: 'CNC', exchange: 'NSE', time: t.entryTime, symbol: 'RELIANCE' })];
      if (!t.open) legs.push(model.charges({ side: 'SELL', quantity: t.quantity, price: t.exitPrice, product: 'CNC', exchange: 'NSE', time: t.exitTime, symbol: 'RELIANCE' }));
      for (const k of CHARGE_KINDS) expect(Math.round(t.charges[k] * 100)).toBe(legs.reduce((a, c) => a + Math.round(c[k] * 100), 0));
      expect(t.costs).toBeCloseTo(legs.reduce((a, c) => a + c.total, 0), 6);
    }
  });

  it('reports the total costs by kind in the metrics, and the equity pays them', () => {
    for (const k of CHARGE_KINDS) expect(res.metrics.costs[k]).toBeCloseTo(res.trades.reduce((a, t) => a + t.charges[k], 0), 6);
    expect(res.metrics.costs.stt).toBeGreaterThan(0);
    expect(res.metrics.costs.dp).toBeGreaterThan(0);
    const pnl = res.trades.reduce((a, t) => a + t.pnl, 0);
    expect(res.metrics.finalEquity).toBeCloseTo(1_000_000 + pnl, 4);
  });
});

describe('the simulated broker: limit and stop orders on bars', () => {
  const fills: Fill[] = [];
  const updates: OrderUpdate[] = [];
  const venue = SimulatedBroker.create({
    clock: { now: () => 0 },
    charges: { charge: () => ZERO_CHARGES },
    instruments: () => ({ exchange: 'NSE', tickSize: 0.05, lotSize: 1 }),
    slippageBps: 10,
    checkFunds: false,
  });
  venue.onOrderUpdate((u) => (u.kind === 'filled' ? fills.push(u.fill) : updates.push(u)));
  let n = 0;
  const intent = (o: Partial<OrderIntent>): OrderIntent => ({
    clientOrderId: clientOrderId(`t${++n}`),
    symbol: 'X',
    side: 'BUY',
    quantity: 10,
    orderType: 'LIMIT',
    product: 'MIS',
    validity: 'DAY',
    source: { kind: 'strategy', instanceId: strategyInstanceId('t') },
    reason: 'test',
    time: 0,
    ...o,
  });
  const bar = (open: number, high: number, low: number, close: number) => ({ time: 1, open, high, low, close, volume: 1e6 });
  const last = (): Fill => fills[fills.length - 1]!;
  const submit = (i: OrderIntent): ReturnType<SimulatedBroker['placeNow']> => venue.placeNow(i);

  beforeEach(() => {
    fills.length = 0;
    updates.length = 0;
  });

  it('buy limit: waits above the range, then fills at the limit when the range reaches it', () => {
    submit(intent({ price: 95 }));
    venue.handleBar('X', bar(100, 101, 96, 97));
    expect(fills).toHaveLength(0);
    venue.handleBar('X', bar(97, 98, 94, 96));
    expect(last().price).toBe(95);
  });

  it('buy limit: fills at the open when the bar gaps below the limit', () => {
    submit(intent({ price: 95 }));
    venue.handleBar('X', bar(90, 92, 89, 91));
    expect(last().price).toBe(90);
  });

  it('sell stop (SL-M): at the trigger minus slippage, or at the open minus slippage on a gap', () => {
    submit(intent({ side: 'SELL', orderType: 'SL-M', trigger: 95 }));
    venue.handleBar('X', bar(100, 101, 94, 96));
    expect(last().price).toBe(94.9); // 95 × 0.999 = 94.905 floored to the tick
    submit(intent({ side: 'SELL', orderType: 'SL-M', trigger: 95 }));
    venue.handleBar('X', bar(90, 91, 88, 89));
    expect(last().price).toBe(89.9); // 90 × 0.999 = 89.91 floored
  });

  it('rejects stop-limit orders with a sentence', () => {
    const r = submit(intent({ orderType: 'SL', price: 100, trigger: 99 }));
    expect(r).toMatchObject({ ok: false, error: { kind: 'rejected', message: expect.stringMatching(/stop-limit \(SL\) orders are not simulated/) } });
  });

  it('refuses a delivery sell of shares it does not hold', () => {
    const r = submit(intent({ side: 'SELL', orderType: 'MARKET', product: 'CNC' }));
    expect(r).toMatchObject({ ok: false, error: { message: expect.stringMatching(/You hold 0 free shares of X/) } });
    expect(updates).toHaveLength(0);
  });
});
