/**
 * Done-when: no duplicate order under a timeout-then-success placement, a double approval, and a restart
 * between "placed" and "acknowledged" — OMS + KiteBroker (real kiteconnect) against the fake Kite server.
 */
import { LiveClock } from '../../src/core/clock';
import { userId } from '../../src/core/ids';
import { MemoryOrderRepository } from '../../src/core/ports/orderRepository';
import { startFakeKite, type FakeKite } from '../fakes/kite';
import { INFY } from '../fakes/kite/support';
import { kiteBrokerOn, omsIntent, omsOn, placedWithTag } from '../support/brokers/omsFixtures';

async function waitFor(done: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !done(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!done()) throw new Error('condition not reached');
}

describe('no duplicate orders', () => {
  let fake: FakeKite;
  const clock = new LiveClock();

  beforeEach(async () => {
    fake = await startFakeKite({ instruments: [INFY] });
    fake.setLtp(INFY.token, 1500);
  });
  afterEach(() => fake.close());

  it.each([
    ['the reply is lost (connection closed after the order was placed)', { kind: 'lostReply' as const }],
    ['the reply comes after the client timed out', { kind: 'lostReply' as const, afterMs: 1500 }],
  ])('places once when %s: the order is found by its tag', async (_label, action) => {
    fake.faults.add({ route: 'order.place', action });
    const broker = kiteBrokerOn(fake, {}, 400);
    const oms = omsOn(broker, new MemoryOrderRepository(), clock);
    const i = omsIntent({ quantity: 3 });
    expect((await oms.submit(i)).ok).toBe(true);
    await oms.idle();
    expect(placedWithTag(fake, i.clientOrderId)).toBe(1);
    expect(fake.requests.count({ route: 'order.place' })).toBe(1);
    const order = await oms.get(i.clientOrderId);
    expect(order?.brokerOrderId).toBe(fake.orders.orders()[0]!.order_id);
    oms.close();
  });

  it('writes nothing once closed: a placement answered after close() stays SUBMITTED for the next start to reconcile', async () => {
    fake.faults.add({ route: 'order.place', action: { kind: 'delay', ms: 300 } });
    const broker = kiteBrokerOn(fake, {}, 2000);
    const repo = new MemoryOrderRepository();
    const oms = omsOn(broker, repo, clock);
    const i = omsIntent({ quantity: 2 });
    expect((await oms.submit(i)).ok).toBe(true);
    await waitFor(() => fake.requests.count({ route: 'order.place' }) === 1);
    oms.close();
    await oms.idle();
    expect(placedWithTag(fake, i.clientOrderId)).toBe(1);
    expect((await repo.get(i.clientOrderId))?.status).toBe('SUBMITTED');
    expect((await repo.get(i.clientOrderId))?.brokerOrderId).toBeUndefined();
  });

  it('never re-sends a placement without an answer: missing from the order book after every look-up, the order is UNKNOWN', async () => {
    fake.faults.add({ route: 'order.place', action: { kind: 'dropConnection' } });
    const broker = kiteBrokerOn(fake, { lookupDelaysMs: [0, 0, 0] });
    const events: string[] = [];
    const oms = omsOn(broker, new MemoryOrderRepository(), clock, { onEvent: (e) => void (e.type === 'order-unknown' && events.push(e.order.intent.clientOrderId)) });
    const i = omsIntent();
    await oms.submit(i);
    await oms.idle();
    expect(fake.requests.count({ route: 'order.place' })).toBe(1);
    expect(fake.requests.count({ route: 'orders' })).toBe(3);
    expect(placedWithTag(fake, i.clientOrderId)).toBe(0);
    const o = await oms.get(i.clientOrderId);
    expect(o?.status).toBe('UNKNOWN');
    expect(o?.message).toMatch(/did not show the order's tag .* in 3 look-up\(s\).*it was not sent again\.$/);
    expect(events).toEqual([i.clientOrderId]);
  });

  it('places once under a double approval, and the second approval says why it changed nothing', async () => {
    const broker = kiteBrokerOn(fake);
    const oms = omsOn(broker, new MemoryOrderRepository(), clock, { needsApproval: () => true });
    const i = omsIntent({ quantity: 2 });
    const sub = await oms.submit(i);
    expect(sub.ok && sub.value.status).toBe('PENDING_APPROVAL');
    expect(placedWithTag(fake, i.clientOrderId)).toBe(0);
    const trader = userId('trader1');
    const [a, b] = await Promise.all([oms.release(i.clientOrderId, trader), oms.release(i.clientOrderId, trader)]);
    await oms.idle();
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    const refused = a.ok ? b : a;
    expect(!refused.ok && refused.error.message).toMatch(/not waiting for approval/);
    const late = await oms.release(i.clientOrderId, trader);
    expect(late.ok).toBe(false);
    await oms.idle();
    expect(placedWithTag(fake, i.clientOrderId)).toBe(1);
  });

  it('a restart between "placed" and "acknowledged" reconciles by tag instead of placing again', async () => {
    const repo = new MemoryOrderRepository();
    // First process: the order reaches Kite but the reply never comes back, and no look-up finds it (none is made):
    // it is stored UNKNOWN, never sent again.
    fake.faults.add({ route: 'order.place', action: { kind: 'lostReply' } });
    const first = omsOn(kiteBrokerOn(fake, { lookupDelaysMs: [] }), repo, clock);
    const i = omsIntent({ quantity: 7 });
    await first.submit(i);
    await first.idle();
    first.close();
    expect((await repo.get(i.clientOrderId))?.status).toBe('UNKNOWN');
    expect((await repo.get(i.clientOrderId))?.brokerOrderId).toBeUndefined();
    expect(placedWithTag(fake, i.clientOrderId)).toBe(1);

    // Second process on the same store.
    const second = omsOn(kiteBrokerOn(fake), repo, clock);
    const report = await second.recover();
    await second.idle();
    expect(report.ok).toBe(true);
    const o = await repo.get(i.clientOrderId);
    expect(o?.status).toBe('FILLED');
    expect(o?.filledQuantity).toBe(7);
    expect(o?.averagePrice).toBeCloseTo(1500, 6);
    expect(o?.brokerOrderId).toBe(fake.orders.orders()[0]!.order_id);
    expect(placedWithTag(fake, i.clientOrderId)).toBe(1);
    expect(fake.requests.count({ route: 'order.place' })).toBe(1);
    const trail = await repo.transitions({ symbol: 'INFY' });
    expect(trail.map((t) => t.to)).toEqual(['APPROVED', 'SUBMITTED', 'UNKNOWN', 'OPEN', 'FILLED']);
    expect(trail.slice(3).every((t) => t.cause.kind === 'reconciliation')).toBe(true);
  });
});
