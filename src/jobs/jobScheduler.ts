/**
 * The job scheduler: Agenda 6 with its MongoDB backend on the app's database, in Asia/Kolkata. Every process
 * sharing the database shares one queue, and Agenda's locks give each run to exactly one process. Recurring jobs
 * are upserted (so a restart or a second process does not duplicate them) and survive restarts in MongoDB.
 * Runs are wrapped here: the calendar check (non-trading days are "skipped: holiday"), the run history, metrics,
 * exponential backoff on failure and ONE report per failing streak, when its retries are used up.
 */
import { MongoBackend } from '@agendajs/mongo-backend';
import { Agenda, InMemoryNotificationChannel, type Job as AgendaJob } from 'agenda';
import { hostname } from 'node:os';
import { MongoClient, ObjectId, type Db } from 'mongodb';
import type { Clock } from '../core/clock';
import { err, ok, type Result } from '../core/result';
import type { Logger } from '../log/logger';
import type { NotifyPort } from '../notify/notifier';
import { repeatOf, type Job, type JobOutcome } from './job';
import { JobRunLog, type JobRun } from './jobRuns';
import { jobStateOf, type JobState } from './jobState';

export const JOB_TIMEZONE = 'Asia/Kolkata';
const DEFAULT_LOCK_LIFETIME_MS = 10 * 60_000;

/** What the scheduler needs of the NSE calendar. */
export interface TradingCalendarPort {
  isTradingDay(t: number): boolean;
  holidayName(t: number): string | null;
  isOpen(t: number): boolean;
}

export interface JobSchedulerOptions {
  /** The app's MongoDB (the same database as the store). */
  readonly mongoUri: string;
  readonly calendar: TradingCalendarPort;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Where a job that keeps failing is reported (once per failing streak). */
  readonly notify?: NotifyPort;
  /** Called after every run (metrics). */
  readonly onRun?: (run: JobRun, durationMs: number) => void;
  /** Process name in locks and the run history (default host:pid). */
  readonly worker?: string;
  /** How often the queue is polled (default 5000 ms). */
  readonly processEveryMs?: number;
  /** A job this process queues starts at once when the process has a free worker (default true); false: at the next poll. */
  readonly startQueuedAtOnce?: boolean;
  /**
   * Lock lifetime of every job (default: the job's own, else 10 min); given, it also caps the jobs' own (tests).
   * A running job's lock is renewed every third of it, so only a dead worker's job waits that long to be taken over.
   * Agenda re-checks the lock every half lifetime on a timer that outlives the job; patches/agenda+6.2.6.patch
   * unrefs it, so it does not keep a stopped process alive.
   */
  readonly lockLifetimeMs?: number;
  /** First retry delay, doubled per retry (default 30 s), capped at `retryMaxMs` (default 15 min). */
  readonly retryBaseMs?: number;
  readonly retryMaxMs?: number;
  readonly collection?: string;
}

export interface StartOptions {
  /** Upsert the recurring schedules (default true). A worker that only takes jobs may pass false. */
  readonly schedule?: boolean;
}

export class JobScheduler {
  private readonly jobs = new Map<string, Job>();
  private client: MongoClient | undefined;
  private agenda: Agenda | undefined;
  private runLog: JobRunLog | undefined;
  private db: Db | undefined;
  private running = false;
  readonly worker: string;
  private readonly log: Logger;

  constructor(
    private readonly o: JobSchedulerOptions,
    jobs: readonly Job[],
  ) {
    for (const j of jobs) {
      if (this.jobs.has(j.name)) throw new Error(`job "${j.name}" is defined twice`);
      repeatOf(j.schedule);
      this.jobs.set(j.name, j);
    }
    this.worker = o.worker ?? `${hostname()}:${process.pid}`;
    this.log = o.logger.child({ component: 'jobs', worker: this.worker });
  }

  get isRunning(): boolean {
    return this.running;
  }

  names(): string[] {
    return [...this.jobs.keys()];
  }

