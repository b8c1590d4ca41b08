import { startFakeKite, type FakeKite } from '.';
import { ALL_INSTRUMENTS, INFY, clientFor, rejectionOf, type KiteClient } from './support';

/** Zerodha equity charges written out independently of the fake, rate by rate. */
function reference(product: 'CNC' | 'MIS', side: 'BUY' | 'SELL', qty: number, price: number) {
  const turnover = qty * price;
  const brokerage = product === 'CNC' ? 0 : Math.min(20, (turnover * 3) / 10_000);
  const stt = product === 'CNC' ? turnover / 1000 : side === 'SELL' ? (turnover * 25) / 100_000 : 0;
  const exchange = (turnover * 297) / 10_000_000;
  const sebi = (turnover * 10) / 10_000_000;
  const stamp = side === 'BUY' ? (turnover * (product === 'CNC' ? 15 : 3)) / 100_000 : 0;
  const gst = ((brokerage + exchange + sebi) * 18) / 100;
  return { brokerage, stt, exchange, sebi, stamp, gst, total: brokerage + stt + exchange + sebi + stamp + gst };
}

describe('fake Kite order margins and charges', () => {
  let fake: FakeKite;
  let kc: KiteClient;
  beforeAll(async () => {
    fake = await startFakeKite({ instruments: ALL_INSTRUMENTS });
    kc = clientFor(fake);
    fake.setLtp(INFY.token, 1523.45);
  });
  afterAll(() => fake.close());

  it.each([
    ['CNC', 'BUY', 10, 1500],
    ['CNC', 'SELL', 7, 1523.45],
    ['MIS', 'BUY', 100, 1500],
    ['MIS', 'SELL', 1000, 1499.95],
  ] as const)('charges %s %s %i @ %d match the reference formula', async (product, side, qty, price) => {
    const [note] = await kc.getvirtualContractNote([
      { order_id: '1', exchange: 'NSE', tradingsymbol: 'INFY', transaction_type: side, variety: 'regular', product, order_type: 'LIMIT', quantity: qty, average_price: price },
    ]);
    const ref = reference(product, side, qty, price);
    const c = note!.charges;
    expect(c.brokerage).toBeCloseTo(ref.brokerage, 9);
    expect(c.transaction_tax).toBeCloseTo(ref.stt, 9);
    expect(c.exchange_turnover_charge).toBeCloseTo(ref.exchange, 9);
    expect(c.sebi_turnover_charge).toBeCloseTo(ref.sebi, 9);
    expect(c.stamp_duty).toBeCloseTo(ref.stamp, 9);
    expect(c.gst.total).toBeCloseTo(ref.gst, 9);
    expect(c.total).toBeCloseTo(ref.total, 9);
  });

  it('prices market orders at the LTP for margins and applies MIS leverage', async () => {
    const [cnc, mis] = await kc.orderMargins([
      { exchange: 'NSE', tradingsymbol: 'INFY', transaction_type: 'BUY', variety: 'regular', product: 'CNC', order_type: 'MARKET', quantity: 10, price: 0, trigger_price: 0 },
      { exchange: 'NSE', tradingsymbol: 'INFY', transaction_type: 'BUY', variety: 'regular', product: 'MIS', order_type: 'LIMIT', quantity: 10, price: 1500, trigger_price: 0 },
    ]);
    expect(cnc!.total).toBeCloseTo(15234.5, 9);
    expect(mis!.total).toBeCloseTo(3000, 9);
    expect(fake.requests.list({ route: 'order.margins' })[0]!.query.mode).toEqual(['compact']);
  });

  it('answers InputException for a malformed order list', async () => {
    const e = await rejectionOf(kc.orderMargins([{ exchange: 'NSE', tradingsymbol: 'INFY' } as never]));
    expect(e.error_type).toBe('InputException');
  });
});
