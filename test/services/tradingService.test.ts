/**
 * The kill switch end to end: HALT through the trading service is saved in MongoDB (real mongoose on the test
 * server) and restored into a fresh risk engine after a "restart"; HALT cancels every pending approval at once
 * and refuses new orders from every source, while working orders stay until `cancelWorking` (asked for with a
 * confirmation) cancels them at the broker; REDUCING cancels nothing; a failing store is reported, not thrown.
 */
import mongoose, { type Connection } from 'mongoose';
import { SimulatedClock } from '../../src/core/clock';
import { DomainEvents, type DomainEvent } from '../../src/core/events';
import { approvalId, clientOrderId, userId } from '../../src/core/ids';
import type { OrderIntent } from '../../src/core/order';
import { PositionBook } from '../../src/oms/positionBook';
import { RiskEngine } from '../../src/risk/riskEngine';
import { restoreTradingState, tradingService } from '../../src/services/engine/tradingService';
import { MongoTradingStateStore } from '../../src/store/risk/mongoTradingStateStore';
import { createTestDatabase, type TestDatabase } from '../fakes/mongo/testDb';
import { paperBroker, pipelineOn } from '../support/brokers/pipelineStack';

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

const engine = (): RiskEngine => new RiskEngine({ book: new PositionBook(), market: { price: () => 1500, equity: () => 1e6 }, squareOffTime: () => undefined });

async function paperStack(clock: SimulatedClock) {
  const broker = await paperBroker(clock, ['INFY']);
  const stack = pipelineOn(broker, clock, { prices: new Map([['INFY', 1500]]) });
  const submit = (over: Partial<OrderIntent>, approval: 'always' | 'never' = 'never') => {
    const r = stack.pipeline.submit({ symbol: 'INFY', side: 'BUY', quantity: 5, orderType: 'LIMIT', price: 1400, product: 'CNC', validity: 'DAY', source: { kind: 'job', job: 'test' }, reason: 'test order', time: clock.now(), ...over }, { approval });
    if (!r.ok) throw new Error(r.error.message);
    return r.value.intent.clientOrderId;
  };
  return { broker, stack, submit };
}

