/**
 * The facade every front end uses (chat commands, the console, REST, jobs): one transport-agnostic
 * method per operator action, returning plain data or a Result. A group a build cannot offer yet is
 * absent, and the commands that need it say so.
 */
import type { AlertsService } from './api/alerts';
import type { AlertsInService } from './api/alertsIn';
import type { ApprovalsService } from './api/approvals';
import type { BacktestService } from './api/backtest';
import type { ChartService } from './api/chart';
import type { HistoryService } from './api/history';
import type { InstancesService } from './api/instances';
import type { ManualTradingService } from './api/manual';
import type { ModeService } from './api/mode';
import type { OperatorService } from './api/operator';
import type { OptimiseService } from './api/optimise';
import type { OrdersService } from './api/orders';
import type { PnlService } from './api/pnl';
import type { PortfolioService } from './api/portfolio';
import type { RebalanceService } from './api/rebalance';
import type { ResearchService } from './api/research';
import type { RiskService } from './api/risk';
import type { SessionService } from './api/session';
import type { SettingsService } from './api/settings';
import type { StatusService } from './api/status';
import type { StrategiesService } from './api/strategies';
import type { TradingService } from './api/trading';

export interface Services {
  readonly status?: StatusService;
  readonly strategies?: StrategiesService;
  readonly instances?: InstancesService;
  readonly backtest?: BacktestService;
  /** Backtests and sweeps queued as jobs for any worker (the result is notified to the requester). */
  readonly research?: ResearchService;
  readonly portfolio?: PortfolioService;
  readonly orders?: OrdersService;
  readonly pnl?: PnlService;
  /** Closed trades and their statistics, from the journal's fills. */
  readonly history?: HistoryService;
  readonly risk?: RiskService;
  readonly approvals?: ApprovalsService;
  /** Trading by hand: /buy, /sell, /exit, /cancel, /modify through the one order pipeline. */
  readonly manual?: ManualTradingService;
  readonly optimise?: OptimiseService;
  readonly rebalance?: RebalanceService;
  readonly chart?: ChartService;
  readonly alerts?: AlertsService;
  /** Incoming alerts (TradingView, ChartInk, text) → orders; absent without ALERT_SOURCES. */
  readonly alertsIn?: AlertsInService;
  readonly trading?: TradingService;
  readonly session?: SessionService;
  readonly mode?: ModeService;
  readonly settings?: SettingsService;
  /** /version, /health, /logs. */
  readonly operator?: OperatorService;
}
