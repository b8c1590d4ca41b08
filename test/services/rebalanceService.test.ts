/**
 * /rebalance end to end on real modules: target weights → whole-share trade list → one batch approval in the
 * OMS → a snapshot on MongoDB; submit approves the batch (with a line left out) and the paper broker fills it.
 * Money is checked against figures recomputed here from prices and quantities.
 */
import mongoose, { type Connection } from 'mongoose';
import { userId } from '../../src/core/ids';
import { createTestDatabase, type TestDatabase } from '../fakes/mongo/testDb';
import { costs, portfolioFixture } from './support/portfolioFixture';

const trader = { id: userId('t1'), role: 'trader' as const, name: 'tara' };
const viewer = { id: userId('v1'), role: 'viewer' as const };
const PRICES = { INFY: 1500, TCS: 4000, RELIANCE: 1250.5, HDFCBANK: 1650.25 };
const paise = (x: number) => Math.round(x * 100) / 100;

describe('rebalance service', () => {
  let db: TestDatabase;
  let conn: Connection;
  beforeAll(async () => {
    db = await createTestDatabase('rebalance');
    conn = await mongoose.createConnection(db.uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
  });
  afterAll(async () => {
    await conn.close();
    await db.drop();
  });

  it('previews an equal-weight batch from cash within the buffer, saves a snapshot, and submits it with a line left out', async () => {
    const fx = await portfolioFixture(conn);
    await fx.tick(PRICES);
    const r = await fx.services.rebalance!.preview('equal-weight');
    if (!r.ok) throw new Error(r.error);
    const p = r.value;
    // Reference: each buy at most floor(¼ × equity / price) shares; everything bought plus charges fits 98% of cash.
    expect(p.trades.map((t) => t.symbol).sort()).toEqual(Object.keys(PRICES).sort());
    let spent = 0;
    for (const t of p.trades) {
      const px = PRICES[t.symbol as keyof typeof PRICES];
      expect(t.side).toBe('BUY');
      expect(Number.isInteger(t.quantity) && t.quantity > 0).toBe(true);
      expect(t.quantity).toBeLessThanOrEqual(Math.floor((0.25 * 1_000_000) / px));
      expect(t.price).toBe(px);
      expect(t.value).toBe(paise(t.quantity * px));
      expect(t.estimatedCharges).toBe(costs.charges({ side: 'BUY', quantity: t.quantity, price: px, product: 'CNC', exchange: 'NSE', time: fx.clock.now(), symbol: t.symbol }).total);
      expect(t.targetWeight).toBeCloseTo(0.25, 12);
      expect(t.weightAfter).toBeCloseTo((t.quantity * px) / p.equityAfter, 12);
      spent += t.quantity * px;
    }
    expect(p.turnover).toBe(paise(spent));
    expect(spent + p.estimatedCharges).toBeLessThanOrEqual(0.98 * 1_000_000 + 1e-6);
    expect(p.cashAfter).toBe(paise(1_000_000 - spent - p.estimatedCharges));
    expect(p.cashAfter).toBeGreaterThanOrEqual(0.02 * 1_000_000 - 1e-6);
    expect(p.equityBefore).toBe(1_000_000);

    // One approval covers the whole batch; every line waits as a PENDING_APPROVAL order.
    const approval = await fx.approvals.get(p.id as never);
    expect(approval?.status).toBe('PENDING');
    expect(approval?.lines.map((l) => [l.intent.symbol, l.intent.quantity])).toEqual(p.trades.map((t) => [t.symbol, t.quantity]));
    expect((await fx.orders.withStatus(['PENDING_APPROVAL'])).length).toBe(p.trades.length);

    // The snapshot of the portfolio the rebalance started from.
    const snap = await fx.snapshots.latest('main');
    expect(snap.ok && snap.value && [snap.value.kind, snap.value.cash, snap.value.equity, snap.value.positions.length]).toEqual(['rebalance', 1_000_000, 1_000_000, 0]);

    // Viewers cannot approve; a line number outside the batch is refused; nothing changes.
    expect(await fx.services.rebalance!.submit(p.id, viewer)).toMatchObject({ ok: false });
    expect(await fx.services.rebalance!.submit(p.id, trader, [9])).toEqual({ ok: false, error: `Line 9 is not in rebalance ${p.id} (it has 4 lines); skip lines by their number in the preview.` });
    expect(await fx.services.rebalance!.submit('ap-unknown', trader)).toEqual({ ok: false, error: 'There is no rebalance ap-unknown; send /rebalance for a new preview.' });

    const sent = await fx.services.rebalance!.submit(p.id, trader, [2]);
    expect(sent).toMatchObject({ ok: true, value: { orders: 3 } });
    expect(await fx.services.rebalance!.submit(p.id, trader)).toMatchObject({ ok: false });
    await fx.tick(PRICES);
    await fx.tick(PRICES);
    const pos = await fx.broker.positions();
    const held = pos.ok ? Object.fromEntries(pos.value.map((x) => [x.symbol, x.quantity])) : {};
    const skipped = p.trades[1]!;
    expect(held).toEqual(Object.fromEntries(p.trades.filter((t) => t !== skipped).map((t) => [t.symbol, t.quantity])));
    expect((await fx.orders.get(approval!.lines[1]!.intent.clientOrderId))?.status).toBe('CANCELLED');
  });

  it('a second rebalance sells before it buys and keeps cash non-negative', async () => {
    const fx = await portfolioFixture(conn);
    await fx.tick(PRICES);
    const first = await fx.services.rebalance!.preview('equal-weight');
    if (!first.ok) throw new Error(first.error);
    expect((await fx.services.rebalance!.submit(first.value.id, trader)).ok).toBe(true);
    await fx.tick(PRICES);
    await fx.tick(PRICES);
    // INFY doubles: equal weight now means selling INFY and buying the others.
    await fx.tick({ ...PRICES, INFY: 3000 });
    const second = await fx.services.rebalance!.preview('equal-weight');
    if (!second.ok) throw new Error(second.error);
    const sides = second.value.trades.map((t) => t.side);
    expect(sides[0]).toBe('SELL');
    expect(second.value.trades[0]!.symbol).toBe('INFY');
    expect(sides.lastIndexOf('SELL')).toBeLessThan(sides.indexOf('BUY') === -1 ? Infinity : sides.indexOf('BUY'));
    expect(second.value.cashAfter).toBeGreaterThanOrEqual(0);
    const snaps = await fx.snapshots.range('main', 0, fx.clock.now());
    expect(snaps.ok && snaps.value.filter((s) => s.kind === 'rebalance').length).toBeGreaterThanOrEqual(2);
  });
  it('saves the daily snapshot: holdings marked at the last price, cash from the broker, equity = cash + Σ value', async () => {
    const fx = await portfolioFixture(conn);
    await fx.tick(PRICES);
    const first = await fx.services.rebalance!.preview('equal-weight');
    if (!first.ok) throw new Error(first.error);
    expect((await fx.services.rebalance!.submit(first.value.id, trader)).ok).toBe(true);
    await fx.tick(PRICES);
    await fx.tick({ ...PRICES, TCS: 4100 }, 6 * 3_600_000); // later in the day: the snapshot gets its own time
    const margins = await fx.broker.margins();
    const pos = await fx.broker.positions();
    if (!margins.ok || !pos.ok) throw new Error('broker');
    const marks = { ...PRICES, TCS: 4100 };
    const value = pos.value.reduce((sum, p) => sum + p.quantity * marks[p.symbol as keyof typeof marks], 0);
    const saved = await fx.services.rebalance!.snapshot('daily');
    if (!saved.ok) throw new Error(saved.error);
    expect(saved.value.positions).toBe(4);
    expect(saved.value.cash).toBe(margins.value.available);
    expect(saved.value.equity).toBeCloseTo(margins.value.available + value, 6);
    const latest = await fx.snapshots.latest('main');
    expect(latest.ok && latest.value && [latest.value.kind, latest.value.time, latest.value.positions.length]).toEqual(['daily', fx.clock.now(), 4]);
  });
});
