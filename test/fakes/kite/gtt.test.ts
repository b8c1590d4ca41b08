import { startFakeKite, type FakeKite } from '.';
import { ALL_INSTRUMENTS, INFY, clientFor, rejectionOf, type KiteClient } from './support';

const oco = (lower: number, upper: number) => ({
  trigger_type: 'two-leg' as const, tradingsymbol: 'INFY', exchange: 'NSE' as const, trigger_values: [lower, upper], last_price: 1500,
  orders: [
    { transaction_type: 'SELL' as const, quantity: 5, product: 'CNC' as const, order_type: 'LIMIT' as const, price: lower - 1 },
    { transaction_type: 'SELL' as const, quantity: 5, product: 'CNC' as const, order_type: 'LIMIT' as const, price: upper },
  ],
});

describe('fake Kite GTT triggers', () => {
  let fake: FakeKite;
  let kc: KiteClient;
  beforeEach(async () => {
    fake = await startFakeKite({ instruments: ALL_INSTRUMENTS });
    kc = clientFor(fake);
    fake.setLtp(INFY.token, 1500);
  });
  afterEach(() => fake.close());

  it('places, reads, modifies and deletes a two-leg GTT', async () => {
    const { trigger_id } = await kc.placeGTT(oco(1400, 1600));
    const t = await kc.getGTT(trigger_id);
    expect(t).toMatchObject({ id: trigger_id, type: 'two-leg', status: 'active', condition: { instrument_token: 408065, trigger_values: [1400, 1600] } });
    await kc.modifyGTT(trigger_id, oco(1450, 1650));
    expect((await kc.getGTT(trigger_id)).condition.trigger_values).toEqual([1450, 1650]);
    expect(await kc.getGTTs()).toHaveLength(1);
    await kc.deleteGTT(trigger_id);
    expect((await kc.getGTT(trigger_id)).status).toBe('deleted');
    expect((await rejectionOf(kc.deleteGTT(trigger_id))).error_type).toBe('InputException');
  });

  it('fires the stop leg when the LTP falls to the lower trigger and places its LIMIT order', async () => {
    const { trigger_id } = await kc.placeGTT(oco(1400, 1600));
    fake.setLtp(INFY.token, 1450);
    expect((await kc.getGTT(trigger_id)).status).toBe('active');
    fake.setLtp(INFY.token, 1399.5);
    const t = await kc.getGTT(trigger_id);
    expect(t.status).toBe('triggered');
    const orders = await kc.getOrders();
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ transaction_type: 'SELL', price: 1399, quantity: 5, status: 'COMPLETE', average_price: 1399.5 });
    expect(t.orders[0]!.result).toMatchObject({ order_result: { status: 'success', order_id: orders[0]!.order_id } });
    fake.setLtp(INFY.token, 1700);
    expect(await kc.getOrders()).toHaveLength(1); // the other leg is gone
  });

  it('rejects inconsistent trigger values', async () => {
    expect((await rejectionOf(kc.placeGTT(oco(1550, 1600)))).error_type).toBe('InputException');
  });
});
