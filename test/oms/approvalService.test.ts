/**
 * The approval service over the OrderManager and KiteBroker (real kiteconnect) on the fake Kite server:
 * approvals are acted on exactly once, and every outcome says why.
 */
import { MemoryApprovalRepository } from '../../src/oms/approvalRepository';
import { MemoryOrderRepository } from '../../src/oms/orderRepository';
import { startFakeKite, type FakeKite } from '../fakes/kite';
import { INFY, RELIANCE } from '../fakes-kite/support';
import { admin, approvalServiceOn, line, trader, viewer } from '../support/brokers/approvalFixtures';
import { kiteBrokerOn, ManualClock, omsOn, placedWithTag } from '../support/brokers/omsFixtures';

const T0 = Date.parse('2025-01-06T04:00:00Z');

describe('ApprovalService', () => {
  let fake: FakeKite;
  let clock: ManualClock;
  let prices: Map<string, number>;
  let orders: MemoryOrderRepository;
  let approvals: MemoryApprovalRepository;

  const setup = () => {
    const broker = kiteBrokerOn(fake);
    const oms = omsOn(broker, orders, clock, { rules: (s) => (s === 'INFY' || s === 'RELIANCE' ? { tickSize: 0.05, lotSize: 1 } : undefined) });
    /** Polls Kite's order book into the OMS (the same ingest as the ticker and postbacks). */
    const sync = async () => {
      await oms.idle();
      await broker.sync();
      await oms.idle();
    };
    return { oms, sync, service: approvalServiceOn(oms, approvals, clock, prices) };
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
    const { oms, sync, service } = setup();
    const req = await service.request([line('INFY', 2, 1500)]);
    expect(req.ok && req.value.message).toMatch(/waits for a decision on 1 order\./);
    if (!req.ok || !req.value.approval) throw new Error('no approval');
    const id = req.value.approval.id;
    const cid = req.value.approval.lines[0]!.intent.clientOrderId;
    expect((await orders.get(cid))?.status).toBe('PENDING_APPROVAL');
    expect(placedWithTag(fake, cid)).toBe(0);

    const [a, b] = await Promise.all([service.decide(id, { kind: 'approve' }, trader), service.decide(id, { kind: 'approve' }, admin)]);
    await oms.idle();
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    const won = a.ok ? a : b;
    const lost = a.ok ? b : a;
    expect(won.ok && won.value.message).toBe(`Approval ${id}: 1 order sent to the broker.`);
    expect(!lost.ok && lost.error).toMatch(/^Approval \S+ (was just approved by someone else|is already approved); nothing was changed/);
    expect(placedWithTag(fake, cid)).toBe(1);
    await sync();
    expect((await orders.get(cid))?.status).toBe('FILLED');

    const third = await service.decide(id, { kind: 'approve' }, trader);
    expect(!third.ok && third.error).toMatch(/already approved; nothing was changed/);
    await oms.idle();
    expect(placedWithTag(fake, cid)).toBe(1);
    expect((await approvals.get(id))?.status).toBe('APPROVED');
    expect((await approvals.get(id))?.decidedBy).toBeDefined();
  });

  it('a late approve after expiry changes nothing but the expiry, and says why', async () => {
    const { oms, service } = setup();
    const req = await service.request([line('INFY', 3, 1500)]);
    if (!req.ok || !req.value.approval) throw new Error('no approval');
    const { id } = req.value.approval;
    const cid = req.value.approval.lines[0]!.intent.clientOrderId;
    clock.t = T0 + 120_000;
    const late = await service.decide(id, { kind: 'approve' }, trader);
    await oms.idle();
    expect(!late.ok && late.error).toMatch(/expired at .*; nothing was placed/);
    expect((await approvals.get(id))?.status).toBe('EXPIRED');
    expect((await orders.get(cid))?.status).toBe('EXPIRED');
    expect(placedWithTag(fake, cid)).toBe(0);
    const again = await service.decide(id, { kind: 'approve' }, trader);
    expect(!again.ok && again.error).toMatch(/already expired/);
    expect(placedWithTag(fake, cid)).toBe(0);
  });

  it('the expiry sweep expires due approvals and their orders, and leaves the others', async () => {
    const { service } = setup();
    const first = await service.request([line('INFY', 1, 1500)]);
    clock.t = T0 + 60_000;
    const second = await service.request([line('RELIANCE', 1, 2500)]);
    if (!first.ok || !first.value.approval || !second.ok || !second.value.approval) throw new Error('no approval');
    clock.t = T0 + 130_000;
    expect(await service.sweepExpired()).toBe(1);
    expect(await service.sweepExpired()).toBe(0);
    expect((await approvals.get(first.value.approval.id))?.status).toBe('EXPIRED');
    expect((await orders.get(first.value.approval.lines[0]!.intent.clientOrderId))?.status).toBe('EXPIRED');
    expect((await approvals.get(second.value.approval.id))?.status).toBe('PENDING');
    expect((await orders.get(second.value.approval.lines[0]!.intent.clientOrderId))?.status).toBe('PENDING_APPROVAL');
  });

  it('an approve by a viewer changes nothing and says who may decide', async () => {
    const { oms, service } = setup();
    const req = await service.request([line('INFY', 1, 1500)]);
    if (!req.ok || !req.value.approval) throw new Error('no approval');
    const before = req.value.approval;
    const r = await service.decide(before.id, { kind: 'approve' }, viewer);
    await oms.idle();
    expect(!r.ok && r.error).toBe(`Only a trader or an admin can act on approvals; ask one to decide approval ${before.id}.`);
    expect(await approvals.get(before.id)).toEqual(before);
    expect((await orders.get(before.lines[0]!.intent.clientOrderId))?.status).toBe('PENDING_APPROVAL');
    expect(fake.orders.orders()).toHaveLength(0);
  });

  it('a batch approval with a per-line opt-out places the included lines and cancels the opted-out one', async () => {
    const { oms, service } = setup();
    const req = await service.request([line('INFY', 2, 1500), line('RELIANCE', 1, 2500)]);
    if (!req.ok || !req.value.approval) throw new Error('no approval');
    const [infy, rel] = req.value.approval.lines.map((l) => l.intent.clientOrderId);
    const r = await service.decide(req.value.approval.id, { kind: 'approve', optOut: [1] }, trader);
    await oms.idle();
    expect(r.ok && r.value.released).toEqual([infy]);
    expect(r.ok && r.value.message).toMatch(/1 order sent to the broker, 1 not \(RELIANCE: Left out of the batch\)\.$/);
    expect(placedWithTag(fake, infy!)).toBe(1);
    expect(placedWithTag(fake, rel!)).toBe(0);
    expect((await orders.get(rel!))?.status).toBe('CANCELLED');
    const trail = await orders.transitions({ symbol: 'RELIANCE' });
    expect(trail.at(-1)).toMatchObject({ from: 'PENDING_APPROVAL', to: 'CANCELLED', cause: { kind: 'approval', userId: trader.userId } });
  });

  it('a price move beyond the limit sends the approval back; the re-approval places the order once', async () => {
    const { oms, service } = setup();
    const req = await service.request([line('INFY', 2, 1500)]);
    if (!req.ok || !req.value.approval) throw new Error('no approval');
    const { id } = req.value.approval;
    const cid = req.value.approval.lines[0]!.intent.clientOrderId;
    prices.set('INFY', 1520);
    const moved = await service.decide(id, { kind: 'approve' }, trader);
    expect(moved.ok && moved.value.kind).toBe('requote');
    expect(moved.ok && moved.value.message).toMatch(/INFY moved 1\.33%.*approve again/);
    expect((await orders.get(cid))?.status).toBe('PENDING_APPROVAL');
    expect((await approvals.get(id))?.lines[0]?.signalPrice).toBe(1520);
    const again = await service.decide(id, { kind: 'approve' }, trader);
    await oms.idle();
    expect(again.ok && again.value.kind).toBe('approved');
    expect(placedWithTag(fake, cid)).toBe(1);
  });

  it('reject cancels every order of the approval; half-size then approve places the new quantity', async () => {
    const { oms, sync, service } = setup();
    const a = await service.request([line('INFY', 4, 1500)]);
    const b = await service.request([line('INFY', 6, 1500)]);
    if (!a.ok || !a.value.approval || !b.ok || !b.value.approval) throw new Error('no approval');
    const rej = await service.decide(a.value.approval.id, { kind: 'reject' }, trader);
    expect(rej.ok && rej.value.message).toMatch(/was rejected; none of its 1 order was placed/);
    expect((await orders.get(a.value.approval.lines[0]!.intent.clientOrderId))?.status).toBe('CANCELLED');
    const half = await service.decide(b.value.approval.id, { kind: 'scale', factor: 0.5, maxQuantity: 100 }, trader);
    expect(half.ok && half.value.kind).toBe('changed');
    const ok = await service.decide(b.value.approval.id, { kind: 'approve' }, trader);
    await oms.idle();
    expect(ok.ok).toBe(true);
    const cid = b.value.approval.lines[0]!.intent.clientOrderId;
    await sync();
    expect(fake.orders.orders().filter((o) => o.tag === cid).map((o) => o.quantity)).toEqual([3]);
    expect((await orders.get(cid))).toMatchObject({ status: 'FILLED', filledQuantity: 3 });
  });

  it('lines the checks refuse never wait for approval, and the request says so', async () => {
    const { service } = setup();
    const r = await service.request([line('INFY', 1, 1500), line('NOPE', 1, 10)]);
    expect(r.ok && r.value.approval?.lines).toHaveLength(1);
    expect(r.ok && r.value.refused.map((x) => x.symbol)).toEqual(['NOPE']);
    expect(r.ok && r.value.message).toMatch(/1 order failed the checks and was left out\.$/);
  });
});
