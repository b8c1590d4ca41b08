/**
 * Real modules for the portfolio service groups: PaperBroker → OrderManager (in-memory order repository) →
 * ApprovalService (batch approvals), snapshots on MongoDB (MongoSnapshotRepository on the test database),
 * settings on MongoDB, and the engine services built by createEngineServices with those groups.
 */
import type { Connection } from 'mongoose';
import { PaperBroker } from '../../../src/brokers/paper/paperBroker';
import { SimulatedFills } from '../../../src/brokers/paper/simulatedFills';
import { NseCalendar } from '../../../src/calendar/nseCalendar';
import { SimulatedClock } from '../../../src/core/clock';
import { ZerodhaEquityCostModel } from '../../../src/core/costs';
import { approvalId } from '../../../src/core/ids';
import { unwrap } from '../../../src/core/result';
import { InMemoryInstanceRepository } from '../../../src/engine/instanceRepository';
import { InstanceManager } from '../../../src/engine/instances';
import { Kernel } from '../../../src/engine/kernel';
import { StrategyRegistry } from '../../../src/engine/strategyRegistry';
import { MemoryApprovalRepository } from '../../../src/oms/approvalRepository';
import { ApprovalService } from '../../../src/oms/approvalService';
import { OrderManager } from '../../../src/oms/orderManager';
import { MemoryOrderRepository } from '../../../src/oms/orderRepository';
import { nseSectorMap } from '../../../src/portfolio/sectors/sectorMap';
import { createEngineServices, type EngineServicesOptions } from '../../../src/services/engine/createServices';
import type { Services } from '../../../src/services/services';
import { MongoSnapshotRepository } from '../../../src/store/portfolio/mongoSnapshotRepository';
import { history, NOW, STRATEGIES_DIR, SYMBOLS } from '../../commands/support/engineServices';
import { approvalFacts } from '../../support/brokers/approvalFixtures';
import { paperOms, settleOms } from '../../support/brokers/paperOms';

export const costs = new ZerodhaEquityCostModel();

export interface PortfolioFixture {
  readonly services: Services;
  readonly clock: SimulatedClock;
  readonly broker: PaperBroker;
  readonly oms: OrderManager;
  readonly orders: MemoryOrderRepository;
  readonly approvals: ApprovalService;
  readonly snapshots: MongoSnapshotRepository;
  readonly prices: Map<string, number>;
  /** Sets the price of every symbol and lets the paper broker fill what it can. */
  tick(prices: Readonly<Record<string, number>>, dt?: number): Promise<void>;
  settle(): Promise<void>;
}

let seq = 0;

export async function portfolioFixture(conn: Connection, extra: Partial<EngineServicesOptions> = {}): Promise<PortfolioFixture> {
  const clock = new SimulatedClock(NOW);
  const registry = unwrap(StrategyRegistry.discover(STRATEGIES_DIR));
  const kernel = new Kernel({ interval: '1m', venue: new SimulatedFills(), sizeAt: 'decision' });
  const manager = new InstanceManager({ kernel, registry, repository: new InMemoryInstanceRepository(), clock, accountCapital: 1_000_000 });
  const { broker, repo: orders, oms, rules } = await paperOms(clock, SYMBOLS, { needsApproval: () => true });
  const prices = new Map<string, number>();
  const approvals = new ApprovalService({
    repo: new MemoryApprovalRepository(),
    orders: oms,
    clock,
    facts: approvalFacts,
    lastPrice: (s) => prices.get(s),
    tickSize: () => 0.05,
    lotSize: () => 1,
    maxMovePct: 1,
    newId: () => approvalId(`ap${(++seq).toString(36)}`),
  });
  const snapshots = unwrap(await MongoSnapshotRepository.open(conn));
  const services = createEngineServices({
    mode: 'paper',
    clock,
    calendar: new NseCalendar(),
    registry,
    kernel,
    instances: manager,
    accountCapital: 1_000_000,
    oms,
    orderRepository: orders,
    broker,
    lotSize: (s) => rules(s)?.lotSize,
    lastPrice: (s) => prices.get(s),
    history,
    portfolioBook: { snapshots, costModel: costs, sectors: nseSectorMap(), batchApprovals: approvals, cashBuffer: 0.02, minTradeValue: 1000, universe: SYMBOLS },
    ...extra,
  });
  const settle = () => settleOms(oms);
  return {
    services,
    clock,
    broker,
    oms,
    orders,
    approvals,
    snapshots,
    prices,
    settle,
    async tick(p, dt = 1000) {
      clock.advance(dt);
      for (const [s, px] of Object.entries(p)) {
        prices.set(s, px);
        broker.onTick(s, px, clock.now());
      }
      await settle();
    },
  };
}
