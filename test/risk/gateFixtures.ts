/** Builders for risk gate tests (not a test file itself). */
import { istTime } from '../../src/calendar/ist';
import { clientOrderId, userId } from '../../src/core/ids';
import type { OrderIntent } from '../../src/core/order';
import type { RiskSnapshot } from '../../src/risk/riskSnapshot';

export const NOW = istTime('2026-11-25', '10:00');

export const intent = (o: Partial<OrderIntent> = {}): OrderIntent => ({
  clientOrderId: clientOrderId('c-1'),
  symbol: 'INFY',
  side: 'BUY',
  quantity: 100,
  orderType: 'MARKET',
  product: 'CNC',
  validity: 'DAY',
  source: { kind: 'user', userId: userId('u1') },
  reason: 'test entry',
  time: NOW,
  ...o,
});

/** Equity ₹10,00,000; INFY at ₹250, HDFCBANK at ₹1,500, ICICIBANK at ₹1,000; VaR ₹10,000 with 2% per rupee. */
export const snapshot = (o: Partial<RiskSnapshot> = {}): RiskSnapshot => ({
  time: NOW,
  tradingState: 'ACTIVE',
  equity: 1_000_000,
  dayStartEquity: 1_000_000,
  dayPnl: 0,
  positions: new Map(),
  market: new Map([
    ['INFY', { lastPrice: 250 }],
    ['HDFCBANK', { lastPrice: 1500 }],
    ['ICICIBANK', { lastPrice: 1000 }],
  ]),
  sectors: { INFY: 'IT', HDFCBANK: 'Banks', ICICIBANK: 'Banks' },
  recentOrders: [],
  var: { current: 10_000, perRupee: new Map([['INFY', 0.02], ['HDFCBANK', 0.02], ['ICICIBANK', 0.02]]) },
  ...o,
});
