import mongoose, { type Connection } from 'mongoose';
import { SimulatedBroker } from '../../../src/brokers/paper/simulatedBroker';
import { SessionChargeBook } from '../../../src/core/costs/chargeBook';
import { LiveClock } from '../../../src/core/clock';
import { ZerodhaEquityCostModel } from '../../../src/core/costs';
import { clientOrderId, orderId, strategyInstanceId } from '../../../src/core/ids';
import { newOrder } from '../../../src/core/order';
import type { PaperState } from '../../../src/brokers/paper/paperState';
import { transitionRecord } from '../../../src/oms/orderLifecycle';
import { CorruptDocumentError } from '../../../src/store/corruptDocument';
import { MongoOrderRepository } from '../../../src/store/orders/mongoOrderRepository';
import { MongoPaperStateRepository } from '../../../src/store/orders/mongoPaperStateRepository';
import { startFakeKite } from '../../fakes/kite';
import { INFY } from '../../fakes/kite/support';
import { kiteBrokerOn, omsIntent, omsOn, placedWithTag } from '../../support/brokers/omsFixtures';
import { createTestDatabase, type TestDatabase } from '../../fakes/mongo/testDb';

describe('MongoOrderRepository and MongoPaperStateRepository', () => {
  let db: TestDatabase;
  let conn: Connection;

  beforeAll(async () => {
    db = await createTestDatabase('orders');
    conn = await mongoose.createConnection(db.uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
  });
  afterAll(async () => {
    await conn.close();
    await db.drop();
  });

  it('stores an order once per client id and keeps its audit trail listable per day, symbol and strategy', async () => {
    const repo = new MongoOrderRepository(conn);
    await repo.init();
    const t0 = Date.parse('2025-01-06T04:00:00Z'); // 09:30 IST
    const a = newOrder(omsIntent({ time: t0, source: { kind: 'strategy', instanceId: strategyInstanceId('smaX') } }), 'APPROVED');
    const b = newOrder(omsIntent({ time: t0 + 86_400_000, symbol: 'TCS' }), 'APPROVED');
    expect(await repo.create(a, transitionRecord(a, null, a.intent.source, t0))).toBe(true);
    expect(await repo.create(a, transitionRecord(a, null, a.intent.source, t0))).toBe(false);
    expect(await repo.create(b, transitionRecord(b, null, b.intent.source, t0 + 86_400_000))).toBe(true);
    const filled = { ...a, status: 'FILLED' as const, filledQuantity: 1, averagePrice: 1500.05, updatedAt: t0 + 1000 };
    await repo.save(filled, transitionRecord(filled, 'APPROVED', { kind: 'broker', detail: 'fill' }, t0 + 1000, { fill: { quantity: 1, price: 1500.05 } }));

    const back = await repo.get(a.intent.clientOrderId);
    expect(back).toEqual(filled);
    expect((await repo.get(b.intent.clientOrderId))?.averagePrice).toBeNaN();
    expect((await repo.withStatus(['APPROVED'])).map((o) => o.intent.clientOrderId)).toEqual([b.intent.clientOrderId]);

    expect((await repo.transitions({ day: '2025-01-06' })).map((t) => t.to)).toEqual(['APPROVED', 'FILLED']);
    expect((await repo.transitions({ day: '2025-01-07' })).map((t) => t.symbol)).toEqual(['TCS']);
    const strat = await repo.transitions({ strategy: strategyInstanceId('smaX') });
    expect(strat).toHaveLength(2);
    expect(strat[1]).toMatchObject({ from: 'APPROVED', to: 'FILLED', cause: { kind: 'broker', detail: 'fill' }, fill: { quantity: 1, price: 1500.05 } });
    expect(await repo.transitions({ symbol: 'TCS', day: '2025-01-06' })).toEqual([]);
  });

  it('a restart between "placed" and "acknowledged" on the MongoDB store reconciles by tag, no second order', async () => {
    const fake = await startFakeKite({ instruments: [INFY] });
    try {
      fake.setLtp(INFY.token, 1500);
      const repo = new MongoOrderRepository(conn);
      fake.faults.add({ route: 'order.place', action: { kind: 'lostReply' } });
      const first = omsOn(kiteBrokerOn(fake, { lookupDelaysMs: [] }), repo, new LiveClock());
      const i = omsIntent({ quantity: 4 });
      await first.submit(i);
      await first.idle();
      first.close();
      const second = omsOn(kiteBrokerOn(fake), new MongoOrderRepository(conn), new LiveClock());
      expect((await second.recover()).ok).toBe(true);
      await second.idle();
      expect((await repo.get(i.clientOrderId))?.status).toBe('FILLED');
      expect(placedWithTag(fake, i.clientOrderId)).toBe(1);
    } finally {
      await fake.close();
    }
  });

  it('the paper account survives a restart', async () => {
    const repo = new MongoPaperStateRepository(conn, 'acct1');
    const opts = { clock: new LiveClock(), charges: new SessionChargeBook(new ZerodhaEquityCostModel()), instruments: () => ({ exchange: 'NSE' as const, tickSize: 0.05, lotSize: 1 }), repository: repo, startingCash: 100_000 };
    const p1 = await SimulatedBroker.open(opts);
    p1.handleTick('INFY', 1500, Date.now());
    await p1.place(omsIntent({ quantity: 10 }));
    p1.handleTick('INFY', 1500, Date.now() + 1);
    await p1.flush();
    const p2 = await SimulatedBroker.open(opts);
    expect(p2.cash).toBeCloseTo(p1.cash, 6);
    const pos = await p2.positions();
    expect(pos.ok && pos.value).toEqual([{ symbol: 'INFY', product: 'CNC', quantity: 10, averagePrice: 1500, lastPrice: 1500 }]);
  });

  it('an order document that does not parse (stored through the driver) is refused with the field that is wrong', async () => {
    const repo = new MongoOrderRepository(conn);
    const orders = conn.db!.collection<{ _id: string; [field: string]: unknown }>('orders');
    const intent = { ...omsIntent({ clientOrderId: clientOrderId('BADSIDE1') }), side: 'HOLD' };
    await orders.insertOne({ _id: 'BADSIDE1', intent, status: 'EXPIRED', filledQuantity: 0, averagePrice: null, updatedAt: new Date() });
    try {
      const refused = await repo.get(clientOrderId('BADSIDE1')).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(CorruptDocumentError);
      expect((refused as Error).message).toBe('order BADSIDE1 in orders is unreadable: intent.side: Invalid option: expected one of "BUY"|"SELL"');
      await expect(repo.withStatus(['EXPIRED'])).rejects.toThrow('order BADSIDE1 in orders is unreadable: intent.side');

      await orders.updateOne({ _id: 'BADSIDE1' }, { $set: { 'intent.side': 'BUY', status: 'HALF_DONE' } });
      await expect(repo.get(clientOrderId('BADSIDE1'))).rejects.toThrow('order BADSIDE1 in orders is unreadable: status: Invalid option');
      await orders.updateOne({ _id: 'BADSIDE1' }, { $set: { status: 'EXPIRED' } });
      expect(await repo.get(clientOrderId('BADSIDE1'))).toMatchObject({ status: 'EXPIRED', intent: { side: 'BUY', clientOrderId: 'BADSIDE1' } });
    } finally {
      await orders.deleteOne({ _id: 'BADSIDE1' });
    }
  });

  it('a transition whose cause does not parse is refused, naming the order and the field', async () => {
    const repo = new MongoOrderRepository(conn);
    const t0 = Date.parse('2025-02-03T04:00:00Z');
    const o = newOrder(omsIntent({ time: t0, symbol: 'BADCAUSE' }), 'APPROVED');
    await repo.create(o, transitionRecord(o, null, o.intent.source, t0));
    await conn.db!.collection('order_transitions').updateOne({ clientOrderId: o.intent.clientOrderId }, { $set: { cause: { kind: 'martian', detail: 'x' } } });
    try {
      const refused = await repo.transitions({ symbol: 'BADCAUSE' }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(CorruptDocumentError);
      expect((refused as Error).message).toMatch(new RegExp(`^transition [0-9a-f]{24} of order ${o.intent.clientOrderId} in order_transitions is unreadable: cause: `));
    } finally {
      await conn.db!.collection('order_transitions').deleteMany({ symbol: 'BADCAUSE' });
      await conn.db!.collection<{ _id: string }>('orders').deleteOne({ _id: o.intent.clientOrderId });
    }
  });

  it('the paper account round-trips every part of its state, and a malformed one is refused rather than reset', async () => {
    const repo = new MongoPaperStateRepository(conn, 'acct-parts');
    const intent = omsIntent({ clientOrderId: clientOrderId('PAPER1'), orderType: 'LIMIT', price: 1490, instanceId: strategyInstanceId('sma1'), source: { kind: 'strategy', instanceId: strategyInstanceId('sma1') } });
    const state: PaperState = {
      cash: 85_000.5,
      positions: [{ symbol: 'INFY', product: 'CNC', quantity: 10, averagePrice: 1500, lastPrice: 1510, realised: -12.5 }],
      orders: [{ intent, brokerOrderId: orderId('P7'), status: 'OPEN', filledQuantity: 0, averagePrice: 0, reserved: 14_900, time: 1_700_000_000_000 }],
      trades: [{ tradeId: 'T6', brokerOrderId: orderId('P5'), clientOrderId: clientOrderId('PAPER0'), symbol: 'INFY', side: 'BUY', quantity: 10, price: 1500, charges: 16.2, time: 1_699_999_000_000 }],
      seq: 7,
      exits: [{ id: 'X1', symbol: 'INFY', product: 'CNC', side: 'SELL', quantity: 10, stop: 1450, instanceId: 'sma1', status: 'active', time: 1_699_999_500_000 }],
    };
    await repo.save(state);
    expect(await repo.load()).toEqual(state);

    const accounts = conn.db!.collection<{ _id: string }>('paper_accounts');
    await accounts.updateOne({ _id: 'acct-parts' }, { $set: { 'state.orders.0.intent.quantity': -10 } });
    const refused = await repo.load().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CorruptDocumentError);
    expect((refused as Error).message).toBe('paper account acct-parts in paper_accounts is unreadable: orders.0.intent.quantity: Too small: expected number to be >0');
    await accounts.updateOne({ _id: 'acct-parts' }, { $unset: { 'state.cash': '' } });
    await expect(repo.load()).rejects.toThrow(/^paper account acct-parts in paper_accounts is unreadable: cash: /);
  });
});
