/** The fill notice's charges field: a same-day credit (below zero) says why, an ordinary charge does not. */
import { clientOrderId, userId } from '../../src/core/ids';
import type { Fill } from '../../src/core/fill';
import { notificationOf } from '../../src/notify/eventNotifications';

const fill = (side: 'BUY' | 'SELL', charges: number): Fill => ({
  clientOrderId: clientOrderId('462nhm22'),
  symbol: 'TCS',
  side,
  quantity: 55,
  price: 892.55,
  time: Date.UTC(2026, 11, 7, 5, 0),
  source: { kind: 'user', userId: userId('console') },
  charges,
});

const chargesField = (f: Fill): string | undefined => notificationOf({ type: 'order-filled', fill: f })?.fields?.find((x) => x.name === 'Charges')?.value;

describe('fill notice: charges', () => {
  test('a sell that squares off today’s buy (a credit) says so beside the amount', () => {
    expect(chargesField(fill('SELL', -0.09))).toBe('-₹0.09 (a credit: the shares it squares off from today’s buys are charged as intraday)');
  });

  test('an ordinary charge is the amount alone', () => {
    expect(chargesField(fill('BUY', 117.63))).toBe('₹117.63');
    expect(chargesField(fill('SELL', 0))).toBe('₹0.00');
  });
});
