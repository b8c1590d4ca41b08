/**
 * Builds the Services facade over the engine pieces a process has. A group whose engine is not part
 * of this build (backtest runner, rebalancer, P&L history, risk report, alerts, broker session, mode
 * switch, settings store) is left out, and its commands say so.
 */
import type { NseCalendar } from '../../calendar/nseCalendar';
import type { Clock } from '../../core/clock';
import type { InstanceManager } from '../../engine/instances';
import type { StrategyRegistry } from '../../engine/strategyRegistry';
import type { OrderManager } from '../../oms/orderManager';
import type { OrderRepository } from '../../oms/orderRepository';
import type { RunMode } from '../api/status';
import type { Services } from '../services';
import { approvalsService } from './approvalsService';
import type { BarHistory } from './barHistory';
import { chartService } from './chartService';
import { instancesService } from './instancesService';
import { optimiseService } from './optimiseService';
import { ordersService } from './ordersService';
import { portfolioService, type PortfolioBroker } from './portfolioService';
import { statusService } from './statusService';
import { strategiesService } from './strategiesService';
import { tradingService, type TradingStateHolder } from './tradingService';

export interface EngineServicesOptions {
  readonly mode: RunMode;
  readonly clock: Clock;
  readonly calendar: Pick<NseCalendar, 'isOpen' | 'isTradingDay' | 'holidayName'>;
  readonly registry: StrategyRegistry;
  readonly kernel: TradingStateHolder;
  readonly instances: InstanceManager;
  readonly accountCapital: number;
  readonly oms: Pick<OrderManager, 'release' | 'dropPending' | 'get'>;
  readonly orderRepository: OrderRepository;
  readonly broker: PortfolioBroker;
  readonly lotSize: (symbol: string) => number | undefined;
  readonly lastPrice?: (symbol: string) => number | undefined;
  readonly history?: BarHistory;
  readonly dataAsOf?: () => number | undefined;
  readonly brokerSession?: () => { readonly loggedIn: boolean; readonly expiresAt?: number };
}

export function createEngineServices(o: EngineServicesOptions): Services {
  const trading = tradingService(o.kernel);
  const instances = instancesService({ manager: o.instances, accountCapital: o.accountCapital });
  const orders = ordersService(o.orderRepository, o.clock);
  const approvals = approvalsService({ oms: o.oms, repo: o.orderRepository, lotSize: o.lotSize, ...(o.lastPrice ? { lastPrice: o.lastPrice } : {}) });
  const portfolio = portfolioService(o.broker);
  const universe = async (): Promise<string[]> => {
    const held = await o.broker.positions();
    const symbols = new Set<string>(held.ok ? held.value.map((p) => p.symbol) : []);
    for (const i of instances.list()) if (i.status === 'running' || i.status === 'paused') for (const s of i.symbols) symbols.add(s);
    return [...symbols].sort();
  };
  return {
    status: statusService({
      mode: () => o.mode,
      clock: o.clock,
      calendar: o.calendar,
      trading,
      instances,
      orders,
      approvals,
      ...(o.brokerSession ? { brokerSession: o.brokerSession } : {}),
      ...(o.dataAsOf ? { dataAsOf: o.dataAsOf } : {}),
    }),
    strategies: strategiesService(o.registry),
    instances,
    portfolio,
    orders,
    approvals,
    trading,
    ...(o.history ? { chart: chartService(o.history, o.clock), optimise: optimiseService({ history: o.history, clock: o.clock, universe }) } : {}),
  };
}
