/**
 * The facade's approvals group goes through the OMS approval service: approval ids and order ids, batches,
 * roles, expiry, the price re-check and ½× / 2× / limit changes behave as the approval cards do, and every
 * refusal changes nothing and says why. Paper broker, in-memory stores (see test/commands/support).
 */
import { clientOrderId, userId } from '../../src/core/ids';
import type { OrderIntent } from '../../src/core/order';
import { engineFixture, NOW, type EngineFixture } from '../commands/support/engineServices';
import { approveVia, modifyVia, rejectVia } from '../support/approvalDecisions';

const trader = { id: userId('t'), role: 'trader' as const, name: 'tara' };
const viewer = { id: userId('v'), role: 'viewer' as const, name: 'vik' };

let seq = 0;
const intent = (fx: EngineFixture, over: Partial<OrderIntent>): OrderIntent => ({
  clientOrderId: clientOrderId(`b${++seq}`),
  symbol: 'INFY',
  side: 'BUY',
  quantity: 10,
  orderType: 'LIMIT',
  price: 1500,
  product: 'CNC',
  validity: 'DAY',
  source: { kind: 'job', job: 'rebalance' },
  reason: 'rebalance line',
  time: fx.clock.now(),
  ...over,
});

describe('approvals facade over the approval service', () => {
  it('lists one entry per order with its approval; /approve takes the approval id and places the order once', async () => {
    const fx = await engineFixture();
    const id = await fx.submit({ quantity: 6, price: 1500.05, stop: 1470 });
    const list = await fx.services.approvals!.pending();
    expect(list).toHaveLength(1);
    const p = list[0]!;
    expect(p).toMatchObject({ id, symbol: 'INFY', quantity: 6, value: 9000.3, stop: 1470, expiresAt: fx.clock.now() + 120_000 });
    expect(p.batch).toBeUndefined();
    const ok = await approveVia(fx.services.approvals!, p.approvalId!, trader);
    expect(ok).toEqual({ ok: true, value: { id: p.approvalId, status: 'APPROVED', by: 'tara' } });
    await fx.settle();
    expect((await fx.oms.get(clientOrderId(id)))?.status).toBe('OPEN');
    expect((await fx.approvals.get(p.approvalId! as never))?.status).toBe('APPROVED');
    // A second approve changes nothing and says why (a one-order approval has the order's id: the order says it).
    expect(p.approvalId).toBe(id);
    expect(await approveVia(fx.services.approvals!, id, trader)).toEqual({ ok: false, error: `Order ${id} is OPEN, not waiting for approval; nothing was placed.` });
    const book = await fx.broker.orders();
    expect(book.ok && book.value.filter((o) => o.clientOrderId === id)).toHaveLength(1);
    expect(await fx.services.approvals!.pending()).toEqual([]);
  });

  it('someone without the trader role changes nothing, even calling the service directly', async () => {
    const fx = await engineFixture();
    const id = await fx.submit({});
    const r = await approveVia(fx.services.approvals!, id, viewer);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toBe('Only a trader or an admin can decide approvals; you are a viewer.');
    expect((await fx.oms.get(clientOrderId(id)))?.status).toBe('PENDING_APPROVAL');
    expect(await fx.services.approvals!.pending()).toHaveLength(1);
  });

  it('after the approval time an approve expires the approval and its order; nothing is placed', async () => {
    const fx = await engineFixture();
    const id = await fx.submit({});
    fx.clock.advance(120_000);
    expect(await fx.services.approvals!.pending()).toEqual([]);
    const r = await approveVia(fx.services.approvals!, id, trader);
    // The order id still names a PENDING_APPROVAL order until the approval is expired by this decision or the sweep.
    expect(!r.ok && r.error).toMatch(/expired at .*; nothing was placed — wait for the next signal\.$/);
    await fx.settle();
    expect((await fx.oms.get(clientOrderId(id)))?.status).toBe('EXPIRED');
    const book = await fx.broker.orders();
    expect(book.ok && book.value).toEqual([]);
  });

  it('a price that moved beyond the limit sends the approval back with new figures and places nothing', async () => {
    const fx = await engineFixture();
    const id = await fx.submit({ price: 1500 });
    fx.prices.set('INFY', 1520); // 1.33% > 1%
    const r = await approveVia(fx.services.approvals!, id, trader);
    expect(!r.ok && r.error).toBe('Prices moved since the signal (INFY moved 1.33%); review the new figures and approve again.');
    expect((await fx.oms.get(clientOrderId(id)))?.status).toBe('PENDING_APPROVAL');
    const again = await approveVia(fx.services.approvals!, id, trader);
    expect(again.ok).toBe(true);
    await fx.settle();
    expect((await fx.oms.get(clientOrderId(id)))?.status).toBe('OPEN');
  });

  it('½× and 2× resize, limit=price re-prices; each is validated, then approved once', async () => {
    const fx = await engineFixture();
    const half = await fx.submit({ quantity: 9 });
    expect(await modifyVia(fx.services.approvals!, half, trader, { kind: 'scale', factor: 0.5 })).toEqual({ ok: true, value: { id: half, status: 'APPROVED', by: 'tara', message: 'quantity 9 → 4' } });
    const twice = await fx.submit({ quantity: 9 });
    expect((await modifyVia(fx.services.approvals!, twice, trader, { kind: 'scale', factor: 2 })).ok).toBe(true);
    const lim = await fx.submit({ quantity: 3, orderType: 'MARKET', price: undefined });
    const offGrid = await modifyVia(fx.services.approvals!, lim, trader, { kind: 'limit', price: 1499.97 });
    expect(!offGrid.ok && offGrid.error).toBe("The limit 1499.97 is not a multiple of INFY's tick size 0.05; give a price on the tick grid.");
    expect((await modifyVia(fx.services.approvals!, lim, trader, { kind: 'limit', price: 1499.95 })).ok).toBe(true);
    await fx.settle();
    expect((await fx.oms.get(clientOrderId(half)))?.intent.quantity).toBe(4);
    expect((await fx.oms.get(clientOrderId(twice)))?.intent.quantity).toBe(18);
    expect((await fx.oms.get(clientOrderId(lim)))?.intent).toMatchObject({ orderType: 'LIMIT', price: 1499.95, quantity: 3 });
    const one = await fx.submit({ quantity: 1 });
    expect(await modifyVia(fx.services.approvals!, one, trader, { kind: 'scale', factor: 0.5 })).toEqual({ ok: false, error: 'Half of 1 INFY is less than one lot (1); approve it as it is or reject it.' });
  });

  it('a 2× the checks cut says why beside the new quantity', async () => {
    const fx = await engineFixture();
    fx.broker.handleTick('INFY', 1500, NOW);
    const buy = await fx.submit({ quantity: 10, orderType: 'MARKET', price: undefined });
    expect((await approveVia(fx.services.approvals!, buy, trader)).ok).toBe(true);
    await fx.settle();
    fx.broker.handleTick('INFY', 1500, NOW + 1000);
    await fx.settle();
    expect((await fx.oms.get(clientOrderId(buy)))?.status).toBe('FILLED');
    const sell = await fx.submit({ side: 'SELL', quantity: 6 });
    expect(await modifyVia(fx.services.approvals!, sell, trader, { kind: 'scale', factor: 2 })).toEqual({
      ok: true,
      value: { id: sell, status: 'APPROVED', by: 'tara', message: 'quantity 6 → 10 (resized from 12 to 10, the shares portfolio holds)' },
    });
  });

  it('a batch is decided as a whole: an order id of a batch points to the batch, the approval id approves every line', async () => {
    const fx = await engineFixture();
    const a = intent(fx, { symbol: 'INFY', quantity: 4 });
    const b = intent(fx, { symbol: 'TCS', quantity: 2, price: 4000 });
    const req = await fx.stack.request([
      { intent: a, sizingReason: 'target 2%', signalPrice: 1500 },
      { intent: b, sizingReason: 'target 1%', signalPrice: 4000 },
    ]);
    if (!req.approval) throw new Error('no batch');
    const batchId = req.approval.id;
    const list = await fx.services.approvals!.pending();
    expect(list.map((p) => [p.id, p.approvalId, p.batch, p.value])).toEqual([
      [a.clientOrderId, batchId, { line: 1, of: 2 }, 6000],
      [b.clientOrderId, batchId, { line: 2, of: 2 }, 8000],
    ]);
    expect(await approveVia(fx.services.approvals!, a.clientOrderId, trader)).toEqual({
      ok: false,
      error: `Order ${a.clientOrderId} is line 1 of 2 in batch approval ${batchId}; decide the batch with /approve ${batchId} or /reject ${batchId}.`,
    });
    expect((await approveVia(fx.services.approvals!, batchId, trader)).ok).toBe(true);
    await fx.settle();
    expect((await fx.oms.get(a.clientOrderId))?.status).toBe('OPEN');
    expect((await fx.oms.get(b.clientOrderId))?.status).toBe('OPEN');
  });

  it('reject by approval id cancels the orders; unknown ids are named', async () => {
    const fx = await engineFixture();
    const id = await fx.submit({});
    const [p] = await fx.services.approvals!.pending();
    expect(await rejectVia(fx.services.approvals!, p!.approvalId!, trader)).toEqual({ ok: true, value: { id: p!.approvalId, status: 'CANCELLED', by: 'tara' } });
    expect((await fx.oms.get(clientOrderId(id)))?.status).toBe('CANCELLED');
    expect(await rejectVia(fx.services.approvals!, 'nope1', trader)).toEqual({ ok: false, error: 'There is no approval or order nope1; /pending lists what waits for approval.' });
  });
});
