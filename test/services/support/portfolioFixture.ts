/**
 * The engine fixture (test/commands/support/engineServices.ts) with its portfolio groups on: snapshots on MongoDB
 * (MongoSnapshotRepository on the test database), P&L, and rebalancing through the pipeline's batch approvals.
 */
import type { Connection } from 'mongoose';
import { unwrap } from '../../../src/core/result';
import { MongoSnapshotRepository } from '../../../src/store/portfolio/mongoSnapshotRepository';
import { engineFixture, type EngineFixture } from '../../commands/support/engineServices';

export { costs } from '../../commands/support/engineServices';

export interface PortfolioFixture extends EngineFixture {
  readonly snapshots: MongoSnapshotRepository;
}

export async function portfolioFixture(conn: Connection): Promise<PortfolioFixture> {
  const snapshots = unwrap(await MongoSnapshotRepository.open(conn));
  return { ...(await engineFixture({ snapshots })), snapshots };
}
