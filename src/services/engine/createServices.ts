/**
 * Builds the Services facade over the engine pieces a process has. A group whose engine is not part
 * of this build (backtests and charts without `history`, rebalancer/P&L without `portfolioBook`, risk report without
 * `risk` + `history`, alerts without an alert center, mode switch, settings store) is left out, and its
 * commands say so. The session group is always present: without a Kite port it says how to configure Kite.
 */
import type { NseCalendar } from '../../calendar/nseCalendar';
import type { Clock } from '../../core/clock';
import type { AlertCenter } from '../../risk/alerts/alertCenter';
import type { InstanceManager } from '../../engine/instances';
import type { StrategyRegistry } from '../../engine/strategyRegistry';
import type { ApprovalRepository } from '../../oms/approvalRepository';
import type { OrderPipeline } from '../../oms/orderPipeline';
import type { OrderRepository } from '../../core/ports/orderRepository';
import type { UnknownOrders } from '../../oms/unknownOrders';
import type { RunMode } from '../api/status';
import type { Services } from '../services';
import { BacktestRunner } from '../../backtest/backtestRunner';
import { MemoryResultRepository, type BacktestResultRepository } from '../../backtest/resultRepository';
import { alertsService } from './alertsService';
import { backtestService, historyData } from './backtestService';
import { approvalsService, type ApprovalDesk } from './approvalsService';
import type { BarHistory } from './barHistory';
import { chartService } from './chartService';
import { historyService } from './historyService';
import { instancesService } from './instancesService';
import { modeService, type ModeServiceOptions } from './modeService';
import { optimiseService } from './optimiseService';
import { portfolioGroups, type PortfolioBookOptions } from './portfolioGroups';
import { ordersService } from './ordersService';
import { portfolioService, type PortfolioBroker } from './portfolioService';
import { riskService, type RiskServiceOptions } from './riskService';
import { sessionService, type BrokerSessionPort } from './sessionService';
import type { OperatorSettings } from './settingsService';
import { statusService } from './statusService';
import { strategiesService } from './strategiesService';
import { tradingService, type KillSwitchOptions, type TradingStateHolder } from './tradingService';
import { manualTradingService } from './manualOrdersService';
import type { ExitBook } from './positionExits';
import { checkSymbols, type SymbolUniverse } from '../symbols';
import { clientOrderId } from '../../core/ids';

/** Without a universe: any well-formed symbol. */
const anySymbol: SymbolUniverse = { check: async (symbols) => checkSymbols(symbols) };

export interface EngineServicesOptions {
  readonly mode: RunMode;
  readonly clock: Clock;
  readonly calendar: Pick<NseCalendar, 'isOpen' | 'isTradingDay' | 'holidayName'>;
  readonly registry: StrategyRegistry;
  /** Where the trading state lives (the risk engine). */
  readonly tradingState: TradingStateHolder;
  readonly instances: InstanceManager;
  readonly accountCapital: number;
  /** The order pipeline every order of every source goes through. */
  readonly orders: Pick<OrderPipeline, 'get' | 'openOrders' | 'cancel' | 'submit' | 'pendingLine' | 'openBatch' | 'prepare' | 'modify'>;
  /** The position book: with it, people trade by hand (/buy, /sell, /exit, /cancel, /modify). */
  readonly book?: ExitBook;
  /** The symbols the mode's market has (the instrument master, or the synthetic market's); default: any well-formed symbol. */
  readonly universe?: SymbolUniverse;
  /** The mode's price of a symbol after `prepare` (the feed, a Kite quote in live); default `lastPrice`. */
  readonly price?: (symbol: string) => number | undefined;
  /** Tick and lot size of a symbol. */
  readonly rules?: (symbol: string) => { readonly tickSize: number; readonly lotSize: number } | undefined;
  readonly orderRepository: OrderRepository;
  /** Resolves UNKNOWN orders against the broker's book (/resolve); absent: /resolve is not available. */
  readonly unknownOrders?: Pick<UnknownOrders, 'check' | 'giveUp'>;
  readonly broker: PortfolioBroker;
  readonly lotSize: (symbol: string) => number | undefined;
  readonly lastPrice?: (symbol: string) => number | undefined;
  readonly history?: BarHistory;
  /**
   * The OMS approval service (or the app's ObservedApprovals around it) and the approvals store behind /pending,
   * /approve and /reject; absent: those commands say approvals are not available.
   */
  readonly approvals?: { readonly desk: ApprovalDesk; readonly repo: Pick<ApprovalRepository, 'withStatus'> };
  readonly dataAsOf?: () => number | undefined;
  /** Where market data comes from now (e.g. the Kite ticker or a replay). */
  readonly dataSource?: () => string | undefined;
  readonly brokerSession?: () => { readonly loggedIn: boolean; readonly expiresAt?: number };
  /** Snapshots, costs and sectors: enables P&L, and rebalancing when it also has the OMS batch approvals. */
  readonly portfolioBook?: PortfolioBookOptions;
  /** The Kite login port (src/brokers/kite/kiteLoginPort.ts); absent: /login says Kite is not configured. */
  readonly sessionPort?: BrokerSessionPort;
  /** Settings loaded from the settings repository (openSettingsService). */
  readonly settings?: OperatorSettings;
  /** Mode switching (persisted in the settings repository, applied at restart). */
  readonly modeSwitch?: Pick<ModeServiceOptions, 'repo' | 'live'>;
  /** Kill switch: where the state is saved, how it is announced, how pending approvals are cancelled. */
  readonly killSwitch: Omit<KillSwitchOptions, 'clock' | 'orders'>;
  /** The alert center behind /alerts and /mute (and the risk scan's alerts). */
  readonly alerts?: AlertCenter;
  /** Risk report settings behind /risk (needs `history`). */
  readonly risk?: Omit<RiskServiceOptions, 'broker' | 'history' | 'clock' | 'alerts'>;
  /** Backtests (/backtest) over `history`; results cached in this store (default: in memory). */
  readonly backtests?: BacktestResultRepository;
}

