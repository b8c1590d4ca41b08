/**
 * Following a queued research job (a backtest or sweep a worker runs) from a progress reply: polls the job's
 * status, edits the progress message as it goes (queued… / running 40 %…) and ends with one short line. The
 * result itself reaches the person as a notification from the job (so it arrives after a restart or from a worker
 * too), and so does a refusal: each is told once. When the job ended before any progress was shown, the follower
 * adds nothing — the result card (or the refusal) is the one message.
 */
import type { ProgressHandle, Reply } from '../../src/core/reply';

/** Nothing more to say (the job's own message is the answer). */
const NOTHING: Reply = { kind: 'many', replies: [] };
import type { ResearchService } from '../../src/services/api/research';

export interface FollowOptions {
  /** How often the status is read (default 1 s). */
  readonly everyMs?: number;
  /** How long the progress message follows the job (default 30 min); the job goes on after that. */
  readonly maxMs?: number;
  readonly now?: () => number;
}

export const FOLLOW_EVERY_MS = 1_000;
/** While the progress is held back (nothing shown yet): looked at this often, so a fast job's end is seen at once. */
export const FOLLOW_HELD_EVERY_MS = 100;

/** Waits `ms`; false at once (or as soon as) `signal` is aborted. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
export const FOLLOW_MAX_MS = 30 * 60_000;

/** `what`: e.g. "Backtest of sma-cross"; `result`: what the notification carries, e.g. "the result card". */
export async function followQueuedJob(research: Pick<ResearchService, 'jobStatus'>, jobId: string, what: string, result: string, progress: ProgressHandle, o: FollowOptions = {}): Promise<Reply> {
  const now = o.now ?? Date.now;
  const every = o.everyMs ?? FOLLOW_EVERY_MS;
  const deadline = now() + (o.maxMs ?? FOLLOW_MAX_MS);
  let shown = '';
  const show = async (text: string): Promise<void> => {
    if (text === shown) return;
    shown = text;
    await progress.update(text);
  };
  for (;;) {
    const s = await research.jobStatus(jobId);
    switch (s.state) {
      case 'done':
        if (progress.shown?.() === false) return NOTHING;
        return { kind: 'text', text: `${what} done${s.outcome ? `: ${s.outcome}` : ''} — ${result} is sent to you as its own message.` };
      case 'failed':
        // A refusal the job told the person itself: the progress only ends (the reason is told once).
        if (s.notified) return progress.shown?.() === false ? NOTHING : { kind: 'text', text: `✖ ${what} was not run — the reason is sent to you as its own message.` };
        return { kind: 'error', message: s.reason };
      case 'unknown':
        return { kind: 'error', message: `${what} is no longer in the job queue; send the command again.` };
      case 'queued':
        await show(`${what}: queued, waiting for a worker…`);
        break;
      case 'running':
        await show(`${what}: running${s.percent !== undefined ? ` ${Math.round(s.percent)} %` : ''}…`);
        break;
    }
    if (now() >= deadline) return { kind: 'text', text: `${what} is still ${s.state}; it goes on in the background and ${result} will be sent when it is done.` };
    if (!(await pause(progress.shown?.() === false ? Math.min(every, FOLLOW_HELD_EVERY_MS) : every, progress.signal))) return { kind: 'text', text: `${what} is still ${s.state}; the bot is stopping, the job goes on and ${result} will be sent when it is done.` };
  }
}
