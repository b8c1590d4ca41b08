/**
 * The bot's job list, built from what this build offers: a job whose service group or port is absent is left out
 * (e.g. no rebalance job without a rebalance schedule, no session reminder without a Kite session service).
 */
import type { NotifyPort } from '../notify/notifier';
import type { OptimiseMethod } from '../services/api/optimise';
import type { Services } from '../services/services';
import type { User } from '../services/user';
import { backtestJob } from './backtestJob';
import { endOfDaySummaryJob } from './endOfDaySummaryJob';
import { healthCheckJob, type HealthPort } from './healthCheckJob';
import type { Job } from './job';
import { kiteSessionExpiryJobs, type KiteSessionExpiryPort } from './kiteSessionExpiryJob';
import { kiteSessionReminderJob } from './kiteSessionReminderJob';
import { candleSyncJob, instrumentsRefreshJob, type CandleSyncer, type InstrumentsRefresher } from './maintenanceJobs';
import { misSquareOffJob } from './misSquareOffJob';
import { misSquareOffWarningJob } from './misSquareOffWarningJob';
import { performanceSnapshotJob, type PerformanceRecorder } from './performanceSnapshotJob';
import { portfolioSnapshotJob } from './portfolioSnapshotJob';
import { preOpenReportJob } from './preOpenReportJob';
import { rebalanceJob, type RebalanceFrequency } from './rebalanceJob';
import { riskScanJob } from './riskScanJob';
import { sweepJob, type SweepRunner } from './sweepJob';

export interface StandardJobsOptions {
  readonly services: Services;
  readonly notify: NotifyPort;
  readonly calendar: { previousTradingDay(t: number): string; misSquareOffTime(t: number): number | null };
  readonly health?: HealthPort;
  readonly recorder?: PerformanceRecorder;
  readonly instruments?: InstrumentsRefresher;
  readonly candles?: CandleSyncer;
  readonly sweeps?: SweepRunner;
  readonly equityChart?: () => Promise<Uint8Array | undefined>;
  readonly rebalance?: {
    readonly frequency: RebalanceFrequency;
    readonly at: string;
    readonly method: OptimiseMethod;
    readonly policy: 'propose' | 'execute';
    readonly user: User;
  };
  /** Default 5. */
  readonly riskScanEveryMinutes?: number;
  /** MODE=live: the Kite session, checked for its 06:00 IST expiry (halts trading, the admin is told once). */
  readonly kiteSession?: KiteSessionExpiryPort;
  /** False in a worker process: no job that places orders (square-off, rebalance) is offered there. */
  readonly placesOrders?: boolean;
}

export function standardJobs(o: StandardJobsOptions): Job[] {
  const s = o.services;
  const jobs: Job[] = [];
  // Jobs that place orders run in the process that trades (its pipeline holds the open orders), never in a worker.
  if (o.placesOrders !== false && s.trading) jobs.push(misSquareOffJob({ trading: s.trading, calendar: o.calendar, notify: o.notify }));
  if (o.placesOrders !== false && o.rebalance && s.rebalance) jobs.push(rebalanceJob({ ...o.rebalance, rebalance: s.rebalance, notify: o.notify, calendar: o.calendar }));
  if (s.rebalance) jobs.push(portfolioSnapshotJob({ portfolio: s.rebalance }));
  if (s.risk) jobs.push(riskScanJob({ risk: s.risk, notify: o.notify, everyMinutes: o.riskScanEveryMinutes ?? 5 }));
  if (o.health) jobs.push(healthCheckJob({ health: o.health, notify: o.notify }));
  if (o.recorder && s.pnl && s.portfolio) jobs.push(performanceSnapshotJob({ pnl: s.pnl, portfolio: s.portfolio, recorder: o.recorder }));
  if (s.status && s.session) jobs.push(kiteSessionReminderJob({ status: s.status, session: s.session, notify: o.notify }));
  if (o.kiteSession) jobs.push(...kiteSessionExpiryJobs({ session: o.kiteSession }));
  if (s.status) {
    jobs.push(preOpenReportJob({ status: s.status, notify: o.notify, ...(s.portfolio ? { portfolio: s.portfolio } : {}), ...(o.health ? { health: o.health } : {}) }));
  }
  if (s.portfolio) jobs.push(misSquareOffWarningJob({ portfolio: s.portfolio, notify: o.notify }));
  if (s.pnl && s.orders) {
    jobs.push(endOfDaySummaryJob({ pnl: s.pnl, orders: s.orders, notify: o.notify, ...(s.risk ? { risk: s.risk } : {}), ...(o.equityChart ? { chart: o.equityChart } : {}) }));
  }
  if (o.instruments) jobs.push(instrumentsRefreshJob({ instruments: o.instruments }));
  if (o.candles) jobs.push(candleSyncJob({ candles: o.candles }));
  if (s.backtest) jobs.push(backtestJob({ backtest: s.backtest, notify: o.notify }));
  if (o.sweeps) jobs.push(sweepJob({ sweeps: o.sweeps, notify: o.notify }));
  return jobs;
}