export function createEngineServices(o: EngineServicesOptions): Services {
  const trading = tradingService(o.tradingState, { ...o.killSwitch, clock: o.clock, orders: o.orders });
  const symbols = o.universe ?? anySymbol;
  const instances = instancesService({ manager: o.instances, accountCapital: o.accountCapital, symbols });
  const orders = ordersService(o.orderRepository, o.clock, o.unknownOrders);
  const approvals = o.approvals
    ? approvalsService({ desk: o.approvals.desk, repo: o.approvals.repo, orders: o.orders, now: () => o.clock.now(), lotSize: o.lotSize })
    : undefined;
  const portfolio = portfolioService(o.broker);
  const price = o.price ?? o.lastPrice ?? (() => undefined);
  const manual = o.book
    ? manualTradingService({
        pipeline: o.orders,
        book: o.book,
        universe: symbols,
        price,
        rules: o.rules ?? ((s) => ({ tickSize: 0.05, lotSize: o.lotSize(s) ?? 1 })),
        stored: (id) => o.orderRepository.get(clientOrderId(id)),
        ...(approvals ? { approvals } : {}),
        trading,
        clock: o.clock,
      })
    : undefined;
  const universe = async (): Promise<string[]> => {
    const held = await o.broker.positions();
    const symbols = new Set<string>(held.ok ? held.value.map((p) => p.symbol) : []);
    for (const i of instances.list()) if (i.status === 'running' || i.status === 'paused') for (const s of i.symbols) symbols.add(s);
    return [...symbols].sort();
  };
  const optimise = o.history ? optimiseService({ history: o.history, clock: o.clock, universe, symbols }) : undefined;
  return {
    status: statusService({
      mode: () => o.mode,
      clock: o.clock,
      calendar: o.calendar,
      trading,
      instances,
      orders,
      ...(approvals ? { approvals } : {}),
      ...(o.brokerSession ? { brokerSession: o.brokerSession } : {}),
      ...(o.dataAsOf ? { dataAsOf: o.dataAsOf } : {}),
      ...(o.dataSource ? { dataSource: o.dataSource } : {}),
    }),
    strategies: strategiesService(o.registry),
    instances,
    portfolio,
    orders,
    history: historyService({ journal: o.orderRepository, clock: o.clock }),
    ...(approvals ? { approvals } : {}),
    ...(manual ? { manual } : {}),
    trading,
    ...(o.history ? { chart: chartService(o.history, o.clock, symbols) } : {}),
    ...(o.history ? { backtest: backtestService({ runner: new BacktestRunner({ repository: o.backtests ?? new MemoryResultRepository() }), data: historyData(o.history), clock: o.clock, strategies: o.registry, symbols }) } : {}),
    ...(optimise ? { optimise } : {}),
    ...(o.portfolioBook ? portfolioGroups({ ...o, book: o.portfolioBook, ...(optimise ? { optimise } : {}) }) : {}),
    session: sessionService({ ...(o.sessionPort ? { port: o.sessionPort } : {}), now: () => o.clock.now() }),
    ...(o.settings ? { settings: o.settings } : {}),
    ...(o.modeSwitch ? { mode: modeService({ ...o.modeSwitch, mode: o.mode, clock: o.clock }) } : {}),
    ...(o.alerts ? { alerts: alertsService(o.alerts) } : {}),
    ...(o.history && o.risk ? { risk: riskService({ ...o.risk, broker: o.broker, history: o.history, clock: o.clock, ...(o.alerts ? { alerts: o.alerts } : {}) }) } : {}),
  };
}
