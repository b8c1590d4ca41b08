/**
 * Real modules for the portfolio service groups: the paper engine (paperServices.ts: the order pipeline over the
 * simulated broker with its approval stage, the kernel, the services facade), snapshots on MongoDB
 * (MongoSnapshotRepository on the test database) and rebalancing through the pipeline.
 */
import type { Connection } from 'mongoose';
import { ZerodhaEquityCostModel } from '../../../src/core/costs';
import { unwrap } from '../../../src/core/result';
import { nseSectorMap } from '../../../src/portfolio/sectors/sectorMap';
import type { EngineServicesOptions } from '../../../src/services/engine/createServices';
import { MongoSnapshotRepository } from '../../../src/store/portfolio/mongoSnapshotRepository';
import { history, NOW, SYMBOLS } from '../../commands/support/engineServices';
import { paperServices, type PaperServices } from '../../support/brokers/paperServices';

export const costs = new ZerodhaEquityCostModel();

export interface PortfolioFixture extends PaperServices {
  readonly snapshots: MongoSnapshotRepository;
}

export async function portfolioFixture(conn: Connection, extra: Partial<EngineServicesOptions> = {}): Promise<PortfolioFixture> {
  const snapshots = unwrap(await MongoSnapshotRepository.open(conn));
  let paper: PaperServices | undefined;
  const holdings = {
    holdings() {
      const p = paper!.stack.book.portfolio;
      const held = new Map<string, number>();
      for (let j = 0; j < p.size; j++) if (p.products[j] === 'CNC' && p.position[j]! > 0) held.set(p.symbols[j]!, p.position[j]!);
      return { held, cash: paper!.broker.cash };
    },
  };
  paper = await paperServices(NOW, SYMBOLS, {
    services: {
      history,
      portfolioBook: {
        snapshots,
        costModel: costs,
        sectors: nseSectorMap(),
        rebalancing: { orders: { submit: (d, o) => paper!.stack.pipeline.submit(d, o), pendingLine: (x, o) => paper!.stack.pipeline.pendingLine(x, o), openBatch: (l) => paper!.stack.pipeline.openBatch(l), prepare: (s) => paper!.stack.pipeline.prepare(s) }, approvals: { decide: (id, d, a) => paper!.stack.approvals.decide(id, d, a), get: (id) => paper!.stack.approvals.get(id) }, holdings },
        cashBuffer: 0.02,
        minTradeValue: 1000,
        universe: SYMBOLS,
      },
      ...extra,
    },
  });
  return { ...paper, snapshots };
}
