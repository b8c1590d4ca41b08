/**
 * The approval stage of the order pipeline, over a KiteBroker (real kiteconnect) on the fake Kite server:
 * approvals are acted on exactly once, a released order is checked again, and every outcome says why.
 */
import type { ClientOrderId } from '../../src/core/ids';
import { MemoryApprovalRepository } from '../../src/oms/approvalRepository';
import { MemoryOrderRepository } from '../../src/core/ports/orderRepository';
import { startFakeKite, type FakeKite } from '../fakes/kite';
import { INFY, RELIANCE } from '../fakes/kite/support';
import { admin, line, trader, viewer } from '../support/brokers/approvalFixtures';
import { kiteBrokerOn, ManualClock, placedWithTag } from '../support/brokers/omsFixtures';
import { pipelineOn } from '../support/brokers/pipelineStack';

const T0 = Date.parse('2025-01-06T04:00:00Z');

describe('ApprovalService', () => {
  let fake: FakeKite;
  let clock: ManualClock;
  let prices: Map<string, number>;
  let orders: MemoryOrderRepository;
  let approvals: MemoryApprovalRepository;

  const setup = () => {
    const broker = kiteBrokerOn(fake);
    const stack = pipelineOn(broker, clock, { repo: orders, prices, approvals: { repo: approvals }, rules: (s) => (s === 'INFY' || s === 'RELIANCE' ? { tickSize: 0.05, lotSize: 1 } : undefined) });
    /** Polls Kite's order book into the pipeline (the same ingest as the ticker and postbacks). */
    const sync = async () => {
      await stack.idle();
      await broker.sync();
      await stack.idle();
    };
    const status = (id: ClientOrderId | undefined) => stack.pipeline.get(id!)?.status;
    return { oms: stack, stack, sync, status, service: stack.approvals };
  };

  beforeEach(async () => {
    fake = await startFakeKite({ instruments: [INFY, RELIANCE] });
    fake.setLtp(INFY.token, 1500);
    fake.setLtp(RELIANCE.token, 2500);
    clock = new ManualClock(T0);
    prices = new Map([['INFY', 1500], ['RELIANCE', 2500]]);
    orders = new MemoryOrderRepository();
    approvals = new MemoryApprovalRepository();
  });
  afterEach(() => fake.close());

  it('parks the orders until a decision; a double approve (two concurrent) releases each order once', async () => {
    const { oms, service, stack, status, sync } = setup();
    const req = await stack.request([line('INFY', 2, 1500)]);
    if (!req.approval) throw new Error('no approval');
    const id = req.approval.id;
    const cid = req.approval.lines[0]!.intent.clientOrderId;
    // One order, one id: the approval's id is the order's.
    expect(id).toBe(cid);
    expect(status(cid)).toBe('PENDING_APPROVAL');
    expect(placedWithTag(fake, cid)).toBe(0);

    const [a, b] = await Promise.all([service.decide(id, { kind: 'approve' }, trader), service.decide(id, { kind: 'approve' }, admin)]);
    await oms.idle();
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    const won = a.ok ? a : b;
    const lost = a.ok ? b : a;
    expect(won.ok && won.value.message).toBe(`Approval ${id}: 1 order released to the broker.`);
    expect(!lost.ok && lost.error).toMatch(/^Approval \S+ (was just approved by someone else|is already approved); nothing was changed/);
    expect(placedWithTag(fake, cid)).toBe(1);
    await sync();
    expect(status(cid)).toBe('FILLED');
    expect(status(cid)).toBe('FILLED');

    const third = await service.decide(id, { kind: 'approve' }, trader);
    expect(!third.ok && third.error).toMatch(/already approved; nothing was changed/);
    await oms.idle();
    expect(placedWithTag(fake, cid)).toBe(1);
    expect((await approvals.get(id))?.status).toBe('APPROVED');
    expect((await approvals.get(id))?.decidedBy).toBeDefined();
  });

  it('a late approve after expiry changes nothing but the expiry, and says why', async () => {
    const { oms, service, stack, status } = setup();
    const req = await stack.request([line('INFY', 3, 1500)]);
    if (!req.approval) throw new Error('no approval');
    const { id } = req.approval;
    const cid = req.approval.lines[0]!.intent.clientOrderId;
    clock.t = T0 + 120_000;
    const late = await service.decide(id, { kind: 'approve' }, trader);
    await oms.idle();
    expect(!late.ok && late.error).toMatch(/expired at .*; nothing was placed/);
    expect((await approvals.get(id))?.status).toBe('EXPIRED');
    expect(status(cid)).toBe('EXPIRED');
    expect(placedWithTag(fake, cid)).toBe(0);
    const again = await service.decide(id, { kind: 'approve' }, trader);
    expect(!again.ok && again.error).toMatch(/already expired/);
    expect(placedWithTag(fake, cid)).toBe(0);
  });

  it('the expiry sweep expires due approvals and their orders, and leaves the others', async () => {
    const { service, stack, status } = setup();
    const first = await stack.request([line('INFY', 1, 1500)]);
    clock.t = T0 + 60_000;
    const second = await stack.request([line('RELIANCE', 1, 2500)]);
    if (!first.approval || !second.approval) throw new Error('no approval');
    clock.t = T0 + 130_000;
    expect(await service.sweepExpired()).toBe(1);
    expect(await service.sweepExpired()).toBe(0);
    expect((await approvals.get(first.approval.id))?.status).toBe('EXPIRED');
    expect(status(first.approval.lines[0]!.intent.clientOrderId)).toBe('EXPIRED');
    expect((await approvals.get(second.approval.id))?.status).toBe('PENDING');
    expect(status(second.approval.lines[0]!.intent.clientOrderId)).toBe('PENDING_APPROVAL');
  });

  it('an approve by a viewer changes nothing and says who may decide', async () => {
    const { oms, service, stack, status } = setup();
    const req = await stack.request([line('INFY', 1, 1500)]);
    if (!req.approval) throw new Error('no approval');
    const before = req.approval;
    const r = await service.decide(before.id, { kind: 'approve' }, viewer);
    await oms.idle();
    expect(!r.ok && r.error).toBe(`Only a trader or an admin can act on approvals; ask one to decide approval ${before.id}.`);
    expect(await approvals.get(before.id)).toEqual(before);
    expect(status(before.lines[0]!.intent.clientOrderId)).toBe('PENDING_APPROVAL');
    expect(fake.orders.orders()).toHaveLength(0);
  });

  it('a batch approval with a per-line opt-out places the included lines and cancels the opted-out one', async () => {
    const { oms, service, stack, status } = setup();
    const req = await stack.request([line('INFY', 2, 1500), line('RELIANCE', 1, 2500)]);
    if (!req.approval) throw new Error('no approval');
    const [infy, rel] = req.approval.lines.map((l) => l.intent.clientOrderId);
    const r = await service.decide(req.approval.id, { kind: 'approve', optOut: [1] }, trader);
    await oms.idle();
    expect(r.ok && r.value.released).toEqual([infy]);
    expect(r.ok && r.value.message).toMatch(/1 order released to the broker; 1 not placed \(RELIANCE: Left out of the batch\)\.$/);
    expect(placedWithTag(fake, infy!)).toBe(1);
    expect(placedWithTag(fake, rel!)).toBe(0);
    expect(status(rel!)).toBe('CANCELLED');
    await stack.idle();
    const trail = await orders.transitions({ symbol: 'RELIANCE' });
    expect(trail.at(-1)).toMatchObject({ from: 'PENDING_APPROVAL', to: 'CANCELLED', cause: { kind: 'approval', userId: trader.userId } });
  });

  it('a price move beyond the limit sends the approval back; the re-approval places the order once', async () => {
    const { oms, service, stack, status } = setup();
    const req = await stack.request([line('INFY', 2, 1500)]);
    if (!req.approval) throw new Error('no approval');
    const { id } = req.approval;
    const cid = req.approval.lines[0]!.intent.clientOrderId;
    prices.set('INFY', 1520);
    const moved = await service.decide(id, { kind: 'approve' }, trader);
    expect(moved.ok && moved.value.kind).toBe('requote');
    expect(moved.ok && moved.value.message).toMatch(/INFY moved 1\.33%.*approve again/);
    expect(status(cid)).toBe('PENDING_APPROVAL');
    expect((await approvals.get(id))?.lines[0]?.signalPrice).toBe(1520);
    const again = await service.decide(id, { kind: 'approve' }, trader);
    await oms.idle();
    expect(again.ok && again.value.kind).toBe('approved');
    expect(placedWithTag(fake, cid)).toBe(1);
  });

  it('reject cancels every order of the approval; half-size then approve places the new quantity', async () => {
    const { oms, service, stack, status, sync } = setup();
    const a = await stack.request([line('INFY', 4, 1500)]);
    const b = await stack.request([line('INFY', 6, 1500)]);
    if (!a.approval || !b.approval) throw new Error('no approval');
    const rej = await service.decide(a.approval.id, { kind: 'reject' }, trader);
    expect(rej.ok && rej.value.message).toMatch(/was rejected; none of its 1 order was placed/);
    expect(status(a.approval.lines[0]!.intent.clientOrderId)).toBe('CANCELLED');
    const half = await service.decide(b.approval.id, { kind: 'scale', factor: 0.5, maxQuantity: 100 }, trader);
    expect(half.ok && half.value.kind).toBe('changed');
    const ok = await service.decide(b.approval.id, { kind: 'approve' }, trader);
    await oms.idle();
    expect(ok.ok).toBe(true);
    const cid = b.approval.lines[0]!.intent.clientOrderId;
    await sync();
    expect(fake.orders.orders().filter((o) => o.tag === cid).map((o) => o.quantity)).toEqual([3]);
    expect(stack.pipeline.get(cid)).toMatchObject({ status: 'FILLED', filledQuantity: 3 });
  });

  it('lines the checks refuse never wait for approval', async () => {
    const { stack } = setup();
    const r = await stack.request([line('INFY', 1, 1500), line('NOPE', 1, 10)]);
    expect(r.approval?.lines.map((l) => l.intent.symbol)).toEqual(['INFY']);
    expect(r.refused).toEqual([expect.stringMatching(/^NOPE is not a known instrument/)]);
  });
});
