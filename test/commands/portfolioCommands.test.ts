/** /rebalance, /rebalance_submit and /pnl over the real engine groups (paper broker, OMS approvals, Mongo snapshots). */
import mongoose, { type Connection } from 'mongoose';
import { portfolioFixture } from '../services/support/portfolioFixture';
import { createTestDatabase, type TestDatabase } from '../fakes/mongo/testDb';
import { Harness, trader, viewer } from './support/harness';

describe('portfolio commands on the engine', () => {
  let db: TestDatabase;
  let conn: Connection;
  beforeAll(async () => {
    db = await createTestDatabase('portfolio_cmds');
    conn = await mongoose.createConnection(db.uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
  });
  afterAll(async () => {
    await conn.close();
    await db.drop();
  });

  it('preview → submit with a skipped line → fills → /pnl', async () => {
    const fx = await portfolioFixture(conn);
    await fx.tick({ INFY: 1500, TCS: 4000, RELIANCE: 1250.5, HDFCBANK: 1650.25 });
    const h = new Harness(fx.services, fx.clock.now());
    const preview = await h.text('/rebalance equal-weight', trader);
    expect(preview).toMatch(/^Rebalance to equal-weight\n#\s+trade\s+price\s+value\s+charges\s+weight\/target/);
    expect(preview).toMatch(/\n1\s+BUY \d+ HDFCBANK\s+1,650\.25\s/);
    const id = /\/rebalance_submit (\w+)\n?$/m.exec(preview)?.[1];
    expect(id).toBeDefined();
    expect(await h.text(`/rebalance_submit ${id} skip=x`, trader)).toMatch(/skip: expected line numbers such as 2,3/);
    expect(await h.text(`/rebalance_submit ${id}`, viewer)).toMatch(/needs the trader role/);
    expect(await h.text(`/rebalance_submit ${id} skip=4`, trader)).toMatch(/^Sent 3 orders; follow them with \/orders\. Approval \w+: 3 orders released to the broker/);
    await fx.settle(); // the released orders reach the paper broker (after the journal stored them)
    await fx.tick({ INFY: 1500, TCS: 4000, RELIANCE: 1250.5, HDFCBANK: 1650.25 });
    await fx.tick({ INFY: 1510, TCS: 4000, RELIANCE: 1250.5, HDFCBANK: 1650.25 });
    const pnl = await h.text('/pnl day', viewer);
    expect(pnl).toMatch(/^P&L 2025-01-08\nsymbol\s+realised\s+unrealised/);
    expect(pnl).toMatch(/Time-weighted return −?\d+\.\d\d%/);
    expect(await h.text('/pnl year', viewer)).toMatch(/period: expected day, week or month/);
  });
});
