/**
 * Crash safety of approvals: a process that stored the decision (APPROVED / REJECTED) but died before its orders
 * were released (or dropped) leaves orders PENDING_APPROVAL; the next process's `ApprovalService.recover()`
 * finishes the job — each approved order is placed exactly once, even when recover runs twice or a second
 * process starts, and opted-out or rejected lines are closed without being placed.
 * Two "processes" = two mongoose connections, two order pipelines, two KiteBrokers, one test database.
 */
import mongoose, { type Connection } from 'mongoose';
import type { ClientOrderId } from '../../src/core/ids';
import { approvalId } from '../../src/core/ids';
import type { ApprovalRepository } from '../../src/oms/approvalRepository';
import { ApprovalService, type PendingOrders } from '../../src/oms/approvalService';
import { MongoApprovalRepository } from '../../src/store/approvals/mongoApprovalRepository';
import { MongoOrderRepository } from '../../src/store/orders/mongoOrderRepository';
import { startFakeKite, type FakeKite } from '../fakes/kite';
import { INFY, RELIANCE } from '../fakes/kite/support';
import { approvalFacts, line, trader } from '../support/brokers/approvalFixtures';
import { kiteBrokerOn, ManualClock, placedWithTag } from '../support/brokers/omsFixtures';
import { pipelineOn, type Stack } from '../support/brokers/pipelineStack';
import { createTestDatabase, type TestDatabase } from '../fakes/mongo/testDb';

const T0 = Date.parse('2025-01-06T04:00:00Z');

/** The pipeline as the dying process sees it: the decision is stored, then the process stops before any release. */
function dyingBeforeRelease(stack: Stack): PendingOrders {
  return {
    get: (id) => stack.pipeline.get(id),
    release: () => {
      throw new Error('process died');
    },
    drop: () => {
      throw new Error('process died');
    },
  };
}

/** The same approval service as the stack's, over a pipeline that dies before releasing anything. */
function dyingService(stack: Stack, repo: ApprovalRepository, clock: ManualClock): ApprovalService {
  return new ApprovalService({
    repo, orders: dyingBeforeRelease(stack), clock, facts: approvalFacts, lastPrice: () => 1500, tickSize: () => 0.05, lotSize: () => 1, maxMovePct: 1, newBatchId: () => approvalId('bdead'),
  });
}

