import mongoose, { type Connection } from 'mongoose';
import { istTime } from '../../../src/calendar/ist';
import { strategyInstanceId } from '../../../src/core/ids';
import { buildSnapshot, type PortfolioSnapshot } from '../../../src/portfolio/snapshots/snapshot';
import { nseSectorMap } from '../../../src/portfolio/sectors/sectorMap';
import { MongoSnapshotRepository } from '../../../src/store/portfolio/mongoSnapshotRepository';
import { createTestDatabase, type TestDatabase } from '../../fakes/mongo/testDb';

const sectors = nseSectorMap();

function snap(date: string, kind: 'daily' | 'rebalance', cash: number, infy: number, price: number): PortfolioSnapshot {
  return buildSnapshot({
    portfolioId: 'main',
    time: istTime(date, '15:30'),
    kind,
    cash,
    positions: [
      { symbol: 'INFY', instanceId: strategyInstanceId('sma-1'), quantity: infy },
      { symbol: 'ITC', quantity: 10 },
    ],
    prices: new Map([
      ['INFY', price],
      ['ITC', 450],
    ]),
    sectors,
    risk: { volatility: 0.18, var1d: NaN },
    externalFlow: kind === 'daily' ? 0 : 1000,
    costs: 12.5,
  });
}

describe('MongoSnapshotRepository', () => {
  let db: TestDatabase;
  let conn: Connection;
  let repo: MongoSnapshotRepository;

  beforeAll(async () => {
    db = await createTestDatabase('portfolio_snapshots');
    conn = await mongoose.createConnection(db.uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
    const r = await MongoSnapshotRepository.open(conn);
    if (!r.ok) throw new Error(r.error.message);
    repo = r.value;
  });

  afterAll(async () => {
    await conn?.close();
    await db?.drop();
  });

  it('saves snapshots and reads them back by range and latest, NaN risk figures included', async () => {
    const a = snap('2025-01-06', 'daily', 5000, 10, 1900);
    const b = snap('2025-01-07', 'daily', 5000, 10, 1920);
    const c = snap('2025-01-07', 'rebalance', 1200, 12, 1920);
    for (const s of [c, a, b]) expect((await repo.save(s)).ok).toBe(true);
    const all = await repo.range('main', istTime('2025-01-01'), istTime('2025-01-31'));
    if (!all.ok) throw new Error(all.error.message);
    expect(all.value.map((s) => [s.time, s.kind])).toEqual([
      [a.time, 'daily'],
      [b.time, 'daily'],
      [c.time, 'rebalance'],
    ]);
    expect(all.value[0]).toEqual(a);
    expect(Number.isNaN(all.value[0]!.risk.var1d)).toBe(true);
    expect(all.value[0]!.positions[0]!.instanceId).toBe('sma-1');
    expect(all.value[0]!.sectorExposure['Information Technology']).toBeCloseTo((10 * 1900) / (5000 + 19000 + 4500), 12);
    const latest = await repo.latest('main');
    expect(latest.ok && latest.value).toEqual(c);
    const only = await repo.range('main', istTime('2025-01-07'), istTime('2025-01-07', '23:59'));
    expect(only.ok && only.value.length).toBe(2);
    expect(await repo.latest('other')).toEqual({ ok: true, value: null });
  });

  it('replaces a snapshot saved twice instead of duplicating it', async () => {
    const first = snap('2025-02-03', 'daily', 100, 1, 1800);
    const again = snap('2025-02-03', 'daily', 200, 1, 1800);
    await repo.save(first);
    await repo.save(again);
    const r = await repo.range('main', istTime('2025-02-03'), istTime('2025-02-04'));
    expect(r.ok && r.value.map((s) => s.cash)).toEqual([200]);
  });

  it('refuses a snapshot without an equity value', async () => {
    const broken = { ...snap('2025-02-04', 'daily', 100, 1, 1800), equity: NaN };
    const r = await repo.save(broken);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.kind).toBe('invalid-snapshot');
  });
});
