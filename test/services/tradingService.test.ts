/**
 * The kill switch end to end: HALT through the services facade is saved in MongoDB (real mongoose on
 * the test server) and restored into a fresh kernel after a "restart"; HALT cancels the open orders
 * through the OMS (paper broker), and a failing store is reported, not thrown.
 */
import mongoose, { type Connection } from 'mongoose';
import { SimulatedFills } from '../../src/brokers/paper/simulatedFills';
import { SimulatedClock } from '../../src/core/clock';
import { DomainEvents, type DomainEvent } from '../../src/core/events';
import { clientOrderId, userId } from '../../src/core/ids';
import type { OrderIntent } from '../../src/core/order';
import { Kernel } from '../../src/engine/kernel';
import { openOrderCanceller, restoreTradingState, tradingService } from '../../src/services/engine/tradingService';
import { MongoTradingStateStore } from '../../src/store/risk/mongoTradingStateStore';
import { createTestDatabase, type TestDatabase } from '../support/mongo/testDb';
import { paperOms } from '../support/brokers/paperOms';

const NOW = Date.parse('2025-01-08T05:30:00Z');
const admin = { id: userId('a1'), role: 'admin' as const, name: 'asha' };

let db: TestDatabase;
let conn: Connection;

beforeAll(async () => {
  db = await createTestDatabase('killswitch');
  conn = await mongoose.createConnection(db.uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
});

afterAll(async () => {
  await conn?.close();
  await db?.drop();
});

function kernel(events = new DomainEvents()): Kernel {
  return new Kernel({ interval: '1m', venue: new SimulatedFills(), events, sizeAt: 'decision' });
}

async function omsOnPaper(clock: SimulatedClock) {
  const { broker, repo, oms } = await paperOms(clock, ['INFY']);
  let seq = 0;
  const submit = async (over: Partial<OrderIntent>, awaitApproval = false): Promise<string> => {
    const intent: OrderIntent = {
      clientOrderId: clientOrderId(`k${++seq}`),
      symbol: 'INFY',
      side: 'BUY',
      quantity: 5,
      orderType: 'LIMIT',
      price: 1400,
      product: 'CNC',
      validity: 'DAY',
      source: { kind: 'job', job: 'test' },
      reason: 'test order',
      time: clock.now(),
      ...over,
    };
    const r = await oms.submit(intent, { awaitApproval });
    if (!r.ok) throw new Error(r.error.message);
    return intent.clientOrderId;
  };
  const settle = async () => {
    for (let i = 0; i < 5; i++) {
      await oms.idle();
      await new Promise((r) => setImmediate(r));
    }
  };
  return { broker, oms, repo, submit, settle };
}

describe('kill switch', () => {
  it('HALTED is saved in MongoDB and restored into a new kernel after a restart', async () => {
    const clock = new SimulatedClock(NOW);
    const store = MongoTradingStateStore.open(conn);
    const before = kernel();
    expect(await restoreTradingState(before, store)).toBe('ACTIVE'); // nothing saved yet
    const t = tradingService(before, { store, clock });
    expect(t.halt(admin)).toEqual({ previous: 'ACTIVE', state: 'HALTED', by: 'asha' });
    await t.settled();
    expect(await store.load()).toEqual({ state: 'HALTED', by: 'asha', reason: 'set to HALTED by asha', time: NOW });

    // Restart: a new connection, store and kernel.
    const conn2 = await mongoose.createConnection(db.uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
    try {
      const events = new DomainEvents();
      const seen: DomainEvent[] = [];
      events.onAny((e) => seen.push(e));
      const after = kernel(events);
      expect(await restoreTradingState(after, MongoTradingStateStore.open(conn2))).toBe('HALTED');
      expect(after.tradingState).toBe('HALTED');
      expect(seen).toEqual([{ type: 'trading-state', state: 'HALTED', reason: 'restored after restart (set to HALTED by asha)', time: expect.any(Number) }]);
      // Resuming is saved too.
      const t2 = tradingService(after, { store: MongoTradingStateStore.open(conn2), clock });
      clock.advance(60_000);
      expect(t2.resume(admin)).toEqual({ previous: 'HALTED', state: 'ACTIVE', by: 'asha' });
      await t2.settled();
      expect(await store.load()).toMatchObject({ state: 'ACTIVE', time: NOW + 60_000 });
    } finally {
      await conn2.close();
    }
  });

  it('a stored document that does not fit reads as HALTED (the safe side)', async () => {
    await conn.collection('trading_state').replaceOne({ _id: 'current' as never }, { state: 'PANIC', by: 'x', reason: '', time: new Date(NOW) }, { upsert: true });
    const k = kernel();
    expect(await restoreTradingState(k, MongoTradingStateStore.open(conn))).toBe('HALTED');
  });

  it('HALT cancels open orders and drops pending approvals through the OMS; REDUCING cancels nothing', async () => {
    const clock = new SimulatedClock(NOW);
    const fx = await omsOnPaper(clock);
    fx.broker.onTick('INFY', 1500, NOW);
    const working = await fx.submit({ price: 1400 }); // below the market: stays OPEN
    const pending = await fx.submit({ price: 1390 }, true);
    const filled = await fx.submit({ price: 1500.05 }); // fills on the next tick
    await fx.settle();
    fx.broker.onTick('INFY', 1499.95, NOW + 1000);
    await fx.settle();
    expect((await fx.oms.get(clientOrderId(working)))!.status).toBe('OPEN');
    expect((await fx.oms.get(clientOrderId(filled)))!.status).toBe('FILLED');

    const events = new DomainEvents();
    const alerts: string[] = [];
    events.on('alert', (e) => alerts.push(e.message));
    const k = kernel(events);
    const t = tradingService(k, { clock, cancelOpenOrders: openOrderCanceller(fx.oms, fx.repo), emit: (e) => events.emit(e) });
    t.reduce(admin);
    await t.settled();
    expect(alerts).toEqual([]);
    expect((await fx.oms.get(clientOrderId(working)))!.status).toBe('OPEN');

    t.halt(admin);
    await t.settled();
    await fx.settle();
    expect((await fx.oms.get(clientOrderId(working)))!.status).toBe('CANCELLED');
    expect((await fx.oms.get(clientOrderId(pending)))!.status).toBe('CANCELLED');
    expect((await fx.oms.get(clientOrderId(filled)))!.status).toBe('FILLED');
    expect(alerts).toEqual([`Kill switch: cancelled 2 open orders (${working}, ${pending}).`]);
    const book = await fx.broker.orders();
    expect(book.ok && book.value.filter((o) => o.status === 'OPEN')).toEqual([]);
    fx.oms.close();
  });

  it('a store that cannot save is reported as a critical alert, and the kernel is halted anyway', async () => {
    const events: DomainEvent[] = [];
    const k = kernel();
    const broken = { load: async () => undefined, save: async () => Promise.reject(new Error('connection refused')) };
    const t = tradingService(k, { store: broken, clock: new SimulatedClock(NOW), emit: (e) => events.push(e) });
    expect(t.halt(admin).state).toBe('HALTED');
    expect(k.tradingState).toBe('HALTED');
    await t.settled();
    expect(events).toEqual([
      { type: 'alert', level: 'critical', message: 'Trading is HALTED but saving that failed (connection refused), so it would not survive a restart; check MongoDB and set the state again.', time: NOW },
    ]);
  });
});