describe('ApprovalService.recover after a crash between decision and release', () => {
  let db: TestDatabase;
  let c1: Connection;
  let c2: Connection;
  let fake: FakeKite;

  beforeEach(async () => {
    db = await createTestDatabase('approval-recovery');
    c1 = await mongoose.createConnection(db.uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
    c2 = await mongoose.createConnection(db.uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
    await new MongoOrderRepository(c1).init();
    await new MongoApprovalRepository(c1).init();
    fake = await startFakeKite({ instruments: [INFY, RELIANCE] });
    fake.setLtp(INFY.token, 1500);
    fake.setLtp(RELIANCE.token, 2500);
  });
  afterEach(async () => {
    await fake.close();
    await c1.close();
    await c2.close();
    await db.drop();
  });

  const rules = (s: string) => (s === 'INFY' || s === 'RELIANCE' ? { tickSize: 0.05, lotSize: 1 } : undefined);
  const prices = new Map([
    ['INFY', 1500],
    ['RELIANCE', 2500],
  ]);
  /** One process: a KiteBroker on the fake Kite, the pipeline, the stores on its own connection. */
  const processOn = (c: Connection, clock: ManualClock, name: string) =>
    pipelineOn(kiteBrokerOn(fake), clock, { repo: new MongoOrderRepository(c), approvals: { repo: new MongoApprovalRepository(c) }, rules, prices, idPrefix: name });

  it('an approved batch is placed once by the next process; the opted-out line is cancelled, never placed', async () => {
    const clock = new ManualClock(T0);
    // Process 1: asks, decides (the approval is stored APPROVED), dies before releasing.
    const p1 = processOn(c1, clock, 'p1');
    const req = await p1.request([line('INFY', 5, 1500), line('RELIANCE', 2, 2500)]);
    if (!req.approval) throw new Error('no approval');
    const a = req.approval;
    expect(req.refused).toEqual([]);
    await p1.idle();
    const [infy, tcs] = a.lines.map((l) => l.intent.clientOrderId) as [ClientOrderId, ClientOrderId];
    const dying = dyingService(p1, new MongoApprovalRepository(c1), clock);
    await expect(dying.decide(a.id, { kind: 'approve', optOut: [1] }, trader)).rejects.toThrow('process died');
    p1.close();
    const repo2 = new MongoApprovalRepository(c2);
    expect((await repo2.get(a.id))?.status).toBe('APPROVED');
    const orders2 = new MongoOrderRepository(c2);
    expect((await orders2.get(infy))?.status).toBe('PENDING_APPROVAL');
    expect(placedWithTag(fake, infy)).toBe(0);
    expect((await orders2.get(tcs))?.status).toBe('PENDING_APPROVAL');
    expect((await repo2.get(a.id))?.lines.map((l) => l.included)).toEqual([true, false]);

    // Process 2 starts: the book and the orders come back, then the approval recovery.
    clock.t = T0 + 5_000;
    const p2 = processOn(c2, clock, 'p2');
    const svc2 = p2.approvals;
    expect((await p2.recover()).ok).toBe(true);
    const first = await svc2.recover();
    await p2.idle();
    expect(first).toEqual({ released: [infy], refused: [], dropped: 1 });
    expect(placedWithTag(fake, infy)).toBe(1);
    expect(placedWithTag(fake, tcs)).toBe(0);
    expect((await orders2.get(infy))?.status).toBe('OPEN');
    expect((await orders2.get(tcs))?.status).toBe('CANCELLED');
    const trail = await orders2.transitions({ symbol: 'INFY' });
    expect(trail.filter((t) => t.clientOrderId === infy).map((t) => t.to)).toEqual(['PENDING_APPROVAL', 'APPROVED', 'SUBMITTED', 'OPEN']);
    expect(trail.find((t) => t.clientOrderId === infy && t.to === 'APPROVED')?.cause).toMatchObject({ kind: 'approval', userId: trader.userId });

    // Recover again, and a third process starting later: nothing is placed twice.
    expect(await svc2.recover()).toEqual({ released: [], refused: [], dropped: 0 });
    const p3 = processOn(c1, clock, 'p3');
    expect((await p3.recover()).ok).toBe(true);
    expect(await p3.approvals.recover()).toEqual({ released: [], refused: [], dropped: 0 });
    await p3.idle();
    expect(placedWithTag(fake, infy)).toBe(1);
    p2.close();
    p3.close();
  });

  it('a rejection stored before the crash cancels the orders at the next start and places nothing', async () => {
    const clock = new ManualClock(T0);
    const p1 = processOn(c1, clock, 'p1');
    const req = await p1.request([line('INFY', 7, 1500)]);
    if (!req.approval) throw new Error('no approval');
    const a = req.approval;
    await p1.idle();
    const cid = a.lines[0]!.intent.clientOrderId;
    const dying = dyingService(p1, new MongoApprovalRepository(c1), clock);
    await expect(dying.decide(a.id, { kind: 'reject' }, trader)).rejects.toThrow('process died');
    p1.close();

    const p2 = processOn(c2, clock, 'p2');
    expect((await p2.recover()).ok).toBe(true);
    const svc2 = p2.approvals;
    expect(await svc2.recover()).toEqual({ released: [], refused: [], dropped: 1 });
    await p2.idle();
    expect((await new MongoOrderRepository(c1).get(cid))?.status).toBe('CANCELLED');
    expect(placedWithTag(fake, cid)).toBe(0);
    // A late approve of the rejected approval changes nothing and says why.
    const late = await svc2.decide(a.id, { kind: 'approve' }, trader);
    expect(!late.ok && late.error).toBe(`Approval ${a.id} is already rejected; nothing was changed.`);
    p2.close();
  });
});
