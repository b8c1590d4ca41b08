/**
 * Where one queued job is, read from its Agenda document (`lockedAt`, `nextRunAt`, `progress`, `failReason`,
 * `lastFinishedAt`) and the run records (src/jobs/jobRuns.ts) of whichever process ran it.
 */
import { z } from 'zod';
import type { JobRun } from './jobRuns';

export type JobState =
  | { readonly state: 'queued'; readonly name: string; /** The last attempt's failure when a retry is waiting. */ readonly retrying?: string }
  | { readonly state: 'running'; readonly name: string; /** 0–100, once the job reported it. */ readonly progress?: number }
  | { readonly state: 'done'; readonly name: string; readonly note: string; readonly worker?: string }
  | { readonly state: 'failed'; readonly name: string; readonly reason: string; readonly worker?: string }
  | { readonly state: 'unknown' };

const docSchema = z.object({
  name: z.string(),
  lockedAt: z.date().nullish(),
  nextRunAt: z.date().nullish(),
  lastFinishedAt: z.date().nullish(),
  failReason: z.string().nullish(),
  progress: z.number().nullish(),
});

/** The state from the job document (null when gone) and its runs, newest first. */
export function jobStateOf(rawDoc: unknown, runs: readonly JobRun[]): JobState {
  const parsed = rawDoc === null || rawDoc === undefined ? undefined : docSchema.safeParse(rawDoc);
  const doc = parsed?.success ? parsed.data : undefined;
  const last = runs[0];
  const name = doc?.name ?? last?.name ?? '';
  // A finished attempt is final for an on-demand job (it is not run again).
  if (last && last.status !== 'failed') return { state: 'done', name, note: last.note, worker: last.worker };
  if (doc?.lockedAt) return { state: 'running', name, ...(typeof doc.progress === 'number' ? { progress: Math.max(0, Math.min(100, doc.progress)) } : {}) };
  if (doc?.nextRunAt) return { state: 'queued', name, ...(last ? { retrying: last.note } : {}) };
  if (last) return { state: 'failed', name, reason: last.note, worker: last.worker };
  if (doc?.failReason) return { state: 'failed', name, reason: doc.failReason };
  if (doc?.lastFinishedAt) return { state: 'done', name, note: '' };
  if (doc) return { state: 'queued', name };
  return { state: 'unknown' };
}
