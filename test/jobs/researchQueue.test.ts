/**
 * Backtests and sweeps from chat as queued jobs, end to end below the chat layer: the research queue enqueues on
 * a real JobScheduler (Agenda on the MongoDB test server), the real backtest / sweep jobs run the real backtest
 * service and sweep runner over the app's synthetic history, and the requester gets the notification while the
 * status goes queued → done. With two schedulers, the "main" only enqueues and the "worker" runs the job.
 */
import { join } from 'node:path';
import { ResearchQueue, researchSweeps } from '../../src/jobs/researchQueue';
import { syntheticHistory } from '../../src/app/syntheticHistory';
import { BacktestRunner } from '../../src/backtest/backtestRunner';
import { MemoryResultRepository } from '../../src/backtest/resultRepository';
import { SimulatedClock } from '../../src/core/clock';
import { userId } from '../../src/core/ids';
import { discoverStrategies } from '../../src/strategyLoader/discoverStrategies';
import { backtestJob } from '../../src/jobs/backtestJob';
import type { Job } from '../../src/jobs/job';
import { sweepJob } from '../../src/jobs/sweepJob';
import type { ResearchJobStatus } from '../../src/services/api/research';
import { backtestService, historyData } from '../../src/services/engine/backtestService';
import { fastScheduler, RecordingNotify, TRADING_MORNING, until, useSchedulerDb } from './support';

const strategiesDir = join(__dirname, '..', '..', 'strategies');
const discovered = discoverStrategies(strategiesDir);
if (!discovered.ok) throw new Error(discovered.error);
const registry = discovered.value;
const clock = new SimulatedClock(TRADING_MORNING);
const history = syntheticHistory();
const ASHA = userId('telegram:42');

const jobsDb = useSchedulerDb('app_research_queue', 2000);
const track = jobsDb.track;

/**
 * The real research jobs over the real engine pieces, notifying into `notify`. Their 5-minute lock lifetime is
 * shortened like the scheduler's: Agenda keeps a lock-check timer of half the lifetime after each run.
 */
function researchJobs(notify: RecordingNotify): Job[] {
  const backtest = backtestService({ runner: new BacktestRunner({ repository: new MemoryResultRepository() }), strategies: registry, data: historyData(history), clock });
  const jobs = [backtestJob({ backtest, notify }), sweepJob({ sweeps: researchSweeps({ strategies: registry, strategiesDir, history, clock, workers: 1 }), notify })];
  return jobs.map((j) => ({ ...j, lockLifetimeMs: 1500 }));
}

/** Polls the status until it is final, collecting the distinct states seen. */
async function followToEnd(queue: ResearchQueue, jobId: string): Promise<{ seen: string[]; last: ResearchJobStatus }> {
  const seen: string[] = [];
  let last: ResearchJobStatus = { state: 'unknown' };
  await until(async () => {
    last = await queue.jobStatus(jobId);
    if (seen.at(-1) !== last.state) seen.push(last.state);
    return last.state === 'done' || last.state === 'failed';
  });
  return { seen, last };
}

