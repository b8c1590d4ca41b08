/**
 * What a job is, independent of Agenda: a name, a schedule, its data schema and a `run` that answers a Result.
 * `run` answers `ok(done | skipped)` or `err(reason)`; an error is retried with backoff by the scheduler and
 * reported once. `defineJob` erases the data type so jobs of every kind fit one list.
 */
import type { z } from 'zod';
import type { Result } from '../core/result';

/** When a job runs: daily at an IST time, every N ms, or only when asked (`runNow`, `enqueue`). */
export type JobSchedule =
  | { readonly kind: 'daily'; readonly at: string }
  | { readonly kind: 'interval'; readonly ms: number }
  | { readonly kind: 'on-demand' };

export type JobOutcome = { readonly status: 'done'; readonly note?: string } | { readonly status: 'skipped'; readonly reason: string };

export interface JobContext<D> {
  readonly data: D;
  /** The scheduler clock's time when the run started (epoch ms). */
  readonly now: number;
  /** 1 for the first try, 2 for the first retry … */
  readonly attempt: number;
  readonly jobId: string;
  /** Reports progress 0..100 and renews the lock (long backtests call it). */
  progress(percent: number): Promise<void>;
}

export interface JobSpec<D> {
  readonly name: string;
  /** One line for people (status listings). */
  readonly summary: string;
  readonly schedule: JobSchedule;
  /** Validates the stored job data (a boundary: it comes back from MongoDB). */
  readonly data: z.ZodType<D>;
  /** Skip (reporting "skipped: holiday") on days the exchange is closed. */
  readonly tradingDaysOnly?: boolean;
  /** Skip outside the continuous session (09:15–15:30 IST on trading days). */
  readonly marketHoursOnly?: boolean;
  /** Retries after a failure (default 3), with exponential backoff. */
  readonly retries?: number;
  /** Parallel runs per process (default 1). */
  readonly concurrency?: number;
  /** Lock lifetime: a run that holds the lock longer without progress is presumed dead (default: the scheduler's). */
  readonly lockLifetimeMs?: number;
  /** A frequent check: its scheduled runs that skip are neither recorded nor logged (only what it did is; `runNow` always is). */
  readonly quiet?: boolean;
  run(ctx: JobContext<D>): Promise<Result<JobOutcome, string>>;
}

/** A job with its data type erased: `execute` validates the raw data, then runs. */
export interface Job {
  readonly name: string;
  readonly summary: string;
  readonly schedule: JobSchedule;
  readonly tradingDaysOnly: boolean;
  readonly marketHoursOnly: boolean;
  readonly retries: number;
  readonly concurrency: number;
  readonly lockLifetimeMs?: number;
  readonly quiet: boolean;
  /** Checks `raw` against the data schema: an error sentence when it does not fit. */
  validate(raw: unknown): Result<unknown, string>;
  execute(raw: unknown, ctx: Omit<JobContext<unknown>, 'data'>): Promise<Result<JobOutcome, string>>;
}

export function defineJob<D>(spec: JobSpec<D>): Job {
  const validate = (raw: unknown): Result<D, string> => {
    const p = spec.data.safeParse(raw ?? {});
    if (p.success) return { ok: true, value: p.data };
    const issue = p.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    return { ok: false, error: `The data of job ${spec.name} is invalid${where}: ${issue?.message ?? 'invalid'}; schedule it again with valid data.` };
  };
  return {
    name: spec.name,
    summary: spec.summary,
    schedule: spec.schedule,
    tradingDaysOnly: spec.tradingDaysOnly ?? false,
    marketHoursOnly: spec.marketHoursOnly ?? false,
    retries: spec.retries ?? 3,
    concurrency: spec.concurrency ?? 1,
    quiet: spec.quiet ?? false,
    ...(spec.lockLifetimeMs !== undefined ? { lockLifetimeMs: spec.lockLifetimeMs } : {}),
    validate,
    async execute(raw, ctx) {
      const data = validate(raw);
      if (!data.ok) return data;
      return spec.run({ ...ctx, data: data.value });
    },
  };
}

export const done = (note?: string): JobOutcome => (note === undefined ? { status: 'done' } : { status: 'done', note });
export const skipped = (reason: string): JobOutcome => ({ status: 'skipped', reason });

/** Agenda's repeat expression for a schedule: a cron line in IST for daily jobs, milliseconds for intervals. */
export function repeatOf(schedule: JobSchedule): string | number | undefined {
  if (schedule.kind === 'interval') return schedule.ms;
  if (schedule.kind === 'on-demand') return undefined;
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(schedule.at);
  if (!m) throw new RangeError(`daily job time must be HH:MM (24 h, IST), got "${schedule.at}"`);
  return `${Number(m[2])} ${Number(m[1])} * * *`;
}