  /** Connects, defines every job and starts taking work; with `schedule`, upserts the recurring jobs. */
  async start(options: StartOptions = {}): Promise<Result<void, string>> {
    if (this.running) return ok(undefined);
    const client = new MongoClient(this.o.mongoUri, { serverSelectionTimeoutMS: 5000 });
    try {
      await client.connect();
    } catch (e) {
      await client.close().catch(() => undefined);
      return err(`The job scheduler cannot reach MongoDB (${e instanceof Error ? e.message.split('\n')[0] : String(e)}); check MONGODB_URI.`);
    }
    const db: Db = client.db();
    const backend = new MongoBackend({ mongo: db, ...(this.o.collection ? { collection: this.o.collection } : {}) });
    const agenda = new Agenda({
      name: this.worker,
      backend,
      processEvery: this.o.processEveryMs ?? 5000,
      defaultLockLifetime: this.o.lockLifetimeMs ?? DEFAULT_LOCK_LIFETIME_MS,
    });
    this.client = client;
    this.agenda = agenda;
    this.runLog = new JobRunLog(db);
    this.db = db;
    agenda.on('error', (e: Error) => this.log.error({ err: e }, 'job queue error'));
    agenda.on('retry exhausted', (e: Error, job: AgendaJob) => this.reportExhausted(e, job));
    for (const job of this.jobs.values()) this.define(agenda, job);
    // A job this process queues (a /backtest from chat) starts at once when this process has a free worker, instead
    // of on the next poll (processEvery); other processes still find it by polling.
    if (this.o.startQueuedAtOnce ?? true) agenda.notifyVia(new InMemoryNotificationChannel());
    await agenda.start();
    if (options.schedule ?? true) {
      for (const job of this.jobs.values()) {
        const repeat = repeatOf(job.schedule);
        if (repeat !== undefined) await agenda.every(repeat, job.name, {}, { timezone: JOB_TIMEZONE, skipImmediate: true });
      }
    }
    this.running = true;
    this.log.info({ jobs: this.names() }, 'job scheduler started');
    return ok(undefined);
  }

  /** Queues a run of `name` now (any process may take it); answers the Agenda job id. */
  async enqueue(name: string, data: unknown = {}): Promise<Result<string, string>> {
    return this.enqueueAt(name, undefined, data);
  }

  /** Queues a run of `name` at `when` (persisted: it survives a restart of this process). */
  async enqueueAt(name: string, when: Date | undefined, data: unknown = {}): Promise<Result<string, string>> {
    const agenda = this.agenda;
    const job = this.jobs.get(name);
    if (!agenda) return err('The job scheduler is not running; start it first.');
    if (!job) return err(`There is no job called "${name}"; known jobs: ${this.names().join(', ')}.`);
    const valid = job.validate(data);
    if (!valid.ok) return valid;
    const created = when ? await agenda.schedule(when, name, valid.value) : await agenda.now(name, valid.value);
    return ok(String(created.attrs._id));
  }

