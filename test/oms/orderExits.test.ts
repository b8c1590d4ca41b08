/**
 * Exits through the order pipeline: an entry with a stop and/or a take-profit gets its exit attached once it fills
 * (for the position), exactly once — also across restarts — and the exit's legs, which the broker places on its
 * own (a simulated OCO leg, a fired Kite GTT leg with no tag), are booked as orders of the position's account
 * instead of being reported as unknown. The simulated broker, and KiteBroker on the fake Kite (GTT firing).
 */
import type { SimulatedBroker } from '../../src/brokers/paper/simulatedBroker';
import type { DomainEvent } from '../../src/core/events';
import { clientOrderId, type ClientOrderId } from '../../src/core/ids';
import { newOrder } from '../../src/core/order';
import type { OrderBookBroker } from '../../src/oms/brokerOrders';
import { transitionRecord } from '../../src/oms/orderLifecycle';
import { MemoryOrderRepository } from '../../src/core/ports/orderRepository';
import { startFakeKite } from '../fakes/kite';
import { INFY } from '../fakes/kite/support';
import { kiteBrokerOn, ManualClock, omsIntent, omsOn } from '../support/brokers/omsFixtures';
import { paperBroker } from '../support/brokers/pipelineStack';

const T0 = Date.parse('2025-01-06T04:00:00Z');
const rules = (s: string) => (s === 'INFY' ? { tickSize: 0.05, lotSize: 1 } : undefined);

function paperOms(broker: OrderBookBroker, repo: MemoryOrderRepository, clock: ManualClock, events: DomainEvent[]) {
  return omsOn(broker, repo, clock, { rules, onEvent: (e) => events.push(e), prices: new Map([['INFY', 1500]]) });
}

const openPaper = (clock: ManualClock): Promise<SimulatedBroker> => paperBroker(clock, ['INFY']);

const exitAttachments = async (repo: MemoryOrderRepository, id: ClientOrderId) =>
  (await repo.transitions({})).filter((t) => t.clientOrderId === id && t.cause.kind === 'system' && t.cause.detail === 'exit attached');
const unknownAlerts = (events: DomainEvent[]) => events.filter((e) => e.type === 'alert' && /unknown order/.test(e.message));

describe('OMS exits on the paper broker', () => {
  it('a filled entry gets its OCO pair once; the stop leg is booked against the position', async () => {
    const clock = new ManualClock(T0);
    const broker = await openPaper(clock);
    const repo = new MemoryOrderRepository();
    const events: DomainEvent[] = [];
    const oms = paperOms(broker, repo, clock, events);
    broker.handleTick('INFY', 1499, T0 - 1000);
    const entry = omsIntent({ quantity: 10, stop: 1470, takeProfit: 1560, time: T0 });
    expect((await oms.submit(entry)).ok).toBe(true);
    await oms.idle();
    expect((await repo.get(entry.clientOrderId))?.exitId).toBeUndefined(); // not filled yet: nothing attached
    broker.handleTick('INFY', 1500, T0 + 1000);
    await oms.idle();
    const filled = await repo.get(entry.clientOrderId);
    expect(filled).toMatchObject({ status: 'FILLED', filledQuantity: 10, averagePrice: 1500 });
    const exitId = filled!.exitId!;
    expect(exitId).toMatch(/^E\d+$/);
    expect((await exitAttachments(repo, entry.clientOrderId)).map((t) => t.message)).toEqual([`Exit ${exitId} attached: stop 1470, take-profit 1560 for 10 shares.`]);

    // The stop is touched: the leg fills at its trigger (an SL-M; the bar opened above it).
    clock.t = T0 + 60_000;
    broker.handleBar('INFY', { time: T0 + 60_000, open: 1480, high: 1485, low: 1460, close: 1465, volume: 1000 });
    await oms.idle();
    const leg = await repo.get(clientOrderId(`${exitId}S`));
    expect(leg).toMatchObject({ status: 'FILLED', filledQuantity: 10, averagePrice: 1470 });
    expect(leg?.intent).toMatchObject({ side: 'SELL', quantity: 10, source: { kind: 'risk', rule: 'stop-loss' } });
    expect(unknownAlerts(events)).toEqual([]);
    // Reference: bought 10 @ 1500, sold 10 @ 1470 → flat, realised −₹300 before charges.
    const pos = await broker.positions();
    expect(pos.ok && pos.value).toEqual([]);
    expect(10 * (leg!.averagePrice - filled!.averagePrice)).toBe(-300);
    expect(broker.cash).toBeLessThan(1_000_000 - 300);
    expect(broker.cash).toBeGreaterThan(1_000_000 - 300 - 50);

    // Restart: the store and the broker agree (no position difference) and no second pair is attached.
    oms.close();
    await oms.idle();
    const oms2 = paperOms(broker, repo, clock, events);
    const report = await oms2.recover();
    expect(report.ok && report.value.positions).toEqual([]);
    await oms2.idle();
    expect(await exitAttachments(repo, entry.clientOrderId)).toHaveLength(1);
    oms2.close();
  });

  it('an entry stored FILLED without its exit (a crash before the attach) gets it at the next start, once', async () => {
    const clock = new ManualClock(T0);
    const broker = await openPaper(clock);
    const repo = new MemoryOrderRepository();
    // The dead process: the entry reached the broker and filled, the store says FILLED, no exit was recorded.
    const entry = omsIntent({ quantity: 4, stop: 1440, takeProfit: 1600, time: T0 });
    broker.handleTick('INFY', 1499, T0 - 1000);
    expect((await broker.place(entry)).ok).toBe(true);
    broker.handleTick('INFY', 1500, T0 + 1000);
    const stored = { ...newOrder(entry, 'FILLED'), filledQuantity: 4, averagePrice: 1500, updatedAt: T0 + 1000 };
    await repo.create(stored, transitionRecord(stored, null, { kind: 'system', detail: 'test' }, T0 + 1000, { fill: { quantity: 4, price: 1500, side: 'BUY', product: 'CNC', charges: 0 } }));

    const events: DomainEvent[] = [];
    const oms = paperOms(broker, repo, clock, events);
    expect((await oms.recover()).ok).toBe(true);
    await oms.idle();
    const exitId = (await repo.get(entry.clientOrderId))?.exitId;
    expect(exitId).toMatch(/^E\d+$/);
    oms.close();
    const again = paperOms(broker, repo, clock, events);
    expect((await again.recover()).ok).toBe(true);
    await again.idle();
    expect(await exitAttachments(repo, entry.clientOrderId)).toHaveLength(1);
    expect((await repo.get(entry.clientOrderId))?.exitId).toBe(exitId);
    again.close();
  });

  it('an entry with only a stop gets a one-legged exit (a stop-loss alone), which fires', async () => {
    const clock = new ManualClock(T0);
    const broker = await openPaper(clock);
    const repo = new MemoryOrderRepository();
    const oms = paperOms(broker, repo, clock, []);
    const entry = omsIntent({ quantity: 3, stop: 1470, time: T0 });
    broker.handleTick('INFY', 1499, T0 - 1000);
    await oms.submit(entry);
    await oms.idle();
    broker.handleTick('INFY', 1500, T0 + 1000);
    await oms.idle();
    const filled = await repo.get(entry.clientOrderId);
    expect(filled).toMatchObject({ status: 'FILLED' });
    expect(filled?.exitId).toMatch(/^E\d+$/);
    expect((await exitAttachments(repo, entry.clientOrderId)).map((t) => t.message)).toEqual([`Exit ${filled!.exitId} attached: stop 1470 for 3 shares.`]);
    broker.handleTick('INFY', 1465, T0 + 2000);
    await oms.idle();
    expect(await repo.get(clientOrderId(`${filled!.exitId}S`))).toMatchObject({ status: 'FILLED', filledQuantity: 3, averagePrice: 1465 });
    expect(oms.stack.book.portfolio.position[oms.stack.book.portfolio.find('INFY', 'CNC')]).toBe(0);
    oms.close();
  });
});

