/**
 * The engine-backed services with money checked against a straightforward reference: orders approved
 * through the facade fill on the paper broker, and positions, P&L and the portfolio summary match
 * figures computed by hand from the fills.
 */
import { userId } from '../../src/core/ids';
import { engineFixture, NOW } from '../commands/support/engineServices';
import { approveVia, rejectVia } from '../support/approvalDecisions';

const trader = { id: userId('t'), role: 'trader' as const, name: 'tara' };

describe('engine services', () => {
  it('approve → paper fill → positions, P&L and summary to the paisa', async () => {
    const fx = await engineFixture();
    const s = fx.services;
    fx.broker.handleTick('INFY', 1500, NOW);
    fx.broker.handleTick('TCS', 4000, NOW);
    const a = await fx.submit({ symbol: 'INFY', quantity: 7, orderType: 'LIMIT', price: 1500.05 });
    const b = await fx.submit({ symbol: 'TCS', quantity: 3, orderType: 'LIMIT', price: 4000 });
    expect((await s.approvals!.pending()).map((p) => [p.id, p.value])).toEqual([[a, 10500.35], [b, 12000]]);
    expect((await approveVia(s.approvals!, a, trader)).ok).toBe(true);
    expect((await approveVia(s.approvals!, b, trader)).ok).toBe(true);
    await fx.settle();
    fx.broker.handleTick('INFY', 1499.95, NOW + 1000);
    fx.broker.handleTick('TCS', 3999.5, NOW + 1000);
    await fx.settle();
    fx.broker.handleTick('INFY', 1512.35, NOW + 2000);
    fx.broker.handleTick('TCS', 3987.1, NOW + 2000);
    await fx.settle();

    const orders = await s.orders!.list('today');
    expect(orders.map((o) => [o.id, o.status, o.filledQuantity])).toEqual(expect.arrayContaining([[a, 'FILLED', 7], [b, 'FILLED', 3]]));
    const pos = await s.portfolio!.positions();
    if (!pos.ok) throw new Error(pos.error);
    // Reference: a limit buy fills at the limit or better on the tick that reaches it.
    const infyFill = orders.find((o) => o.id === a)!.averagePrice!;
    const tcsFill = orders.find((o) => o.id === b)!.averagePrice!;
    expect(infyFill).toBeLessThanOrEqual(1500.05);
    expect(tcsFill).toBeLessThanOrEqual(4000);
    const refPnl = (last: number, avg: number, q: number) => Math.round((last - avg) * q * 100) / 100;
    expect(pos.value).toEqual([
      { symbol: 'INFY', product: 'CNC', quantity: 7, averagePrice: infyFill, lastPrice: 1512.35, pnl: refPnl(1512.35, infyFill, 7) },
      { symbol: 'TCS', product: 'CNC', quantity: 3, averagePrice: tcsFill, lastPrice: 3987.1, pnl: refPnl(3987.1, tcsFill, 3) },
    ]);
    const sum = await s.portfolio!.summary();
    if (!sum.ok) throw new Error(sum.error);
    expect(sum.value.grossExposure).toBe(Math.round((7 * 1512.35 + 3 * 3987.1) * 100) / 100);
    expect(sum.value.netExposure).toBe(sum.value.grossExposure);
    expect(sum.value.unrealised).toBeCloseTo(refPnl(1512.35, infyFill, 7) + refPnl(3987.1, tcsFill, 3), 2);
    // Cash = starting cash − value bought − charges (the broker's own cost model): never more than the value alone allows.
    expect(sum.value.available).toBeLessThan(1_000_000 - 7 * infyFill - 3 * tcsFill);
    expect(sum.value.available).toBeGreaterThan(1_000_000 - 7 * infyFill - 3 * tcsFill - 100);
    expect(sum.value.positions).toBe(2);
    expect(sum.value.holdings).toBe(2);
    const status = await s.status!.status();
    expect(status).toMatchObject({ mode: 'paper', tradingState: 'ACTIVE', openOrders: 0, pendingApprovals: 0, market: { open: true } });
  });

  it('a rejected order is never placed and a second decision changes nothing', async () => {
    const fx = await engineFixture();
    const id = await fx.submit({});
    expect(await rejectVia(fx.services.approvals!, id, trader)).toEqual({ ok: true, value: { id, status: 'CANCELLED', by: 'tara' } });
    const again = await approveVia(fx.services.approvals!, id, trader);
    expect(again.ok).toBe(false);
    await fx.settle();
    const book = await fx.broker.orders();
    expect(book.ok && book.value).toEqual([]);
  });

  it('the kill switch changes the risk engine state and reports the previous one', async () => {
    const fx = await engineFixture();
    const t = fx.services.trading!;
    expect(await t.halt(trader)).toEqual({ previous: 'ACTIVE', state: 'HALTED', by: 'tara', cancelledApprovals: 0, workingOrders: 0 });
    expect(fx.stack.risk.state).toBe('HALTED');
    expect(await t.reduce(trader)).toMatchObject({ previous: 'HALTED', state: 'REDUCING', by: 'tara' });
    expect(await t.resume(trader)).toMatchObject({ previous: 'REDUCING', state: 'ACTIVE', by: 'tara' });
  });

  it('instances: capital in rupees becomes a share; over-allocation is refused with the engine sentence', async () => {
    const fx = await engineFixture();
    const i = fx.services.instances!;
    const r = await i.start({ strategy: 'sma-cross', symbols: ['INFY'], params: {}, capital: { rupees: 600_000 } });
    expect(r.ok && [r.value.capitalShare, r.value.capital]).toEqual([0.6, 600_000]);
    const over = await i.start({ strategy: 'sma-cross', symbols: ['TCS'], params: {}, capital: { share: 0.5 } });
    expect(over).toEqual({ ok: false, error: 'Only 40.0% of capital is unallocated; lower the share or stop another instance.' });
    expect(await i.start({ strategy: 'sma-cross', symbols: ['TCS'], params: {}, capital: { rupees: 2_000_000 } })).toMatchObject({ ok: false });
  });
});