describe('kill switch', () => {
  it('HALTED is saved in MongoDB and restored into a new risk engine after a restart', async () => {
    const clock = new SimulatedClock(NOW);
    const store = MongoTradingStateStore.open(conn);
    const before = engine();
    const bus = { emit: () => undefined };
    expect(await restoreTradingState(before, store, bus, clock)).toBe('ACTIVE'); // nothing saved yet
    const t = tradingService(before, { store, clock, emit: () => undefined });
    expect(await t.halt(admin)).toEqual({ previous: 'ACTIVE', state: 'HALTED', by: 'asha', cancelledApprovals: 0, workingOrders: 0 });
    await t.settled();
    expect(await store.load()).toEqual({ state: 'HALTED', by: 'asha', reason: 'set to HALTED by asha', time: NOW });

    // Restart: a new connection, store and risk engine.
    const conn2 = await mongoose.createConnection(db.uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
    try {
      const events = new DomainEvents();
      const seen: DomainEvent[] = [];
      events.onAny((e) => seen.push(e));
      const after = engine();
      expect(await restoreTradingState(after, MongoTradingStateStore.open(conn2), events, clock)).toBe('HALTED');
      expect(after.state).toBe('HALTED');
      expect(seen).toEqual([{ type: 'trading-state', state: 'HALTED', reason: 'restored after restart (set to HALTED by asha)', time: expect.any(Number) }]);
      // Resuming is saved too.
      const t2 = tradingService(after, { store: MongoTradingStateStore.open(conn2), clock, emit: () => undefined });
      clock.advance(60_000);
      expect(await t2.resume(admin)).toMatchObject({ previous: 'HALTED', state: 'ACTIVE', by: 'asha' });
      await t2.settled();
      expect(await store.load()).toMatchObject({ state: 'ACTIVE', time: NOW + 60_000 });
    } finally {
      await conn2.close();
    }
  });

  it('a stored document that does not fit reads as HALTED (the safe side)', async () => {
    await conn.collection('trading_state').replaceOne({ _id: 'current' as never }, { state: 'PANIC', by: 'x', reason: '', time: new Date(NOW) }, { upsert: true });
    expect(await restoreTradingState(engine(), MongoTradingStateStore.open(conn), { emit: () => undefined }, new SimulatedClock(NOW))).toBe('HALTED');
  });

  it('HALT cancels pending approvals and refuses new orders; working orders stay until cancelWorking; REDUCING cancels nothing', async () => {
    const clock = new SimulatedClock(NOW);
    const fx = await paperStack(clock);
    fx.broker.handleTick('INFY', 1500, NOW);
    const working = fx.submit({ price: 1400 }); // below the market: stays OPEN
    const pending = fx.submit({ price: 1390 }, 'always');
    const filled = fx.submit({ price: 1500.05 }); // fills on the next tick
    await fx.stack.idle();
    clock.advance(1000);
    fx.broker.handleTick('INFY', 1499.95, NOW + 1000);
    await fx.stack.idle();
    const status = (id: string) => fx.stack.pipeline.get(clientOrderId(id))!.status;
    expect(status(working)).toBe('OPEN');
    expect(status(filled)).toBe('FILLED');
    // The engine's own exit of the 5 bought (a take-profit resting above the market): /halt cancel keeps it.
    const exit = fx.submit({ side: 'SELL', price: 1600, source: { kind: 'risk', rule: 'take-profit' } });
    await fx.stack.idle();
    expect(status(exit)).toBe('OPEN');

    const alerts: string[] = [];
    fx.stack.events.on('alert', (e) => alerts.push(e.message));
    const t = tradingService(fx.stack.risk, { clock, emit: (e) => fx.stack.events.emit(e), cancelApprovals: (reason) => fx.stack.approvals.cancelAll(reason), orders: fx.stack.pipeline });
    await t.reduce(admin);
    await t.settled();
    expect(status(working)).toBe('OPEN');
    expect(status(pending)).toBe('PENDING_APPROVAL');

    const halted = await t.halt(admin);
    expect(halted).toEqual({ previous: 'REDUCING', state: 'HALTED', by: 'asha', cancelledApprovals: 1, workingOrders: 2 });
    await fx.stack.idle();
    expect(status(pending)).toBe('CANCELLED');
    expect((await fx.stack.approvalRepo.get(approvalId(pending)))).toMatchObject({ status: 'CANCELLED', note: 'Cancelled: trading was halted by asha; nothing was placed.' });
    expect(status(working)).toBe('OPEN');
    // New orders from any source are refused while halted.
    const refused = fx.stack.pipeline.submit({ symbol: 'INFY', side: 'BUY', quantity: 1, orderType: 'MARKET', product: 'CNC', validity: 'DAY', source: { kind: 'user', userId: admin.id }, reason: 'manual', time: clock.now() });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'denied', rule: 'trading-halted' } });

    const cancelled = await t.cancelWorking(admin);
    expect(cancelled).toEqual({ cancelled: [working], kept: [exit], failed: [] });
    await fx.stack.idle();
    expect(status(working)).toBe('CANCELLED');
    expect(status(filled)).toBe('FILLED');
    expect(status(exit)).toBe('OPEN');
    expect(t.workingOrders()).toBe(1);
    const book = await fx.broker.orders();
    expect(book.ok && book.value.filter((o) => o.status === 'OPEN').map((o) => o.clientOrderId)).toEqual([exit]);
    expect(alerts).toEqual([]);
    fx.stack.close();
  });

  it('a store that cannot save is reported as a critical alert, and trading is halted anyway', async () => {
    const events: DomainEvent[] = [];
    const risk = engine();
    const broken = { load: async () => undefined, save: async () => Promise.reject(new Error('connection refused')) };
    const t = tradingService(risk, { store: broken, clock: new SimulatedClock(NOW), emit: (e) => events.push(e) });
    expect((await t.halt(admin)).state).toBe('HALTED');
    expect(risk.state).toBe('HALTED');
    await t.settled();
    expect(events).toEqual([
      { type: 'trading-state', state: 'HALTED', reason: 'set to HALTED by asha', time: NOW },
      { type: 'alert', level: 'critical', message: 'Trading is HALTED but saving that failed (connection refused), so it would not survive a restart; check MongoDB and set the state again.', time: NOW },
    ]);
  });
});
