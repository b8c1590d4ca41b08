/**
 * The job scheduler (Agenda on the app's MongoDB) with the standard jobs this build offers, plus the approval
 * expiry sweep. A worker process (`start --worker`) runs the same jobs; Agenda's locks make sure one process
 * takes each run.
 */
import type { NseCalendar } from '../calendar/nseCalendar';
import type { Clock } from '../core/clock';
import { userId } from '../core/ids';
import { JobScheduler, standardJobs, type HealthPort, type Job, type KiteSessionExpiryPort, type PerformanceRecorder, type RebalanceFrequency } from '../jobs';
import type { SweepRunner } from '../jobs/sweepJob';
import type { CandleSyncer, InstrumentsRefresher } from '../jobs/maintenanceJobs';
import type { Logger } from '../log/logger';
import type { NotifyPort } from '../notify/notifier';
import type { Services } from '../services/services';

export interface JobsWiringOptions {
  readonly mongoUri: string;
  readonly services: Services;
  readonly notify: NotifyPort;
  readonly calendar: NseCalendar;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly health: HealthPort;
  /** Where the 5-minute performance snapshot goes (the app's metrics). */
  readonly recorder?: PerformanceRecorder;
  readonly worker: string;
  /** False in a worker process: the jobs that place orders (square-off, rebalance) stay with the main process. */
  readonly placesOrders: boolean;
  readonly onRun?: ConstructorParameters<typeof JobScheduler>[0]['onRun'];
  /** Agenda polling and lock lifetime (tests shorten them). */
  readonly processEveryMs?: number;
  readonly lockLifetimeMs?: number;
  /** A job this process queues starts at once (default true; false: at the next poll — the bench's baseline). */
  readonly startQueuedAtOnce?: boolean;
  readonly extra?: readonly Job[];
  /** Scheduled rebalance (default weekly at 09:30 IST, proposed for approval). */
  readonly rebalance?: { readonly frequency: RebalanceFrequency; readonly at: string };
  /** MODE=live: the Kite session manager, checked at 06:00 IST (and every few minutes) for token expiry. */
  readonly kiteSession?: KiteSessionExpiryPort;
  /** MODE=live: the daily instruments refresh and candle sync (Kite instrument master, candle cache). */
  readonly instruments?: InstrumentsRefresher;
  readonly candles?: CandleSyncer;
  /** Parameter sweeps from chat (the `sweep` job); without it the job is not offered. */
  readonly sweeps?: SweepRunner;
  /** The account's equity chart for the end-of-day summary (src/services/engine/accountEquityChart.ts). */
  readonly equityChart?: () => Promise<Uint8Array | undefined>;
}

export function createJobs(o: JobsWiringOptions): JobScheduler {
  const jobs = standardJobs({
    services: o.services,
    notify: o.notify,
    calendar: o.calendar,
    health: o.health,
    ...(o.recorder ? { recorder: o.recorder } : {}),
    ...(o.kiteSession ? { kiteSession: o.kiteSession } : {}),
    ...(o.instruments ? { instruments: o.instruments } : {}),
    ...(o.candles ? { candles: o.candles } : {}),
    ...(o.sweeps ? { sweeps: o.sweeps } : {}),
    ...(o.equityChart ? { equityChart: o.equityChart } : {}),
    placesOrders: o.placesOrders,
    rebalance: { frequency: o.rebalance?.frequency ?? 'weekly', at: o.rebalance?.at ?? '09:30', method: 'equal-weight', policy: 'propose', user: { id: userId('scheduler'), role: 'admin', name: 'scheduled rebalance' } },
  });
  return new JobScheduler(
    {
      mongoUri: o.mongoUri,
      calendar: o.calendar,
      clock: o.clock,
      logger: o.logger,
      notify: o.notify,
      worker: o.worker,
      ...(o.onRun ? { onRun: o.onRun } : {}),
      ...(o.processEveryMs !== undefined ? { processEveryMs: o.processEveryMs } : {}),
      ...(o.lockLifetimeMs !== undefined ? { lockLifetimeMs: o.lockLifetimeMs } : {}),
      ...(o.startQueuedAtOnce !== undefined ? { startQueuedAtOnce: o.startQueuedAtOnce } : {}),
    },
    [...jobs, ...(o.extra ?? [])],
  );
}