  /**
   * Runs `name` now through the queue and waits for the first attempt's outcome ("advance the schedule" for
   * rebalance or the daily summary; the `/run` commands). Whichever process takes it, its run record answers.
   */
  async runNow(name: string, data: unknown = {}, waitMs = 60_000): Promise<Result<JobRun, string>> {
    const id = await this.enqueue(name, data);
    if (!id.ok) return id;
    const runLog = this.runLog;
    if (!runLog) return err('The job scheduler is not running; start it first.');
    const deadline = Date.now() + waitMs;
    for (;;) {
      const runs = await runLog.forJob(id.value);
      const first = runs.find((r) => r.attempt === 1) ?? runs[runs.length - 1];
      if (first) return ok(first);
      if (Date.now() > deadline) return err(`Job ${name} did not finish within ${Math.round(waitMs / 1000)} s; see /jobs for its state.`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /**
   * Where one queued job is (any process's): its Agenda document (locked = running, with the progress the job
   * reported; a next run = queued or waiting for a retry) and its run records. Unknown when neither exists.
   */
  async status(jobId: string): Promise<JobState> {
    const db = this.db;
    const runLog = this.runLog;
    if (!db || !runLog || !this.agenda) return { state: 'unknown' };
    if (!ObjectId.isValid(jobId) || !/^[0-9a-f]{24}$/i.test(jobId)) return { state: 'unknown' };
    const doc = await db.collection(this.o.collection ?? 'agendaJobs').findOne({ _id: new ObjectId(jobId) });
    const runs = await runLog.forJob(jobId);
    return jobStateOf(doc, runs);
  }

  /** The latest runs, newest first. */
  async history(limit = 20, name?: string): Promise<JobRun[]> {
    return this.runLog ? this.runLog.latest(limit, name) : [];
  }

  /** Stops taking jobs: waits up to `drainMs` for running ones, unlocks the rest, disconnects. */
  async stop(drainMs = 10_000): Promise<void> {
    const agenda = this.agenda;
    if (!agenda) return;
    this.agenda = undefined;
    this.running = false;
    await agenda.drain(drainMs).catch((e: unknown) => this.log.warn({ err: e }, 'job drain failed'));
    await agenda.stop().catch((e: unknown) => this.log.warn({ err: e }, 'job queue stop failed'));
    await this.client?.close().catch(() => undefined);
    this.client = undefined;
    this.db = undefined;
    this.log.info('job scheduler stopped');
  }

  private define(agenda: Agenda, job: Job): void {
    const base = this.o.retryBaseMs ?? 30_000;
    const max = this.o.retryMaxMs ?? 15 * 60_000;
    agenda.define(
      job.name,
      async (aj: AgendaJob<unknown>) => {
        const outcome = await this.runOnce(job, aj);
        if (!outcome.ok) throw new Error(outcome.error);
      },
      {
        concurrency: job.concurrency,
        lockLifetime: this.lockLifetimeOf(job),
        backoff: ({ attempt }) => (attempt > job.retries ? null : Math.min(base * 2 ** (attempt - 1), max)),
      },
    );
  }

  private lockLifetimeOf(job: Job): number {
    const own = job.lockLifetimeMs ?? DEFAULT_LOCK_LIFETIME_MS;
    return this.o.lockLifetimeMs === undefined ? own : Math.min(own, this.o.lockLifetimeMs);
  }

  private async runOnce(job: Job, aj: AgendaJob<unknown>): Promise<Result<JobOutcome, string>> {
    const startedAt = this.o.clock.now();
    const wall = Date.now();
    const attempt = (aj.attrs.failCount ?? 0) + 1;
    const jobId = String(aj.attrs._id);
    // Every write of the job's lock and progress goes through one queue, in order: a progress report and a lock
    // renewal never overtake each other, and the run is recorded after the last of them has landed.
    let touching: Promise<void> = Promise.resolve();
    let lastProgress = aj.attrs.progress;
    const touch = (progress: number | undefined): Promise<void> => {
      lastProgress = progress;
      const next = touching.then(() => aj.touch(progress));
      touching = next.catch((e: unknown) => this.log.warn({ err: e, job: job.name }, 'could not write a job lock'));
      return next;
    };
    // Renews the lock (keeping the progress figure) while the job runs: a live worker never loses its job.
    const heartbeat = setInterval(() => void touch(lastProgress).catch(() => undefined), this.lockLifetimeOf(job) / 3);
    heartbeat.unref();
    let outcome: Result<JobOutcome, string>;
    try {
      outcome = this.calendarSkip(job, startedAt) ?? (await job.execute(aj.attrs.data, { now: startedAt, attempt, jobId, progress: touch }));
    } catch (e) {
      this.log.error({ err: e, job: job.name }, 'job threw');
      outcome = err(`${job.name} crashed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    } finally {
      clearInterval(heartbeat);
    }
    await touching;
    // A quiet job's scheduled checks that find nothing to do leave no record; a run someone asked for always does.
    if (job.quiet && aj.attrs.repeatInterval !== undefined && outcome.ok && outcome.value.status === 'skipped') return outcome;
    const run: JobRun = {
      jobId,
      name: job.name,
      status: outcome.ok ? outcome.value.status : 'failed',
      note: outcome.ok ? (outcome.value.status === 'skipped' ? `skipped: ${outcome.value.reason}` : (outcome.value.note ?? '')) : outcome.error,
      attempt,
      worker: this.worker,
      startedAt: wall,
      finishedAt: Date.now(),
    };
    const level = run.status === 'failed' ? 'warn' : 'info';
    this.log[level]({ job: job.name, status: run.status, note: run.note, attempt }, 'job run');
    await this.runLog?.record(run).catch((e: unknown) => this.log.warn({ err: e }, 'could not record a job run'));
    this.o.onRun?.(run, Date.now() - wall);
    return outcome;
  }

  private calendarSkip(job: Job, now: number): Result<JobOutcome, string> | undefined {
    if ((job.tradingDaysOnly || job.marketHoursOnly) && !this.o.calendar.isTradingDay(now)) {
      const holiday = this.o.calendar.holidayName(now);
      return ok({ status: 'skipped', reason: holiday ? `holiday (${holiday})` : 'holiday (weekend)' });
    }
    if (job.marketHoursOnly && !this.o.calendar.isOpen(now)) return ok({ status: 'skipped', reason: 'market closed' });
    return undefined;
  }

  /** Agenda says the retries are used up; report only the first time in a failing streak. */
  private reportExhausted(e: Error, aj: AgendaJob): void {
    const job = this.jobs.get(aj.attrs.name);
    if (!job || (aj.attrs.failCount ?? 0) !== job.retries + 1) return;
    this.log.error({ job: job.name, reason: e.message }, 'job failed after its retries');
    const next = aj.attrs.nextRunAt ? ` It runs again as scheduled.` : '';
    this.o.notify?.notify({
      kind: 'system',
      severity: 'warning',
      title: `Job ${job.name} failed`,
      text: `${e.message}${next}`,
      fields: [
        { name: 'Attempts', value: String(job.retries + 1), inline: true },
        { name: 'Worker', value: this.worker, inline: true },
      ],
    });
  }
}