describe('OMS exits on Kite (fake server, two-leg GTT)', () => {
  it('attaches one GTT for the filled entry and books the fired take-profit leg (no tag) against the position', async () => {
    const fake = await startFakeKite({ instruments: [INFY] });
    try {
      fake.setLtp(INFY.token, 1500);
      const clock = new ManualClock(T0);
      const repo = new MemoryOrderRepository();
      const events: DomainEvent[] = [];
      const broker = kiteBrokerOn(fake);
      const oms = omsOn(broker, repo, clock, { onEvent: (e) => events.push(e), prices: new Map([['INFY', 1500]]) });
      const entry = omsIntent({ quantity: 5, stop: 1450, takeProfit: 1600 });
      expect((await oms.submit(entry)).ok).toBe(true);
      await oms.idle();
      expect((await broker.sync()).ok).toBe(true);
      await oms.idle();
      const filled = await repo.get(entry.clientOrderId);
      expect(filled).toMatchObject({ status: 'FILLED', filledQuantity: 5 });
      const gtts = fake.gtt.list();
      expect(gtts).toHaveLength(1);
      expect(filled?.exitId).toBe(String(gtts[0]!.id));
      expect(gtts[0]!.condition.trigger_values).toEqual([1450, 1600]);
      expect(gtts[0]!.orders.map((l) => [l.transaction_type, l.quantity])).toEqual([['SELL', 5], ['SELL', 5]]);

      // The take-profit fires: Kite places an untagged LIMIT SELL 5 @ 1600, filled at the market.
      fake.setLtp(INFY.token, 1605);
      expect((await broker.sync()).ok).toBe(true);
      await oms.idle();
      expect(unknownAlerts(events)).toEqual([]);
      const legs = (await repo.withStatus(['FILLED'])).filter((o) => o.intent.source.kind === 'risk');
      expect(legs).toHaveLength(1);
      expect(legs[0]).toMatchObject({ filledQuantity: 5, intent: { symbol: 'INFY', side: 'SELL', quantity: 5, orderType: 'LIMIT', price: 1600, source: { kind: 'risk', rule: 'take-profit' } } });
      expect(legs[0]!.averagePrice).toBeGreaterThanOrEqual(1600);
      expect(legs[0]!.intent.reason).toBe(`take-profit leg of GTT ${gtts[0]!.id}`);

      // A restart with a new broker client: the store matches Kite's positions and no second GTT is placed.
      const broker2 = kiteBrokerOn(fake);
      oms.close();
      await oms.idle();
      const oms2 = omsOn(broker2, repo, clock, { onEvent: (e) => events.push(e), prices: new Map([['INFY', 1500]]) });
      const report = await oms2.recover();
      expect(report.ok && report.value.positions).toEqual([]);
      await oms2.idle();
      expect(fake.gtt.list()).toHaveLength(1);
      oms2.close();
    } finally {
      await fake.close();
    }
  });
});
