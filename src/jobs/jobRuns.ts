/**
 * The run history of jobs (`job_runs`, one document per run on whichever process ran it): what `runNow` waits
 * for, what status listings show, and where "skipped: holiday" is recorded.
 */
import type { Collection, Db } from 'mongodb';
import { z } from 'zod';

export const JOB_RUN_STATUSES = ['done', 'skipped', 'failed'] as const;
export type JobRunStatus = (typeof JOB_RUN_STATUSES)[number];

export interface JobRun {
  readonly jobId: string;
  readonly name: string;
  readonly status: JobRunStatus;
  /** "skipped: holiday (Diwali)", the done note, or the failure reason. */
  readonly note: string;
  readonly attempt: number;
  readonly worker: string;
  /** Wall-clock epoch ms. */
  readonly startedAt: number;
  readonly finishedAt: number;
}

const runSchema = z.object({
  jobId: z.string(),
  name: z.string(),
  status: z.enum(JOB_RUN_STATUSES),
  note: z.string(),
  attempt: z.number().int(),
  worker: z.string(),
  startedAt: z.date(),
  finishedAt: z.date(),
});

interface RunDoc {
  jobId: string;
  name: string;
  status: JobRunStatus;
  note: string;
  attempt: number;
  worker: string;
  startedAt: Date;
  finishedAt: Date;
}

const toRun = (raw: unknown): JobRun | undefined => {
  const p = runSchema.safeParse(raw);
  if (!p.success) return undefined;
  return { ...p.data, startedAt: p.data.startedAt.getTime(), finishedAt: p.data.finishedAt.getTime() };
};

export class JobRunLog {
  private readonly runs: Collection<RunDoc>;
  private indexed: Promise<unknown> | undefined;

  constructor(db: Db, collection = 'job_runs') {
    this.runs = db.collection<RunDoc>(collection);
  }

  async record(run: JobRun): Promise<void> {
    this.indexed ??= this.runs.createIndex({ jobId: 1, finishedAt: -1 }).catch(() => undefined);
    await this.runs.insertOne({ ...run, startedAt: new Date(run.startedAt), finishedAt: new Date(run.finishedAt) });
  }

  /** Runs of one Agenda job (by id), newest first. */
  async forJob(jobId: string): Promise<JobRun[]> {
    const docs = await this.runs.find({ jobId }).sort({ finishedAt: -1, _id: -1 }).toArray();
    return docs.map(toRun).filter((r): r is JobRun => r !== undefined);
  }

  /** The latest runs, newest first, optionally of one job name. */
  async latest(limit = 20, name?: string): Promise<JobRun[]> {
    const docs = await this.runs
      .find(name ? { name } : {})
      .sort({ finishedAt: -1, _id: -1 })
      .limit(limit)
      .toArray();
    return docs.map(toRun).filter((r): r is JobRun => r !== undefined);
  }
}
