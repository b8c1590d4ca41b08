import type { Bar } from '../../../src/core/bar';
import { startFakeKite, type FakeKite } from '.';
import { ALL_INSTRUMENTS, INFY, NIFTY_FUT, RELIANCE, clientFor, rejectionOf, type KiteClient } from './support';

/** 09:15 IST on 2024-01-15 as epoch ms, computed from the UTC offset by hand. */
const T0 = Date.UTC(2024, 0, 15, 3, 45);

const minuteBars = (n: number): Bar[] =>
  Array.from({ length: n }, (_, i) => ({ time: T0 + i * 60_000, open: 100 + i, high: 101 + i, low: 99 + i, close: 100.5 + i, volume: 1000 + i, oi: 5000 + i }));

describe('fake Kite: instruments, historical candles, quotes', () => {
  let fake: FakeKite;
  let kc: KiteClient;
  beforeAll(async () => {
    fake = await startFakeKite({ instruments: ALL_INSTRUMENTS });
    kc = clientFor(fake);
  });
  afterAll(() => fake.close());

  it('serves the instruments CSV that the client parses, per exchange too', async () => {
    fake.setLtp(INFY.token, 1500.25);
    const all = await kc.getInstruments();
    // Like the real dump, the CSV ends with a line break, which the client's CSV parser turns into one empty row.
    const rows = all.filter((r) => r.tradingsymbol !== undefined);
    expect(all).toHaveLength(ALL_INSTRUMENTS.length + 1);
    expect(rows).toHaveLength(ALL_INSTRUMENTS.length);
    const infy = rows.find((r) => r.tradingsymbol === 'INFY');
    expect(infy).toMatchObject({ instrument_token: '408065', exchange: 'NSE', tick_size: 0.05, lot_size: 1, last_price: 1500.25, name: 'INFOSYS' });
    const reliance = rows.find((r) => r.tradingsymbol === 'RELIANCE');
    expect(reliance?.name).toBe('RELIANCE INDUSTRIES, LTD'); // a comma inside a quoted cell
    const nfo = (await kc.getInstruments('NFO')).filter((r) => r.tradingsymbol !== undefined);
    expect(nfo.map((r) => r.tradingsymbol)).toEqual(['NIFTY25JANFUT']);
    expect(nfo[0]!.lot_size).toBe(75);
    expect(nfo[0]!.expiry).toEqual(new Date('2025-01-30'));
  });

  it('serves loaded candles inside [from, to] parsed into Dates, with OI on request', async () => {
    fake.loadCandles(RELIANCE.token, 'minute', minuteBars(30));
    const candles = await kc.getHistoricalData(RELIANCE.token, 'minute', '2024-01-15 09:20:00', '2024-01-15 09:24:00');
    expect(candles).toHaveLength(5);
    expect(candles[0]!.date).toEqual(new Date(T0 + 5 * 60_000));
    expect(candles[0]).toMatchObject({ open: 105, high: 106, low: 104, close: 105.5, volume: 1005 });
    expect(candles[0]).not.toHaveProperty('oi');
    const withOi = await kc.getHistoricalData(RELIANCE.token, 'minute', new Date(T0), new Date(T0 + 60_000), false, true);
    expect(withOi.map((c) => c.oi)).toEqual([5000, 5001]);
    const q = fake.requests.list({ route: 'market.historical' })[1]!.query;
    expect(q.from).toEqual(['2024-01-15 09:15:00']); // the client formats Dates in local (IST) wall time
  });

  it('uses a generator for ranges that were not loaded', async () => {
    fake.setCandleGenerator((token, interval, from, to) =>
      interval === 'day' ? [{ time: from, open: token, high: token, low: token, close: token, volume: to - from }] : [],
    );
    const c = await kc.getHistoricalData(INFY.token, 'day', '2024-01-01 00:00:00', '2024-01-02 00:00:00');
    expect(c).toEqual([{ date: new Date('2024-01-01T00:00:00+05:30'), open: 408065, high: 408065, low: 408065, close: 408065, volume: 86_400_000 }]);
    fake.setCandleGenerator(null);
  });

  it("enforces Kite's maximum range per interval with InputException", async () => {
    const ok = await kc.getHistoricalData(RELIANCE.token, 'minute', '2024-01-01 09:15:00', '2024-03-01 09:15:00'); // exactly 60 days
    expect(ok).toHaveLength(30);
    const e = await rejectionOf(kc.getHistoricalData(RELIANCE.token, 'minute', '2024-01-01 09:15:00', '2024-03-01 09:16:00'));
    expect(e).toMatchObject({ error_type: 'InputException', message: 'interval exceeds max limit: 60 days' });
    const day = await rejectionOf(kc.getHistoricalData(RELIANCE.token, 'day', '2015-01-01 00:00:00', '2020-12-31 00:00:00'));
    expect(day.message).toBe('interval exceeds max limit: 2000 days');
    expect((await rejectionOf(kc.getHistoricalData(RELIANCE.token, 'minute', '15/01/2024', '2024-01-16'))).error_type).toBe('InputException');
    expect((await rejectionOf(kc.getHistoricalData(999, 'minute', '2024-01-15', '2024-01-16'))).message).toBe('invalid token');
  });

  it('answers quote, ohlc and ltp keyed by exchange:tradingsymbol for repeated i= parameters', async () => {
    const time = Date.UTC(2024, 0, 15, 5, 0, 7); // 10:30:07 IST
    fake.pushTick(RELIANCE.token, {
      ltp: 2501.5, lastQty: 7, volume: 123456, avgPrice: 2499.1, buyQty: 100, sellQty: 200, time,
      ohlc: { open: 2490, high: 2510, low: 2480, close: 2495 }, circuit: { lower: 2245.5, upper: 2744.5 },
      depth: { buy: [{ price: 2501.45, quantity: 10, orders: 2 }], sell: [{ price: 2501.5, quantity: 5, orders: 1 }] },
    });
    fake.setLtp(INFY.token, 1500.25);
    const quote = await kc.getQuote(['NSE:RELIANCE', 'NSE:INFY', 'NSE:NOSUCH']);
    expect(Object.keys(quote).sort()).toEqual(['NSE:INFY', 'NSE:RELIANCE']);
    const r = quote['NSE:RELIANCE']!;
    expect(r).toMatchObject({ instrument_token: 738561, last_price: 2501.5, last_quantity: 7, volume: 123456, lower_circuit_limit: 2245.5 });
    expect(r.timestamp).toEqual(new Date(time));
    expect(r.net_change).toBe(6.5);
    expect(r.depth.buy[0]).toEqual({ price: 2501.45, quantity: 10, orders: 2 });
    expect(r.depth.sell).toHaveLength(5);
    expect(fake.requests.list({ route: 'market.quote' })[0]!.query.i).toEqual(['NSE:RELIANCE', 'NSE:INFY', 'NSE:NOSUCH']);
    const ohlc = await kc.getOHLC(['NSE:RELIANCE']);
    expect(ohlc['NSE:RELIANCE']).toEqual({ instrument_token: 738561, last_price: 2501.5, ohlc: { open: 2490, high: 2510, low: 2480, close: 2495 } });
    const ltp = await kc.getLTP(['NSE:INFY', `${NIFTY_FUT.token}`]);
    expect(ltp).toEqual({ 'NSE:INFY': { instrument_token: 408065, last_price: 1500.25 }, '13238786': { instrument_token: 13238786, last_price: 0 } });
  });
});