describe('research queue on the job scheduler', () => {
  test('a queued backtest is run by the job, notified to the requester with its summary, and reported done', async () => {
    const notify = new RecordingNotify();
    const s = track(fastScheduler(jobsDb.uri(), researchJobs(notify), { worker: 'solo' }));
    const queue = new ResearchQueue();
    expect(await queue.enqueueBacktest({ strategy: 'sma-cross', symbols: ['RELIANCE'], params: {} }, ASHA)).toEqual({
      ok: false,
      error: 'Queued backtests are not available until the job queue has started; try again in a moment.',
    });
    queue.bind(s);
    await s.start({ schedule: false });

    const queued = await queue.enqueueBacktest({ strategy: 'sma-cross', symbols: ['RELIANCE'], from: '2022-01-01', to: '2023-12-31', params: { fast: '5', slow: '20' } }, ASHA);
    if (!queued.ok) throw new Error(queued.error);
    const { seen, last } = await followToEnd(queue, queued.value.jobId);
    // The job starts at once (this process has a free worker), so a loaded machine may first see it already done;
    // never 'unknown' or 'failed'.
    expect(['queued', 'running', 'done']).toContain(seen[0]);
    expect(seen.at(-1)).toBe('done');
    expect(last.state === 'done' && last.outcome).toMatch(/^return -?\d+\.\d{2} %, \d+ trades$/);

    await until(() => notify.sent.length > 0);
    const card = notify.sent[0]!;
    expect(card).toMatchObject({ kind: 'summary', to: 'telegram:42', title: 'Backtest sma-cross on RELIANCE, 2022-01-03 → 2023-12-29 (day) — synthetic data' });
    // The one backtest card, as chat shows it in the process: its figures in the same order, and its Run in paper button.
    expect(card.actions).toEqual([{ label: 'Run in paper', command: '/run sma-cross RELIANCE fast=5 slow=20' }]);
    expect((card.fields ?? []).map((f) => f.name)).toEqual(['Final equity', 'Return', 'CAGR', 'Max drawdown', 'Sharpe', 'Trades', 'Win rate', 'Charges']);
    expect(card.image?.subarray(1, 4).toString()).toBe('PNG');
    // The job's progress went through Agenda's touch(progress) onto the job document.
    expect((await jobsDb.db().collection('agendaJobs').findOne({ name: 'backtest' }))?.progress).toBe(100);
  });

  test('a refused backtest ends failed with the reason, which the requester is told', async () => {
    const notify = new RecordingNotify();
    const s = track(fastScheduler(jobsDb.uri(), researchJobs(notify)));
    const queue = new ResearchQueue();
    queue.bind(s);
    await s.start({ schedule: false });
    const queued = await queue.enqueueBacktest({ strategy: 'nope', symbols: ['TCS'], params: {} }, ASHA);
    if (!queued.ok) throw new Error(queued.error);
    const { last } = await followToEnd(queue, queued.value.jobId);
    expect(last).toEqual({ state: 'failed', reason: expect.stringMatching(/^Unknown strategy "nope"/), notified: true });
    expect(notify.sent[0]).toMatchObject({ kind: 'system', to: 'telegram:42', title: 'Backtest of nope not run' });
  });

  test('with two processes, the main only enqueues and the worker runs the sweep (run log names it)', async () => {
    const mainNotify = new RecordingNotify();
    const workerNotify = new RecordingNotify();
    // The main process polls once at start and then not for an hour, and does not start what it queues: it only enqueues and reads status.
    const main = track(fastScheduler(jobsDb.uri(), researchJobs(mainNotify), { worker: 'main', processEveryMs: 3_600_000, startQueuedAtOnce: false }));
    const worker = track(fastScheduler(jobsDb.uri(), researchJobs(workerNotify), { worker: 'worker' }));
    const queue = new ResearchQueue();
    queue.bind(main);
    await main.start({ schedule: false });

    const queued = await queue.enqueueSweep({ strategy: 'sma-cross', symbols: ['TCS'], from: '2022-01-01', to: '2023-12-31', grid: { fast: ['5', '10'], slow: ['20', '40'] }, top: 3 }, ASHA);
    if (!queued.ok) throw new Error(queued.error);
    expect(await queue.jobStatus(queued.value.jobId)).toEqual({ state: 'queued' });

    await worker.start({ schedule: false });
    const { seen, last } = await followToEnd(queue, queued.value.jobId);
    expect(seen[0]).toBe('queued');
    expect(seen.at(-1)).toBe('done');
    expect(last.state === 'done' && last.outcome).toMatch(/^4 combinations, best fast=\d+ slow=\d+$/);
    const runs = await jobsDb.db().collection('job_runs').find({ jobId: queued.value.jobId }).toArray();
    expect(runs.map((r) => r.worker)).toEqual(['worker']);

    expect(mainNotify.sent).toHaveLength(0);
    expect(workerNotify.sent).toHaveLength(1);
    const table = workerNotify.sent[0]!;
    expect(table).toMatchObject({ kind: 'summary', to: 'telegram:42', title: 'Sweep sma-cross on TCS: best 3 of 4 by sharpe' });
    expect((table.fields ?? []).map((f) => f.name)).toEqual([expect.stringMatching(/^1\. fast=\d+ slow=\d+$/), expect.stringMatching(/^2\. /), expect.stringMatching(/^3\. /)]);
  });

  test('refuses sweeps without parameters, over the combination cap or ranked by an unknown metric, before queueing', async () => {
    const s = track(fastScheduler(jobsDb.uri(), researchJobs(new RecordingNotify())));
    const queue = new ResearchQueue();
    queue.bind(s);
    await s.start({ schedule: false });
    const base = { strategy: 'sma-cross', symbols: ['TCS'] };
    expect(await queue.enqueueSweep({ ...base, grid: {} }, ASHA)).toEqual({ ok: false, error: 'Name at least one parameter with values to sweep, e.g. fast=5,10,20.' });
    const many = Array.from({ length: 45 }, (_, i) => String(i + 1));
    expect(await queue.enqueueSweep({ ...base, grid: { fast: many, slow: many } }, ASHA)).toEqual({
      ok: false,
      error: 'That grid makes 2025 combinations, more than the 2000 a sweep may try; give fewer values.',
    });
    const luck = await queue.enqueueSweep({ ...base, grid: { fast: ['5'] }, rankBy: 'luck' }, ASHA);
    expect(!luck.ok && luck.error).toMatch(/^Cannot rank by "luck"; use one of sharpe/);
    expect(await jobsDb.db().collection('agendaJobs').countDocuments({ name: 'sweep' })).toBe(0);
    expect(await queue.jobStatus('not-a-job')).toEqual({ state: 'unknown' });
  });
});
