/**
 * After a restart, KiteBroker's cumulative→delta tracker starts from the stored fills: an update that repeats
 * what was already counted — even one arriving BEFORE recover() — adds nothing, and later fills count exactly.
 */
import { LiveClock } from '../../src/core/clock';
import { MemoryOrderRepository } from '../../src/core/ports/orderRepository';
import { startFakeKite, type FakeKite } from '../fakes/kite';
import { INFY, clientFor } from '../fakes/kite/support';
import { kiteBrokerOn, omsIntent, omsOn } from '../support/brokers/omsFixtures';

describe('recover() primes the broker fill tracker', () => {
  let fake: FakeKite;
  beforeEach(async () => {
    fake = await startFakeKite({ instruments: [INFY] });
    fake.setLtp(INFY.token, 1500);
    fake.orders.maxFillQuantity = 4;
  });
  afterEach(() => fake.close());

  /** First process: 4 of 10 filled and stored, then it stops. */
  async function firstRun(repo: MemoryOrderRepository) {
    const broker = kiteBrokerOn(fake);
    const oms = omsOn(broker, repo, new LiveClock());
    const i = omsIntent({ quantity: 10 });
    await oms.submit(i);
    await oms.idle();
    await broker.sync();
    await oms.idle();
    oms.close();
    expect(await repo.get(i.clientOrderId)).toMatchObject({ status: 'PARTIALLY_FILLED', filledQuantity: 4 });
    const [row] = (await clientFor(fake).getOrders()) as unknown as Record<string, unknown>[];
    return { i, row: row! };
  }

  it('an update repeating the stored fill, arriving before recover(), is not counted again', async () => {
    const repo = new MemoryOrderRepository();
    const { i, row } = await firstRun(repo);
    const broker = kiteBrokerOn(fake, { holdUpdatesUntilPrimed: true });
    const oms = omsOn(broker, repo, new LiveClock());
    expect(broker.ingest(row).ok).toBe(true); // the same "4 filled" state, e.g. a late postback
    await oms.idle();
    expect((await repo.get(i.clientOrderId))?.filledQuantity).toBe(4);
    expect((await oms.recover()).ok).toBe(true);
    await oms.idle();
    expect((await repo.get(i.clientOrderId))?.filledQuantity).toBe(4);

    fake.orders.maxFillQuantity = null;
    fake.setLtp(INFY.token, 1502);
    await broker.sync();
    await oms.idle();
    const o = await repo.get(i.clientOrderId);
    expect(o).toMatchObject({ status: 'FILLED', filledQuantity: 10 });
    expect(o!.averagePrice).toBeCloseTo(fake.orders.orders()[0]!.average_price, 9);
    const trail = await repo.transitions({ symbol: 'INFY' });
    expect(trail.flatMap((t) => (t.fill ? [t.fill.quantity] : []))).toEqual([4, 6]);
    oms.close();
  });

  it('without recovery the restarted pipeline books nothing from a repeated update: the order is unknown until restored', async () => {
    const repo = new MemoryOrderRepository();
    const { i, row } = await firstRun(repo);
    const broker = kiteBrokerOn(fake);
    const oms = omsOn(broker, repo, new LiveClock());
    const alerts: string[] = [];
    oms.stack.events.on('alert', (e) => alerts.push(e.message));
    broker.ingest(row);
    await oms.idle();
    expect((await repo.get(i.clientOrderId))?.filledQuantity).toBe(4);
    // One alert per update the row carried (accepted, filled): each names the order.
    expect(alerts.length).toBeGreaterThan(0);
    expect(new Set(alerts)).toEqual(new Set([`An update for unknown order ${i.clientOrderId} arrived from the broker; check the order book.`]));
    oms.close();
  });

});
