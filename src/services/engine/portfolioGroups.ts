/**
 * The service groups that need the portfolio store: rebalancing (with the OMS batch approvals) and P&L.
 * Built by createEngineServices when the composition root passes `portfolioBook`.
 */
import type { Clock } from '../../core/clock';
import type { CostModel } from '../../core/costs';
import type { OrderRepository } from '../../oms/orderRepository';
import type { SectorMap } from '../../portfolio/sectors/sectorMap';
import type { SnapshotRepository } from '../../portfolio/snapshots/snapshot';
import type { OptimiseService } from '../api/optimise';
import type { PnlService } from '../api/pnl';
import type { RebalanceService } from '../api/rebalance';
import type { BarHistory } from './barHistory';
import { pnlService } from './pnlService';
import type { PortfolioBroker } from './portfolioService';
import { priceSource } from './priceSource';
import { rebalanceService, type BatchApprovals } from './rebalanceService';

export interface PortfolioBookOptions {
  readonly snapshots: SnapshotRepository;
  readonly costModel: CostModel;
  readonly sectors: SectorMap;
  /** The OMS approval service (src/oms/approvalService.ts); without it there is no rebalancing. */
  readonly batchApprovals?: BatchApprovals;
  readonly sectorCaps?: Readonly<Record<string, number>>;
  readonly cashBuffer?: number;
  readonly minTradeValue?: number;
  readonly portfolioId?: string;
  /** Symbols a rebalance spreads the portfolio over besides those held. */
  readonly universe?: readonly string[];
}

export interface PortfolioGroupsContext {
  readonly book: PortfolioBookOptions;
  readonly broker: PortfolioBroker;
  readonly orderRepository: OrderRepository;
  readonly clock: Clock;
  readonly lotSize: (symbol: string) => number | undefined;
  readonly lastPrice?: (symbol: string) => number | undefined;
  readonly history?: BarHistory;
  readonly optimise?: OptimiseService;
}

export function portfolioGroups(c: PortfolioGroupsContext): { pnl: PnlService; rebalance?: RebalanceService } {
  const b = c.book;
  const common = { ...(b.portfolioId !== undefined ? { portfolioId: b.portfolioId } : {}) };
  const pnl = pnlService({ orders: c.orderRepository, broker: c.broker, snapshots: b.snapshots, costModel: b.costModel, sectors: b.sectors, clock: c.clock, ...(c.history ? { history: c.history } : {}), ...common });
  if (!b.batchApprovals || !c.optimise) return { pnl };
  const rebalance = rebalanceService({
    optimise: c.optimise,
    broker: c.broker,
    approvals: b.batchApprovals,
    snapshots: b.snapshots,
    prices: priceSource({ ...(c.lastPrice ? { lastPrice: c.lastPrice } : {}), ...(c.history ? { history: c.history } : {}), now: () => c.clock.now() }),
    costModel: b.costModel,
    sectors: b.sectors,
    clock: c.clock,
    lotSize: c.lotSize,
    ...(b.sectorCaps ? { sectorCaps: b.sectorCaps } : {}),
    ...(b.cashBuffer !== undefined ? { cashBuffer: b.cashBuffer } : {}),
    ...(b.minTradeValue !== undefined ? { minTradeValue: b.minTradeValue } : {}),
    ...(b.universe ? { universe: b.universe } : {}),
    ...common,
  });
  return { pnl, rebalance };
}
