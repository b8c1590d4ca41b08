/**
 * /pnl on real modules: a rebalance batch fills on the paper broker, prices move, part is sold; the day's
 * realised / unrealised P&L, charges and time-weighted return are checked against figures recomputed here
 * from the fills in the OMS audit trail.
 */
import mongoose, { type Connection } from 'mongoose';
import { istDate } from '../../src/calendar/ist';
import { clientOrderId, strategyInstanceId, userId } from '../../src/core/ids';
import { groupRows, periodLedger } from '../../src/oms/periodLedger';
import type { OrderTransition } from '../../src/core/ports/orderRepository';
import { periodStartDay } from '../../src/services/engine/pnlService';
import { createTestDatabase, type TestDatabase } from '../fakes/mongo/testDb';
import { portfolioFixture } from './support/portfolioFixture';

const trader = { id: userId('t1'), role: 'trader' as const };
const PRICES = { INFY: 1500, TCS: 4000, RELIANCE: 1250.5, HDFCBANK: 1650.25 };

describe('pnl service', () => {
  let db: TestDatabase;
  let conn: Connection;
  beforeAll(async () => {
    db = await createTestDatabase('pnl');
    conn = await mongoose.createConnection(db.uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
  });
  afterAll(async () => {
    await conn.close();
    await db.drop();
  });

  it('day P&L from fills: realised on the sale, unrealised on the rest, charges on contract notes, TWR from snapshots', async () => {
    const fx = await portfolioFixture(conn);
    await fx.tick(PRICES);
    const pv = await fx.services.rebalance!.preview('equal-weight');
    if (!pv.ok) throw new Error(pv.error);
    expect((await fx.services.rebalance!.submit(pv.value.id, trader)).ok).toBe(true);
    await fx.tick(PRICES);
    await fx.tick(PRICES);
    const infyQty = pv.value.trades.find((t) => t.symbol === 'INFY')!.quantity;
    // Sell 10 INFY after a move, through a batch approval like any order.
    await fx.tick({ ...PRICES, INFY: 1520 });
    const sell = await fx.stack.request([
      { intent: { clientOrderId: clientOrderId('sellinfy1'), symbol: 'INFY', side: 'SELL', quantity: 10, orderType: 'MARKET', product: 'CNC', validity: 'DAY', source: { kind: 'user', userId: trader.id }, reason: 'trim', time: fx.clock.now() }, sizingReason: 'test', signalPrice: 1520 },
    ]);
    if (!sell.approval) throw new Error('sell not requested');
    expect((await fx.approvals.decide(sell.approval.id, { kind: 'approve' }, { userId: trader.id, roles: ['trader'] })).ok).toBe(true);
    await fx.tick({ ...PRICES, INFY: 1520 });
    await fx.tick({ ...PRICES, INFY: 1530, TCS: 3990.55 });

    // Reference from the audit trail: one buy per symbol, then the INFY sale.
    const fills = (await fx.orders.transitions({ day: istDate(fx.clock.now()) })).filter((t) => t.fill);
    const buyPx = new Map<string, number>();
    let sellPx = NaN;
    for (const t of fills) {
      if (t.clientOrderId === 'sellinfy1') sellPx = t.fill!.price;
      else buyPx.set(t.symbol, t.fill!.price);
    }
    expect(Number.isFinite(sellPx)).toBe(true);
    const last: Record<string, number> = { ...PRICES, INFY: 1530, TCS: 3990.55 };
    const refRealised = 10 * (sellPx - buyPx.get('INFY')!);
    let refUnrealised = 0;
    for (const t of pv.value.trades) refUnrealised += (t.symbol === 'INFY' ? infyQty - 10 : t.quantity) * (last[t.symbol]! - buyPx.get(t.symbol)!);
    // Charges: what the book booked on each fill (the journal's charges; the live book's portfolio account agrees).
    const refCharges = fills.reduce((s, t) => s + (t.fill!.charges ?? 0), 0);
    expect(refCharges).toBeGreaterThan(0);
    expect(refCharges).toBeCloseTo(fx.stack.book.portfolio.charges, 9);

    const r = await fx.services.pnl!.pnl('day');
    if (!r.ok) throw new Error(r.error);
    const round = (x: number) => Math.round(x * 100) / 100;
    expect(r.value.realised).toBe(round(refRealised));
    // Each row is rounded to the paisa before it is summed: four rows, at most two paise apart from the unrounded sum.
    expect(Math.abs(r.value.unrealised - refUnrealised)).toBeLessThanOrEqual(0.02 + 1e-9);
    expect(Math.abs(r.value.charges - refCharges)).toBeLessThanOrEqual(0.03 + 1e-9);
    expect(r.value.net).toBe(round(r.value.realised + r.value.unrealised - r.value.charges));
    const infyCharges = round(fills.filter((t) => t.symbol === 'INFY').reduce((s, t) => s + t.fill!.charges!, 0));
    const infyUnrealised = round((infyQty - 10) * (1530 - buyPx.get('INFY')!));
    expect(r.value.bySymbol.find((s) => s.key === 'INFY')).toEqual({ key: 'INFY', realised: round(refRealised), unrealised: infyUnrealised, charges: infyCharges, net: round(round(refRealised) + infyUnrealised - infyCharges) });
    // Every section is a grouping of the same rows: the same net in each.
    for (const section of [r.value.bySymbol, r.value.byInstance, r.value.bySector]) expect(round(section.reduce((s, l) => s + l.net, 0))).toBe(r.value.net);
    expect(r.value.byInstance.map((l) => l.key)).toEqual(['portfolio']);
    expect(r.value.bySymbol.map((l) => l.key).sort()).toEqual(pv.value.trades.map((t) => t.symbol).sort());
    expect([r.value.from, r.value.to, r.value.basis]).toEqual(['2025-01-08', '2025-01-08', 'average price']);
    // TWR: from the rebalance snapshot (₹10,00,000) to the current mark = cash + holdings at the last prices.
    const m = await fx.broker.margins();
    const pos = await fx.broker.positions();
    if (!m.ok || !pos.ok) throw new Error('broker');
    const markEquity = m.value.available + pos.value.reduce((s, p) => s + p.quantity * last[p.symbol]!, 0);
    expect(r.value.twr).toBeCloseTo(markEquity / 1_000_000 - 1, 12);
    // No NIFTY 50 bars here.
    expect(r.value.benchmark).toBeUndefined();
  });

  it('the ledger: one row per account and symbol from the fills, re-based at the period start, sections summing to one net', () => {
    let n = 0;
    const fill = (time: number, symbol: string, side: 'BUY' | 'SELL', quantity: number, price: number, charges: number, strategy?: string): OrderTransition => ({
      clientOrderId: clientOrderId(`o${++n}`), symbol, from: 'OPEN', to: 'FILLED', time, cause: { kind: 'system', detail: 'test' }, filledQuantity: quantity,
      fill: { quantity, price, side, product: 'CNC', charges },
      ...(strategy !== undefined ? { strategy: strategyInstanceId(strategy) } : {}),
    });
    const fills = [
      fill(1, 'A', 'BUY', 10, 100, 1),
      fill(2, 'A', 'BUY', 5, 90, 0.5, 's1'),
      fill(11, 'A', 'BUY', 10, 110, 2),
      fill(12, 'A', 'SELL', 5, 120, 1.5),
      fill(13, 'A', 'SELL', 5, 120, 0.7, 's1'),
      fill(14, 'B', 'BUY', 3, 50, 0.3, 's1'),
    ];
    const rows = periodLedger({ fills, start: 10, opening: (s) => (s === 'A' ? 104 : undefined), mark: (s) => (s === 'A' ? 130 : 40) });
    // portfolio A: 10 re-based at 104, +10 @110 → 107; sell 5 @120 → 65 realised; 15 × (130 − 107) = 345; charges 2 + 1.5 (the 1 before the period is not the period's).
    // s1 A: 5 re-based at 104, sold @120 → 80. s1 B: 3 × (40 − 50) = −30.
    expect(rows).toEqual([
      { account: 'portfolio', symbol: 'A', product: 'CNC', quantity: 15, realised: 65, unrealised: 345, charges: 3.5, net: 406.5 },
      { account: 's1', symbol: 'A', product: 'CNC', quantity: 0, realised: 80, unrealised: 0, charges: 0.7, net: 79.3 },
      { account: 's1', symbol: 'B', product: 'CNC', quantity: 3, realised: 0, unrealised: -30, charges: 0.3, net: -30.3 },
    ]);
    expect(groupRows(rows, (r) => r.symbol).map((g) => [g.key, g.net])).toEqual([['A', 485.8], ['B', -30.3]]);
    expect(groupRows(rows, (r) => r.account).map((g) => [g.key, g.net])).toEqual([['portfolio', 406.5], ['s1', 49]]);
    expect(groupRows(rows, () => 'all')).toEqual([{ key: 'all', realised: 145, unrealised: 315, charges: 4.5, net: 455.5 }]);
    // Without a period-start mark, open positions keep their average price (s1's A at 90: 5 × 30 realised).
    const plain = periodLedger({ fills, start: 10, opening: () => undefined, mark: () => undefined });
    expect(plain.find((r) => r.account === 's1' && r.symbol === 'A')!.realised).toBe(150);
  });

  it('periods start today, on Monday, or on the 1st (IST)', () => {
    const wed = Math.floor((Date.parse('2025-01-08T05:30:00Z') + 19_800_000) / 86_400_000);
    expect(periodStartDay('day', wed)).toBe(wed);
    expect(periodStartDay('week', wed)).toBe(wed - 2);
    expect(periodStartDay('month', wed)).toBe(wed - 7);
  });
});
