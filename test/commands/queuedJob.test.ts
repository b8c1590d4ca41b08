/**
 * followQueuedJob (commands/lib/queuedJob.ts) following real jobs of the real research service
 * (support/realResearch.ts): its bound, a transport that stops, and each outcome told once — a refusal the job told
 * itself, a failure after the retries, a job done before or after any progress was shown. Jobs are held queued (no
 * worker yet) or running (their bars held, support/heldHistory.ts) while the follower looks.
 */
import { followQueuedJob } from '../../commands/lib/queuedJob';
import type { ProgressHandle } from '../../src/core/reply';
import type { BacktestRequest } from '../../src/services/api/backtest';
import { trader } from './support/harness';
import type { HeldHistory, HistoryAnswer } from './support/heldHistory';
import { endOf, outcomeOf, runningAtBars, statusOf, useResearchBench, type RealResearch } from './support/realResearch';

const bench = useResearchBench('cmd_queued_job');
const REQUEST: BacktestRequest = { strategy: 'sma-cross', symbols: ['TCS'], from: '2023-06-01', to: '2024-06-01', params: {} };
let held: HeldHistory;
let research: RealResearch;
let outcome: string;

beforeEach(async () => {
  const { fx } = bench();
  ({ held, research } = bench());
  outcome = await outcomeOf(fx.services.backtest!, REQUEST);
});

async function enqueue(): Promise<string> {
  const queued = await research.queue.enqueueBacktest(REQUEST, trader.id);
  if (!queued.ok) throw new Error(queued.error);
  return queued.value.jobId;
}

const RUNNING = { state: 'running', percent: 0 } as const;

/** Brings the job to its held bars, lets them through with `answer`, and resolves once the job has ended. */
async function ended(jobId: string, answer?: HistoryAnswer): Promise<void> {
  await runningAtBars(research, held, jobId, RUNNING);
  await endOf(research, held, jobId, answer);
}

const handle = (shown: boolean, updates: string[]): ProgressHandle => ({ update: (t) => void updates.push(t), shown: () => shown });

describe('followQueuedJob', () => {
  test('stops following after its bound and says the job goes on', async () => {
    const id = await enqueue();
    await runningAtBars(research, held, id, RUNNING);
    let t = 0;
    const updates: string[] = [];
    const r = await followQueuedJob(research.queue, id, 'Backtest of x', 'the result card', { update: (s) => void updates.push(s) }, { everyMs: 1, maxMs: 5, now: () => (t += 2) });
    expect(r).toEqual({ kind: 'text', text: 'Backtest of x is still running; it goes on in the background and the result card will be sent when it is done.' });
    expect(updates).toEqual(['Backtest of x: running 0 %…']);
    expect(await endOf(research, held, id)).toEqual({ state: 'done', outcome });
  });

  test('ends at once when the transport stops (its signal aborts), leaving the job to run', async () => {
    const id = await enqueue();
    const stopping = new AbortController();
    const updates: string[] = [];
    let shown: () => void = () => undefined;
    const firstUpdate = new Promise<void>((resolve) => (shown = resolve));
    const following = followQueuedJob(research.queue, id, 'Backtest of x', 'the result card', { update: (s) => void (updates.push(s), shown()), signal: stopping.signal }, { everyMs: 3_600_000 });
    await firstUpdate;
    stopping.abort();
    expect(await following).toEqual({ kind: 'text', text: 'Backtest of x is still queued; the bot is stopping, the job goes on and the result card will be sent when it is done.' });
    expect(updates).toEqual(['Backtest of x: queued, waiting for a worker…']);
    // The job goes on: a worker takes it and it is done.
    await research.startWorker();
    expect(await statusOf(research, id, 'the job done', (s) => s.state !== 'queued' && s.state !== 'running')).toEqual({ state: 'done', outcome });
  });
});

describe('followQueuedJob: each outcome told once', () => {
  test('a refusal the job told the requester itself is not told again: nothing when no progress was shown, a closing line otherwise', async () => {
    const reason = 'There are no day bars of TCS between 2023-06-01 and 2024-06-01; pick other dates or another symbol.';
    const id = await enqueue();
    await ended(id, { kind: 'refuse', reason });
    expect(research.notify.sent).toEqual([{ kind: 'system', severity: 'warning', title: 'Backtest of sma-cross not run', text: reason, to: trader.id }]);
    expect(await followQueuedJob(research.queue, id, 'Backtest of x', 'the result card', handle(false, []))).toEqual({ kind: 'many', replies: [] });
    const shown = await followQueuedJob(research.queue, id, 'Backtest of x', 'the result card', handle(true, []));
    expect(shown).toEqual({ kind: 'text', text: '✖ Backtest of x was not run — the reason is sent to you as its own message.' });
    expect(JSON.stringify(shown)).not.toContain(reason);
  });

  test('a failure after the retries was told to no one: the follower tells it', async () => {
    const id = await enqueue();
    await ended(id, { kind: 'outage', message: 'socket hang up' });
    expect(research.notify.sent).toHaveLength(0);
    expect(await followQueuedJob(research.queue, id, 'Backtest of x', 'the result card', handle(false, []))).toEqual({ kind: 'error', message: 'backtest crashed: socket hang up' });
  });

  test('a job done before any progress was shown adds nothing to its result card; done after, one closing line', async () => {
    const id = await enqueue();
    const updates: string[] = [];
    // Held back (nothing shown): the follower sees the job queued, a worker then runs it, and the card is the one message.
    const heldBack = handle(false, []);
    const quiet = await followQueuedJob(research.queue, id, 'Backtest of x', 'the result card', { ...heldBack, update: async (t) => void (updates.push(t), await ended(id)) }, { everyMs: 1 });
    expect(quiet).toEqual({ kind: 'many', replies: [] });
    expect(updates).toEqual(['Backtest of x: queued, waiting for a worker…']);
    expect(await followQueuedJob(research.queue, id, 'Backtest of x', 'the result card', handle(true, []))).toEqual({ kind: 'text', text: `Backtest of x done: ${outcome} — the result card is sent to you as its own message.` });
  });
});
