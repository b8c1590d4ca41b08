/**
 * The REAL KiteTicker against the fake ticker. KiteTicker keeps one socket and one listener list per process (module
 * state), so this file uses exactly one ticker, built with reconnect: false (with reconnect on, disconnect() can end
 * in process.exit(1) after its retries). Its 5-second read-timeout interval survives disconnect() for up to ~10 s and
 * would keep Jest from exiting, so only setInterval/clearInterval and Date are faked while the ticker lives; afterAll
 * advances them past the timeout so the interval clears itself.
 */
import { startFakeKite, type FakeKite } from '.';
import { ALL_INSTRUMENTS, INFY, NIFTY_INDEX, clientFor } from './support';
import { closeTicker, connectTicker, EventLog, until, type Ticker } from './tickerSupport';

type AnyTick = Record<string, unknown> & { instrument_token: number; mode: string };

describe('fake Kite ticker with the real KiteTicker', () => {
  let fake: FakeKite;
  let ticker: Ticker;
  const ticks = new EventLog<AnyTick>();
  const orderUpdates = new EventLog<Record<string, unknown>>();
  const frames = new EventLog<ArrayBuffer>();
  const modeOf = (token: number): string | undefined => fake.ticker.subscriptions()[0]?.tokens.get(token);

  beforeAll(async () => {
    fake = await startFakeKite({ instruments: ALL_INSTRUMENTS, heartbeatMs: 50 });
    ticker = await connectTicker(fake, (t) => {
      t.on('ticks', (batch: AnyTick[]) => batch.forEach(ticks.push));
      t.on('order_update', orderUpdates.push);
      t.on('message', frames.push);
    });
  });
  afterAll(async () => {
    await closeTicker(ticker, fake);
    await fake.close();
  });

  it('sends heartbeats of one byte that the client does not parse as ticks', async () => {
    await frames.next((f) => f.byteLength === 1);
    expect(ticks.items).toHaveLength(0);
  });

  it('subscribes in quote mode by default and decodes a quote packet', async () => {
    ticker.subscribe([INFY.token]);
    await until(() => modeOf(INFY.token) === 'quote');
    fake.pushTick(INFY.token, { ltp: 1573.7, lastQty: 7, avgPrice: 1570.37, volume: 1192471, buyQty: 256443, sellQty: 363009, ohlc: { open: 1569.15, high: 1575, low: 1561.05, close: 1567.8 } });
    const t = await ticks.next((x) => x.instrument_token === INFY.token);
    expect(t).toMatchObject({
      mode: 'quote', tradable: true, last_price: 1573.7, last_traded_quantity: 7, average_traded_price: 1570.37, volume_traded: 1192471,
      total_buy_quantity: 256443, total_sell_quantity: 363009, ohlc: { open: 1569.15, high: 1575, low: 1561.05, close: 1567.8 },
    });
    expect(t.change).toBeCloseTo(((1573.7 - 1567.8) * 100) / 1567.8, 9);
  });

  it('switches to full mode with depth, times and OI, then to ltp mode', async () => {
    ticker.setMode(ticker.modeFull, [INFY.token]);
    await until(() => modeOf(INFY.token) === 'full');
    const time = Date.UTC(2021, 6, 5, 5, 11, 27); // 10:41:27 IST
    const from = ticks.items.length;
    fake.pushTick(INFY.token, {
      ltp: 1574, time, oi: 11, oiHigh: 12, oiLow: 10,
      depth: { buy: [{ price: 1573.4, quantity: 5, orders: 1 }, { price: 1573, quantity: 140, orders: 2 }], sell: [{ price: 1574.05, quantity: 172, orders: 3 }] },
    });
    const t = await ticks.next((x) => x.mode === 'full', from);
    expect(t).toMatchObject({ last_price: 1574, oi: 11, oi_day_high: 12, oi_day_low: 10, volume_traded: 1192471 });
    expect(t.last_trade_time).toEqual(new Date(time));
    expect(t.exchange_timestamp).toEqual(new Date(time));
    const depth = t.depth as { buy: unknown[]; sell: unknown[] };
    expect(depth.buy[1]).toEqual({ price: 1573, quantity: 140, orders: 2 });
    expect(depth.sell[0]).toEqual({ price: 1574.05, quantity: 172, orders: 3 });
    expect(depth.sell[4]).toEqual({ price: 0, quantity: 0, orders: 0 });

    ticker.setMode(ticker.modeLTP, [INFY.token]);
    await until(() => modeOf(INFY.token) === 'ltp');
    const from2 = ticks.items.length;
    fake.setLtp(INFY.token, 1580.55);
    expect(await ticks.next((x) => x.mode === 'ltp', from2)).toEqual({ tradable: true, mode: 'ltp', instrument_token: INFY.token, last_price: 1580.55 });
  });

  it('sends index packets (28 and 32 bytes) marked not tradable', async () => {
    ticker.subscribe([NIFTY_INDEX.token]);
    await until(() => modeOf(NIFTY_INDEX.token) === 'quote');
    const from = ticks.items.length;
    fake.pushTick(NIFTY_INDEX.token, { ltp: 21500.45, ohlc: { open: 21400, high: 21550.1, low: 21390.2, close: 21450 } });
    const q = await ticks.next((x) => x.instrument_token === NIFTY_INDEX.token, from);
    expect(q).toMatchObject({ tradable: false, mode: 'quote', last_price: 21500.45, ohlc: { open: 21400, high: 21550.1, low: 21390.2, close: 21450 } });
    ticker.setMode(ticker.modeFull, [NIFTY_INDEX.token]);
    await until(() => modeOf(NIFTY_INDEX.token) === 'full');
    const time = Date.UTC(2024, 0, 15, 4, 0, 0);
    const from2 = ticks.items.length;
    fake.pushTick(NIFTY_INDEX.token, { ltp: 21501, time });
    const f = await ticks.next((x) => x.instrument_token === NIFTY_INDEX.token && x.mode === 'full', from2);
    expect(f.exchange_timestamp).toEqual(new Date(time));
  });

  it('stops sending an instrument after unsubscribe', async () => {
    ticker.unsubscribe([NIFTY_INDEX.token]);
    await until(() => modeOf(NIFTY_INDEX.token) === undefined);
    const from = ticks.items.length;
    fake.pushTicks([{ token: NIFTY_INDEX.token, tick: { ltp: 1 } }, { token: INFY.token, tick: { ltp: 1581 } }]);
    await ticks.next((x) => x.instrument_token === INFY.token && x.last_price === 1581, from);
    expect(ticks.items.slice(from).some((x) => x.instrument_token === NIFTY_INDEX.token)).toBe(false);
  });

  it('delivers order updates as order_update events', async () => {
    const kc = clientFor(fake);
    const { order_id } = await kc.placeOrder('regular', {
      exchange: 'NSE', tradingsymbol: 'INFY', transaction_type: 'BUY', quantity: 3, product: 'MIS', order_type: 'LIMIT', price: 1500,
    });
    const open = await orderUpdates.next((u) => u.order_id === order_id && u.status === 'OPEN');
    expect(open).toMatchObject({ tradingsymbol: 'INFY', quantity: 3, pending_quantity: 3, filled_quantity: 0 });
    fake.setLtp(INFY.token, 1499);
    const done = await orderUpdates.next((u) => u.order_id === order_id && u.status === 'COMPLETE');
    expect(done).toMatchObject({ filled_quantity: 3, average_price: 1500, unfilled_quantity: 0 });
  });
});
