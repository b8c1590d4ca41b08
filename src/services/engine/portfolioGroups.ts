/**
 * The service groups that need the portfolio store: rebalancing (with the OMS batch approvals) and P&L.
 * Built by createEngineServices when the composition root passes `portfolioBook`.
 */
import type { Clock } from '../../core/clock';
import type { CostModel } from '../../core/costs';
import type { OrderRepository } from '../../core/ports/orderRepository';
import type { SectorMap } from '../../portfolio/sectors/sectorMap';
import type { SnapshotRepository } from '../../portfolio/snapshots/snapshot';
import type { OptimiseService } from '../api/optimise';
import type { PnlService } from '../api/pnl';
import type { RebalanceService } from '../api/rebalance';
import type { BarHistory } from './barHistory';
import { pnlService } from './pnlService';
import type { PortfolioBroker } from './portfolioService';
import { priceSource } from './priceSource';
import { rebalanceService, type BatchApprovals, type PortfolioHoldings, type RebalanceOrders } from './rebalanceService';

export interface PortfolioBookOptions {
  readonly snapshots: SnapshotRepository;
  readonly costModel: CostModel;
  readonly sectors: SectorMap;
  /** The order pipeline, the approval service and the portfolio's own holdings; without them there is no rebalancing. */
  readonly rebalancing?: { readonly orders: RebalanceOrders; readonly approvals: BatchApprovals; readonly holdings: PortfolioHoldings };
  /** Live mode: a quote from the broker when the feed has no price (never the demo history). */
  readonly quote?: (symbol: string) => Promise<number | undefined>;
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
  const pnl = pnlService({ orders: c.orderRepository, broker: c.broker, snapshots: b.snapshots, sectors: b.sectors, clock: c.clock, ...(c.lastPrice ? { lastPrice: c.lastPrice } : {}), ...(c.history ? { history: c.history } : {}), ...common });
  if (!b.rebalancing || !c.optimise) return { pnl };
  const rebalance = rebalanceService({
    optimise: c.optimise,
    book: b.rebalancing.holdings,
    orders: b.rebalancing.orders,
    approvals: b.rebalancing.approvals,
    snapshots: b.snapshots,
    // Live: the ticker's price or a Kite quote, never the demo history; paper: the feed, then the history.
    prices: priceSource({ ...(c.lastPrice ? { lastPrice: c.lastPrice } : {}), ...(b.quote ? { quote: b.quote } : c.history ? { history: c.history } : {}), now: () => c.clock.now() }),
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
