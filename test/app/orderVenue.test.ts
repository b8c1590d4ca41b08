/** The kernel's venue over the OMS: broker-safe ids, approval routing, and updates translated back. */
import { approvalPredicate } from '../../src/app/approvalPolicy';
import { OmsOrderVenue } from '../../src/app/orderVenue';
import type { OrderUpdate } from '../../src/core/broker';
import { SimulatedClock } from '../../src/core/clock';
import { approvalId, clientOrderId, orderId, strategyInstanceId, type ClientOrderId } from '../../src/core/ids';
import type { Order, OrderIntent } from '../../src/core/order';
import { ok } from '../../src/core/result';
import { ClientOrderIdFactory, isValidTag } from '../../src/oms/clientOrderIds';
import type { Approval, LineRequest } from '../../src/oms/approvals';

const intent = (over: Partial<OrderIntent> = {}): OrderIntent => ({
  clientOrderId: clientOrderId('sma-cross-0a1b2c3d-1'),
  symbol: 'INFY',
  side: 'BUY',
  quantity: 10,
  orderType: 'MARKET',
  product: 'CNC',
  validity: 'DAY',
  source: { kind: 'strategy', instanceId: strategyInstanceId('sma-cross-0a1b2c3d') },
  reason: 'test',
  time: 0,
  ...over,
});

function setup(needsApproval: boolean) {
  const clock = new SimulatedClock(1_000);
  const submitted: OrderIntent[] = [];
  const requested: LineRequest[][] = [];
  const cancelled: ClientOrderId[] = [];
  let listener: ((a: Approval) => void) | undefined;
  const venue = new OmsOrderVenue({
    oms: {
      submit: async (i) => {
        submitted.push(i);
        return ok({ intent: i, status: 'SUBMITTED' } as unknown as Order);
      },
      cancel: async (id) => {
        cancelled.push(id);
        return ok({ clientOrderId: id, brokerOrderId: orderId('B1') });
      },
    },
    approvals: {
      request: async (lines) => {
        requested.push([...lines]);
        return ok({ approval: { id: approvalId('a1') } as Approval, refused: [], message: 'waits' });
      },
      subscribe: (l) => {
        listener = l;
        return () => (listener = undefined);
      },
    },
    needsApproval: () => needsApproval,
    lastPrice: () => 1500,
    clock,
    onError: (e) => {
      throw e;
    },
    ids: new ClientOrderIdFactory({ prefix: 'pp', clock, random: () => 7 }),
    onRestoredFill: (id, fill) => restored.push(`${id}:${fill.clientOrderId}:${fill.quantity}`),
  });
  const updates: OrderUpdate[] = [];
  const restored: string[] = [];
  venue.setListener((u) => updates.push(u));
  return { venue, submitted, requested, cancelled, updates, restored, approve: (a: Approval) => listener?.(a) };
}

