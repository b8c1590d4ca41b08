/**
 * The job queue as the front ends see it (REST's /api/v1/jobs): the jobs this process knows, run one now and wait
 * for its outcome, and the recent runs. The job scheduler (src/jobs/jobScheduler.ts) fits it.
 */
import type { Result } from '../../core/result';
import type { Refusal } from '../user';

/** One finished run of a job, as recorded. */
export interface JobRunView {
  readonly jobId: string;
  readonly name: string;
  readonly status: 'done' | 'skipped' | 'failed';
  /** "skipped: holiday (Diwali)", the done note, or the failure reason. */
  readonly note: string;
  readonly attempt: number;
  readonly worker: string;
  /** Wall-clock epoch ms. */
  readonly startedAt: number;
  readonly finishedAt: number;
}

export interface JobQueueService {
  runNow(name: string, data?: unknown, waitMs?: number): Promise<Result<JobRunView, Refusal>>;
  history(limit: number, name?: string): Promise<JobRunView[]>;
  names(): string[];
}
