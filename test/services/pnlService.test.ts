/**
 * /pnl on real modules: a rebalance batch fills on the paper broker, prices move, part is sold; the day's
 * realised / unrealised P&L, charges and time-weighted return are checked against figures recomputed here
 * from the fills in the OMS audit trail.
 */
import mongoose, { type Connection } from 'mongoose';
import { istDate } from '../../src/calendar/ist';
import { clientOrderId, userId } from '../../src/core/ids';
import { periodPnl } from '../../src/services/engine/pnlLedger';
import { periodStartDay } from '../../src/services/engine/pnlService';
import { createTestDatabase, type TestDatabase } from '../fakes/mongo/testDb';
import { costs, portfolioFixture } from './support/portfolioFixture';

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
    const refCharges = costs.contractNotes(
      fills.map((t) => ({ side: t.clientOrderId === 'sellinfy1' ? ('SELL' as const) : ('BUY' as const), quantity: t.fill!.quantity, price: t.fill!.price, product: 'CNC' as const, exchange: 'NSE' as const, time: t.time, symbol: t.symbol })),
    ).total;

    const r = await fx.services.pnl!.pnl('day');
    if (!r.ok) throw new Error(r.error);
    const round = (x: number) => Math.round(x * 100) / 100;
    expect(r.value.realised).toBe(round(refRealised));
    expect(r.value.unrealised).toBeCloseTo(round(refUnrealised), 2);
    expect(r.value.charges).toBe(round(refCharges));
    expect(r.value.net).toBe(round(r.value.realised + r.value.unrealised - r.value.charges));
    expect(r.value.bySymbol.find((s) => s.symbol === 'INFY')).toEqual({ symbol: 'INFY', realised: round(refRealised), unrealised: round((infyQty - 10) * (1530 - buyPx.get('INFY')!)) });
    expect([r.value.from, r.value.to, r.value.basis]).toEqual(['2025-01-08', '2025-01-08', 'average price']);
    // TWR: from the rebalance snapshot (₹10,00,000) to the current mark = cash + holdings at the last prices.
    const m = await fx.broker.margins();
    const pos = await fx.broker.positions();
    if (!m.ok || !pos.ok) throw new Error('broker');
    const markEquity = m.value.available + pos.value.reduce((s, p) => s + p.quantity * last[p.symbol]!, 0);
    expect(r.value.twr).toBeCloseTo(markEquity / 1_000_000 - 1, 12);
    // Holdings-based attribution: no positions at the snapshot, so nothing is attributed yet; no NIFTY 50 bars here.
    expect(r.value.bySector).toEqual([]);
    expect(r.value.benchmark).toBeUndefined();
  });

  it('the ledger: average cost on buys, realised on sells, opening basis carried in', () => {
    const rows = periodPnl(
      new Map([['A', { quantity: 10, basis: 100 }]]),
      [
        { symbol: 'A', side: 'BUY', quantity: 10, price: 110 },
        { symbol: 'A', side: 'SELL', quantity: 5, price: 120 },
        { symbol: 'B', side: 'BUY', quantity: 3, price: 50 },
      ],
      (s) => (s === 'A' ? 130 : 40),
    );
    // A: basis (10·100 + 10·110)/20 = 105; sell 5 @120 → 75 realised; 15 left → 15·(130−105) = 375. B: 3·(40−50) = −30.
    expect(rows).toEqual([
      { symbol: 'A', realised: 75, unrealised: 375, quantity: 15, basis: 105 },
      { symbol: 'B', realised: 0, unrealised: -30, quantity: 3, basis: 50 },
    ]);
  });

  it('periods start today, on Monday, or on the 1st (IST)', () => {
    const wed = Math.floor((Date.parse('2025-01-08T05:30:00Z') + 19_800_000) / 86_400_000);
    expect(periodStartDay('day', wed)).toBe(wed);
    expect(periodStartDay('week', wed)).toBe(wed - 2);
    expect(periodStartDay('month', wed)).toBe(wed - 7);
  });
});
