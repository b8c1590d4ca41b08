/** Shared pieces of the job tests: a silent logger, a recording notify port, a scheduler factory with fast timings. */
import { MongoClient, type Db } from 'mongodb';
import { z } from 'zod';
import { NseCalendar, istTime } from '../../src/calendar';
import { SimulatedClock, type Clock } from '../../src/core/clock';
import { ok, type Result } from '../../src/core/result';
import { defineJob, done, type Job } from '../../src/jobs/job';
import { JobScheduler, type JobSchedulerOptions } from '../../src/jobs/jobScheduler';
import { createLogger, SecretScrubber } from '../../src/log';
import type { Notification, NotificationInput } from '../../src/notify/notification';
import type { NotifyPort } from '../../src/notify/notifier';
import { createTestDatabase, type TestDatabase } from '../fakes/mongo/testDb';

export const logger = createLogger({ level: 'silent', format: 'json', scrubber: new SecretScrubber() });
export const calendar = new NseCalendar();

/** Tuesday 2025-12-23 10:00 IST: a trading day, market open. */
export const TRADING_MORNING = istTime('2025-12-23', '10:00');

export class RecordingNotify implements NotifyPort {
  readonly sent: NotificationInput[] = [];
  notify(input: NotificationInput): Result<Notification, string> {
    this.sent.push(input);
    return ok({ id: String(this.sent.length), time: 0, kind: input.kind, severity: input.severity, title: input.title, fields: input.fields ?? [] });
  }
  titles(): string[] {
    return this.sent.map((n) => n.title);
  }
}

export function fastScheduler(mongoUri: string, jobs: readonly Job[], over: Partial<JobSchedulerOptions> & { clock?: Clock } = {}): JobScheduler {
  return new JobScheduler(
    {
      mongoUri,
      calendar,
      clock: over.clock ?? new SimulatedClock(TRADING_MORNING),
      logger,
      processEveryMs: 30,
      lockLifetimeMs: 1500,
      retryBaseMs: 20,
      retryMaxMs: 80,
      ...over,
    },
    jobs,
  );
}

/** A job that records which worker ran which data id. */
export function countingJob(name: string, seen: Map<number, string[]>, worker: string): Job {
  return defineJob({
    name,
    summary: 'test job counting its runs',
    schedule: { kind: 'on-demand' },
    data: z.object({ id: z.number().int() }),
    async run({ data }) {
      seen.set(data.id, [...(seen.get(data.id) ?? []), worker]);
      await new Promise((r) => setTimeout(r, 10));
      return ok(done(`id ${data.id}`));
    },
  });
}

export async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((r) => setTimeout(r, 20));
}

export interface SchedulerDb {
  /** The test database's URI and a driver handle on it (valid inside tests). */
  readonly uri: () => string;
  readonly db: () => Db;
  /** Registers a scheduler to be stopped after each test. */
  track(s: JobScheduler): JobScheduler;
}

/**
 * A fresh database for a job-scheduler test file: created before all tests; after each, the tracked schedulers are
 * stopped (draining up to `drainMs`) and the queue and run history emptied; dropped after all.
 */
export function useSchedulerDb(label: string, drainMs = 1000): SchedulerDb {
  let tdb: TestDatabase | undefined;
  let client: MongoClient | undefined;
  let schedulers: JobScheduler[] = [];
  beforeAll(async () => {
    tdb = await createTestDatabase(label);
    client = new MongoClient(tdb.uri);
    await client.connect();
  });
  afterEach(async () => {
    for (const s of schedulers) await s.stop(drainMs);
    schedulers = [];
    await client?.db().collection('agendaJobs').deleteMany({});
    await client?.db().collection('job_runs').deleteMany({});
  });
  afterAll(async () => {
    await client?.close();
    await tdb?.drop();
  });
  return {
    uri: () => tdb!.uri,
    db: () => client!.db(),
    track: (s) => (schedulers.push(s), s),
  };
}
