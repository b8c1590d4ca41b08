/**
 * Approvals on MongoDB: compare-and-set on `version` across two connections, and a double approve (two taps at
 * once) through the pipeline on a KiteBroker places the order once, with the transitions stored in order.
 */
import mongoose, { type Connection } from 'mongoose';
import { approvalId, strategyInstanceId } from '../../../src/core/ids';
import { createApproval, decide } from '../../../src/oms/approvals';
import { CorruptApprovalError, MongoApprovalRepository } from '../../../src/store/approvals/mongoApprovalRepository';
import { CorruptDocumentError } from '../../../src/store/corruptDocument';
import { MongoOrderRepository } from '../../../src/store/orders/mongoOrderRepository';
import { startFakeKite } from '../../fakes/kite';
import { INFY } from '../../fakes/kite/support';
import { approvalFacts, line, trader } from '../../support/brokers/approvalFixtures';
import { kiteBrokerOn, ManualClock, omsIntent, placedWithTag } from '../../support/brokers/omsFixtures';
import { pipelineOn } from '../../support/brokers/pipelineStack';
import { createTestDatabase, type TestDatabase } from '../../fakes/mongo/testDb';

const T0 = Date.parse('2025-01-06T04:00:00Z');

describe('MongoApprovalRepository', () => {
  let db: TestDatabase;
  let c1: Connection;
  let c2: Connection;

  beforeAll(async () => {
    db = await createTestDatabase('approvals');
    c1 = await mongoose.createConnection(db.uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
    c2 = await mongoose.createConnection(db.uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
  });
  afterAll(async () => {
    await c1.close();
    await c2.close();
    await db.drop();
  });

  it('round-trips an approval and writes only over the version it was read at', async () => {
    const repo = new MongoApprovalRepository(c1);
    await repo.init();
    const a = createApproval(approvalId('rt1'), [
      // A strategy's order names its account (the instance): it must survive the round trip, or an approved order
      // would be booked to the portfolio's own account.
      { intent: omsIntent({ quantity: 10, stop: 1470, orderType: 'LIMIT', price: 1500, instanceId: strategyInstanceId('sma-1'), source: { kind: 'strategy', instanceId: strategyInstanceId('sma-1') } }), sizingReason: '2% risk', signalPrice: 1500 },
      { intent: omsIntent({ quantity: 3, source: { kind: 'user', userId: trader.userId } }), sizingReason: 'manual', signalPrice: 1501 },
      // An incoming alert's order keeps its source (the card and /pending name the alert source after a restart).
      { intent: omsIntent({ quantity: 2, source: { kind: 'alert', source: 'tv' }, reason: 'TradingView alert: BUY INFY 2' }), sizingReason: 'qty 2 from the alert', signalPrice: 1502 },
    ], approvalFacts, T0);
    expect(await repo.create(a)).toBe(true);
    expect(await repo.create(a)).toBe(false);
    expect(await repo.get(a.id)).toEqual(a);

    const ctx = { now: T0 + 1000, lastPrice: () => 1500, tickSize: () => 0.05, lotSize: () => 1, facts: approvalFacts };
    const r = decide(a, { kind: 'approve' }, trader, ctx);
    if (!r.ok) throw new Error(r.error);
    const other = new MongoApprovalRepository(c2);
    expect(await other.replace(r.value.approval, a.version)).toBe(true);
    expect(await repo.replace(r.value.approval, a.version)).toBe(false);
    expect((await repo.get(a.id))?.status).toBe('APPROVED');
    expect(await repo.withStatus('APPROVED')).toHaveLength(1);
    expect(await repo.pendingDue(T0 + 10 * 60_000)).toEqual([]);
  });

  it('a stored line whose intent does not parse is refused with the approval, the line and the field', async () => {
    const repo = new MongoApprovalRepository(c1);
    const a = createApproval(approvalId('bad1'), [{ intent: omsIntent({ source: { kind: 'strategy', instanceId: strategyInstanceId('sma-1') } }), sizingReason: 'x', signalPrice: 1500 }], approvalFacts, T0);
    await repo.create(a);
    const raw = c1.db!.collection<{ _id: string }>('approvals');
    try {
      await raw.updateOne({ _id: 'bad1' }, { $unset: { 'lines.0.intent.source.instanceId': '' } });
      const refused = await repo.get(a.id).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(CorruptApprovalError);
      expect(refused).toBeInstanceOf(CorruptDocumentError);
      expect((refused as Error).message).toBe('approval bad1 line 0 is unreadable: intent.source.instanceId: Invalid input: expected string, received undefined');
    } finally {
      await raw.deleteOne({ _id: 'bad1' });
    }
  });

  it('lists pending approvals that are due', async () => {
    const repo = new MongoApprovalRepository(c1);
    const a = createApproval(approvalId('due1'), [{ intent: omsIntent(), sizingReason: 'x', signalPrice: 1500 }], approvalFacts, T0, 60_000);
    await repo.create(a);
    expect((await repo.pendingDue(T0 + 59_999)).map((x) => x.id)).not.toContain(a.id);
    expect((await repo.pendingDue(T0 + 60_000)).map((x) => x.id)).toContain(a.id);
  });

  it('a double approve (two taps at once) on one database releases the order once', async () => {
    const fake = await startFakeKite({ instruments: [INFY] });
    try {
      fake.setLtp(INFY.token, 1500);
      const clock = new ManualClock(T0);
      const stack = pipelineOn(kiteBrokerOn(fake), clock, { repo: new MongoOrderRepository(c1), approvals: { repo: new MongoApprovalRepository(c1) }, prices: new Map([['INFY', 1500]]) });
      const req = await stack.request([line('INFY', 5, 1500)]);
      if (!req.approval) throw new Error('no approval');
      const { id } = req.approval;
      const cid = req.approval.lines[0]!.intent.clientOrderId;

      const [a, b] = await Promise.all([stack.approvals.decide(id, { kind: 'approve' }, trader), stack.approvals.decide(id, { kind: 'approve' }, trader)]);
      await stack.idle();
      expect([a.ok, b.ok].sort()).toEqual([false, true]);
      const lost = a.ok ? b : a;
      expect(!lost.ok && lost.error).toMatch(/nothing was changed/);
      expect(placedWithTag(fake, cid)).toBe(1);
      const stored = await new MongoOrderRepository(c2).get(cid);
      expect(stored?.status).toBe('OPEN');
      const trail = await new MongoOrderRepository(c2).transitions({ symbol: 'INFY' });
      expect(trail.filter((t) => t.clientOrderId === cid).map((t) => t.to)).toEqual(['PENDING_APPROVAL', 'APPROVED', 'SUBMITTED', 'OPEN']);
      stack.close();
    } finally {
      await fake.close();
    }
  });
});
