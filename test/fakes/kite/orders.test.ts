import type { UserMargin } from 'kiteconnect';
import { startFakeKite, type FakeKite } from '.';
import { ALL_INSTRUMENTS, INFY, NIFTY_FUT, RELIANCE, clientFor, rejectionOf, type KiteClient } from './support';

const market = (extra: Record<string, unknown> = {}) => ({
  exchange: 'NSE' as const, tradingsymbol: 'INFY', transaction_type: 'BUY' as const, quantity: 10, product: 'CNC' as const,
  order_type: 'MARKET' as const, market_protection: -1, ...extra,
});

describe('fake Kite: orders, matching, trades, positions', () => {
  let fake: FakeKite;
  let kc: KiteClient;
  beforeEach(async () => {
    fake = await startFakeKite({ instruments: ALL_INSTRUMENTS, cash: 100_000 });
    kc = clientFor(fake);
    fake.setLtp(INFY.token, 1500);
  });
  afterEach(() => fake.close());

  it('fills a market order at the LTP and records its history, trade and position', async () => {
    const { order_id } = await kc.placeOrder('regular', market({ tag: 'abc123' }));
    expect(order_id).toMatch(/^\d{15}$/);
    const history = await kc.getOrderHistory(order_id);
    expect(history.map((h) => h.status)).toEqual(['PUT ORDER REQ RECEIVED', 'VALIDATION PENDING', 'OPEN PENDING', 'OPEN', 'COMPLETE']);
    expect(history[4]).toMatchObject({ filled_quantity: 10, pending_quantity: 0, average_price: 1500, tag: 'abc123' });
    expect(history[4]!.order_timestamp).toBeInstanceOf(Date);
    const trades = await kc.getOrderTrades(order_id);
    expect(trades).toHaveLength(1);
    expect(trades[0]).toMatchObject({ quantity: 10, average_price: 1500, transaction_type: 'BUY' });
    expect(trades[0]!.fill_timestamp).toBeInstanceOf(Date);
    fake.setLtp(INFY.token, 1510);
    const { net, day } = await kc.getPositions();
    expect(net).toHaveLength(1);
    expect(net[0]).toMatchObject({ tradingsymbol: 'INFY', quantity: 10, average_price: 1500, last_price: 1510, pnl: 100, value: -15000 });
    expect(day[0]!.quantity).toBe(10);
    const margins = (await kc.getMargins('equity')) as unknown as UserMargin;
    expect(margins.utilised.debits).toBe(15000);
    expect(margins.available.live_balance).toBe(85000);
  });

  it('rests a limit order until the LTP crosses it, then fills at the limit; modify and cancel work on open orders', async () => {
    const { order_id } = await kc.placeOrder('regular', market({ order_type: 'LIMIT', price: 1490, market_protection: undefined }));
    expect((await kc.getOrders())[0]!.status).toBe('OPEN');
    await kc.modifyOrder('regular', order_id, { price: 1495, quantity: 12 });
    let o = (await kc.getOrders())[0]!;
    expect(o).toMatchObject({ status: 'OPEN', price: 1495, quantity: 12, pending_quantity: 12, modified: true });
    fake.setLtp(INFY.token, 1494);
    o = (await kc.getOrders())[0]!;
    expect(o).toMatchObject({ status: 'COMPLETE', average_price: 1495, filled_quantity: 12 });
    expect((await rejectionOf(kc.cancelOrder('regular', order_id))).error_type).toBe('InputException');

    const sell = await kc.placeOrder('regular', market({ transaction_type: 'SELL', order_type: 'LIMIT', price: 1600 }));
    await kc.cancelOrder('regular', sell.order_id);
    const h = await kc.getOrderHistory(sell.order_id);
    expect(h.slice(-2).map((x) => x.status)).toEqual(['CANCEL PENDING', 'CANCELLED']);
    expect(h[h.length - 1]).toMatchObject({ cancelled_quantity: 10, pending_quantity: 0 });
    expect(fake.requests.list({ route: 'order.cancel' })[1]!.query.order_id).toEqual([sell.order_id]);
  });

  it('waits in TRIGGER PENDING until the trigger, and fills partially when configured', async () => {
    fake.orders.maxFillQuantity = 4;
    const { order_id } = await kc.placeOrder('regular', market({ order_type: 'SL', price: 1520, trigger_price: 1515 }));
    expect((await kc.getOrders())[0]!.status).toBe('TRIGGER PENDING');
    fake.setLtp(INFY.token, 1516);
    let o = (await kc.getOrders())[0]!;
    expect(o).toMatchObject({ status: 'OPEN', filled_quantity: 4, pending_quantity: 6 });
    fake.orders.matchAll();
    fake.setLtp(INFY.token, 1519);
    o = (await kc.getOrders())[0]!;
    expect(o).toMatchObject({ status: 'COMPLETE', filled_quantity: 10 });
    const trades = await kc.getOrderTrades(order_id);
    expect(trades.map((t) => [t.quantity, t.average_price])).toEqual([[4, 1516], [4, 1520], [2, 1520]]);
    // Average price checked against a straightforward weighted mean.
    expect(o.average_price).toBeCloseTo((4 * 1516 + 6 * 1520) / 10, 10);
    expect(fake.updates.published.filter((u) => u.order_id === order_id).map((u) => u.status)).toEqual(['TRIGGER PENDING', 'OPEN', 'UPDATE', 'UPDATE', 'COMPLETE']);
  });

  it('validates orders as Kite does and surfaces InputException with its message', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ tradingsymbol: 'NOSUCH' }, /tradingsymbol/],
      [{ product: 'BO' }, /product/],
      [{ quantity: 0 }, /quantity/],
      [{ order_type: 'LIMIT', price: 1500.03 }, /tick size/],
      [{ order_type: 'SL', price: 1500, trigger_price: 1505 }, /less than the limit price/],
      [{ market_protection: undefined }, /market protection/],
      [{ tag: 'has space' }, /tag/],
      [{ tag: 'a'.repeat(21) }, /tag/],
      [{ exchange: 'NFO', tradingsymbol: NIFTY_FUT.tradingsymbol, product: 'NRML', quantity: 50 }, /lot size 75/],
    ];
    for (const [extra, message] of cases) {
      const e = await rejectionOf(kc.placeOrder('regular', market(extra) as Parameters<KiteClient['placeOrder']>[1]));
      expect(e.error_type).toBe('InputException');
      expect(e.message).toMatch(message);
    }
    expect(fake.orders.orders()).toHaveLength(0);
  });

  it('rejects an order after validation when told to, with the RMS message', async () => {
    fake.orders.rejectNext('Insufficient funds. Required margin is 15000.00 but available margin is 100.00.');
    const { order_id } = await kc.placeOrder('regular', market());
    const o = (await kc.getOrderHistory(order_id)).at(-1)!;
    expect(o.status).toBe('REJECTED');
    expect(o.status_message).toMatch(/Insufficient funds/);
  });

  it('cancels the unfilled rest of an IOC order and keeps orders of other instruments apart', async () => {
    fake.setLtp(RELIANCE.token, 2500);
    await kc.placeOrder('regular', market({ tradingsymbol: 'RELIANCE', order_type: 'LIMIT', price: 2400, validity: 'IOC' }));
    await kc.placeOrder('regular', market());
    const orders = await kc.getOrders();
    expect(orders.map((o) => [o.tradingsymbol, o.status])).toEqual([['RELIANCE', 'CANCELLED'], ['INFY', 'COMPLETE']]);
    expect((await kc.getTrades()).map((t) => t.tradingsymbol)).toEqual(['INFY']);
  });

  it('answers holdings seeded by the test, valued at the LTP', async () => {
    fake.setHoldings([{ exchange: 'NSE', tradingsymbol: 'INFY', quantity: 5, average_price: 1400, close_price: 1480 }]);
    const [h] = await kc.getHoldings();
    expect(h).toMatchObject({ tradingsymbol: 'INFY', instrument_token: 408065, quantity: 5, last_price: 1500, pnl: 500, day_change: 20 });
  });
});