describe('OmsOrderVenue', () => {
  test('gives each kernel order a Kite-safe client id and translates fills back, partial then final', async () => {
    const s = setup(false);
    s.venue.submit(intent());
    await s.venue.settled();
    const sent = s.submitted[0]!;
    expect(isValidTag(sent.clientOrderId)).toBe(true);
    expect(sent.clientOrderId).not.toBe('sma-cross-0a1b2c3d-1');
    const fill = (quantity: number) => ({ clientOrderId: sent.clientOrderId, symbol: 'INFY', side: 'BUY' as const, quantity, price: 1500, time: 2, source: sent.source });
    s.venue.handleOmsEvent({ type: 'order-filled', fill: fill(4) });
    s.venue.handleOmsEvent({ type: 'order-filled', fill: fill(6) });
    // after the last share, the order is closed: a stray update is not forwarded
    s.venue.handleOmsEvent({ type: 'order-cancelled', clientOrderId: sent.clientOrderId, time: 3 });
    expect(s.updates.map((u) => (u.kind === 'filled' ? `${u.fill.clientOrderId}:${u.fill.quantity}` : u.kind))).toEqual(['sma-cross-0a1b2c3d-1:4', 'sma-cross-0a1b2c3d-1:6']);
  });

  test('an intent the policy holds becomes an approval at the last price; a rejected approval cancels the kernel order', async () => {
    const s = setup(true);
    s.venue.submit(intent());
    await s.venue.settled();
    expect(s.submitted).toHaveLength(0);
    const line = s.requested[0]![0]!;
    expect(line.signalPrice).toBe(1500);
    s.approve({ id: approvalId('a1'), status: 'REJECTED', lines: [{ intent: line.intent, included: true }] } as unknown as Approval);
    expect(s.updates).toEqual([{ kind: 'cancelled', clientOrderId: 'sma-cross-0a1b2c3d-1', message: 'Approval a1 rejected.', time: 1_000 }]);
  });

  test('a kernel cancel goes to the OMS under the OMS id; ids the venue never sent are ignored', async () => {
    const s = setup(false);
    s.venue.submit(intent());
    await s.venue.settled();
    s.venue.cancel(clientOrderId('sma-cross-0a1b2c3d-1'), 5);
    s.venue.cancel(clientOrderId('unknown'), 5);
    expect(s.cancelled).toEqual([s.submitted[0]!.clientOrderId]);
    s.venue.handleOmsEvent({ type: 'order-rejected', clientOrderId: clientOrderId('other'), message: 'x', time: 1 });
    expect(s.updates).toEqual([]);
  });

  test('a fill of a strategy order placed before a restart goes to the instance its persisted source names, not to the kernel', async () => {
    const s = setup(false);
    s.venue.submit(intent());
    await s.venue.settled();
    const mine = s.submitted[0]!;
    const fill = (id: string, quantity: number, source: OrderIntent['source']) => ({ clientOrderId: clientOrderId(id), symbol: 'INFY', side: 'SELL' as const, quantity, price: 1400, time: 9, source });
    const strategy = { kind: 'strategy' as const, instanceId: strategyInstanceId('sma-cross-0a1b2c3d') };
    s.venue.handleOmsEvent({ type: 'order-filled', fill: fill('pp-before-restart-1', 3, strategy) });
    s.venue.handleOmsEvent({ type: 'order-filled', fill: fill('pp-before-restart-1', 2, strategy) });
    // a rebalance order from before the restart belongs to no instance
    s.venue.handleOmsEvent({ type: 'order-filled', fill: fill('pp-before-restart-2', 4, { kind: 'job', job: 'rebalance' }) });
    // this process's own order, filled in full, then a stray duplicate: neither is a restored order's fill
    s.venue.handleOmsEvent({ type: 'order-filled', fill: { ...fill(mine.clientOrderId, 10, strategy), side: 'BUY' } });
    s.venue.handleOmsEvent({ type: 'order-filled', fill: { ...fill(mine.clientOrderId, 1, strategy), side: 'BUY' } });
    expect(s.restored).toEqual(['sma-cross-0a1b2c3d:pp-before-restart-1:3', 'sma-cross-0a1b2c3d:pp-before-restart-1:2']);
    expect(s.updates.map((u) => (u.kind === 'filled' ? `${u.fill.clientOrderId}:${u.fill.quantity}` : u.kind))).toEqual(['sma-cross-0a1b2c3d-1:10']);
  });
});

describe('approvalPredicate', () => {
  const last = (s: string) => (s === 'INFY' ? 1500 : undefined);
  test('always / never', () => {
    expect(approvalPredicate({ policy: 'always', minValue: 0 }, last)(intent())).toBe(true);
    expect(approvalPredicate({ policy: 'never', minValue: 0 }, last)(intent())).toBe(false);
  });
  test('above_value compares quantity × (limit or last price) with the minimum; no price means ask', () => {
    const p = approvalPredicate({ policy: 'above_value', minValue: 15_000 }, last);
    expect(p(intent({ quantity: 10 }))).toBe(false); // 10 × 1500 = 15,000, not above
    expect(p(intent({ quantity: 11 }))).toBe(true);
    expect(p(intent({ quantity: 10, orderType: 'LIMIT', price: 1501 }))).toBe(true);
    expect(p(intent({ symbol: 'TCS' }))).toBe(true);
  });
});
