/**
 * The research service of the command tests is the product's: the ResearchQueue (src/jobs/researchQueue.ts),
 * checking backtests with the backtest service and bound to a real JobScheduler (Agenda on the MongoDB test server,
 * or on MONGODB_URI) — as src/app/engineStack.ts wires it — whose real backtest and sweep jobs run the engine
 * fixture's backtest service and the sweep runner over the same bars. Two schedulers share the database, like the
 * bot and a `--worker` process: `main` queues and reads the status but takes no job; the worker takes them once the
 * test starts it, so a test decides when a job leaves "queued"; with the bars held (heldHistory.ts), when it leaves
 * "running". What the jobs notify is recorded (RecordingNotify). Every wait is for something seen in the queue.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Collection, Document } from 'mongodb';
import type { Clock } from '../../../src/core/clock';
import type { ProgressHandle, Reply } from '../../../src/core/reply';
import { unwrap } from '../../../src/core/result';
import { backtestJob } from '../../../src/jobs/backtestJob';
import type { JobScheduler } from '../../../src/jobs/jobScheduler';
import { ResearchQueue, researchSweeps } from '../../../src/jobs/researchQueue';
import { sweepJob } from '../../../src/jobs/sweepJob';
import type { BacktestRequest, BacktestService } from '../../../src/services/api/backtest';
import type { ResearchJobStatus } from '../../../src/services/api/research';
import type { BarHistory } from '../../../src/services/engine/barHistory';
import { discoverStrategies } from '../../../src/strategyLoader/discoverStrategies';
import { fastScheduler, RecordingNotify, useSchedulerDb, type SchedulerDb } from '../../jobs/support';
import { eventually } from '../../support/e2e/waiting';
import { engineFixture, history, NOW, STRATEGIES_DIR, type EngineFixture } from './engineServices';
import { Harness } from './harness';
import { HeldHistory, type HistoryAnswer } from './heldHistory';

export { useSchedulerDb as useResearchDb } from '../../jobs/support';

export interface RealResearch {
  readonly queue: ResearchQueue;
  /** What the jobs sent to their requesters. */
  readonly notify: RecordingNotify;
  /** Starts the worker process that takes the queued jobs. */
  startWorker(): Promise<void>;
  /** Every job queued under `name`: its document in Agenda's collection (`_id`, and the `data` the worker gets). */
  jobs(name: string): Promise<Document[]>;
  /** The worker names in the job's run history (who ran it). */
  ranBy(jobId: string): Promise<string[]>;
}

export interface RealResearchOptions {
  readonly backtest: BacktestService;
  /** The bars the sweeps read (the backtest service's own). */
  readonly history: BarHistory;
  readonly clock: Clock;
}

export async function realResearch(jobsDb: SchedulerDb, o: RealResearchOptions): Promise<RealResearch> {
  const notify = new RecordingNotify();
  const strategies = unwrap(discoverStrategies(STRATEGIES_DIR));
  const jobs = [
    backtestJob({ backtest: o.backtest, notify }),
    sweepJob({ sweeps: researchSweeps({ strategies, strategiesDir: STRATEGIES_DIR, history: o.history, clock: o.clock, workers: 1 }), notify }),
  ];
  const scheduler = (worker: string, over: { processEveryMs?: number; startQueuedAtOnce?: boolean } = {}): JobScheduler =>
    jobsDb.track(fastScheduler(jobsDb.uri(), jobs, { worker, ...over }));
  // The main process polls once at start (the queue is empty then) and not again for an hour.
  const main = scheduler('main', { processEveryMs: 3_600_000, startQueuedAtOnce: false });
  const worker = scheduler('worker');
  const queue = new ResearchQueue();
  queue.checkBacktestsWith(o.backtest);
  queue.bind(main);
  unwrap(await main.start({ schedule: false }));
  const agendaJobs = (): Collection => jobsDb.db().collection('agendaJobs');
  return {
    queue,
    notify,
    startWorker: async () => unwrap(await worker.start({ schedule: false })),
    jobs: (name) => agendaJobs().find({ name }).toArray(),
    ranBy: async (jobId) => (await jobsDb.db().collection('job_runs').find({ jobId }).toArray()).map((r) => String(r.worker)),
  };
}

export interface ResearchBench {
  readonly jobsDb: SchedulerDb;
  /** The bars of the fixture's backtests and sweeps, held when a test asks. */
  readonly held: HeldHistory;
  readonly fx: EngineFixture;
  readonly research: RealResearch;
  /** The dispatcher over the fixture's services with `research` the real queue. */
  readonly h: Harness;
}

/**
 * A job database for the test file (`label`) and, before each test, a fresh bench: the fixture over held bars, the
 * real research service over its backtest service, a harness queuing through it. Returns the current bench.
 */
export function useResearchBench(label: string): () => ResearchBench {
  const jobsDb = useSchedulerDb(label, 2000);
  let bench: ResearchBench | undefined;
  beforeEach(async () => {
    const held = new HeldHistory(history);
    const fx = await engineFixture({ history: held });
    const research = await realResearch(jobsDb, { backtest: fx.services.backtest!, history: held, clock: fx.clock });
    bench = { jobsDb, held, fx, research, h: new Harness({ ...fx.services, research: research.queue }, NOW) };
  });
  return () => {
    if (!bench) throw new Error('the research bench is made before each test');
    return bench;
  };
}

/**
 * The line the backtest job records for a run of `req` (its return and trade count), from the backtest service's
 * own run of it (the runner keeps the result of an identical request: the job's run and this one are the same).
 */
export async function outcomeOf(backtest: BacktestService, req: BacktestRequest): Promise<string> {
  const r = await backtest.run(req, () => undefined);
  if (!r.ok) throw new Error(r.error);
  return `return ${(r.value.totalReturn * 100).toFixed(2)} %, ${r.value.trades} trades`;
}

/** Resolves with the job's status once `settled` says it is the one the test waits for. */
export function statusOf(research: RealResearch, jobId: string, what: string, settled: (s: ResearchJobStatus) => boolean): Promise<ResearchJobStatus> {
  return eventually(what, async () => {
    const s = await research.queue.jobStatus(jobId);
    return settled(s) ? s : undefined;
  });
}

/**
 * Starts the worker with the bars held and resolves once the job's run waits at them and its status is `running`
 * (a backtest has stored 0 % by then; a sweep reports no figure before its bars).
 */
export async function runningAtBars(research: RealResearch, held: HeldHistory, jobId: string, running: ResearchJobStatus): Promise<void> {
  held.hold();
  await research.startWorker();
  await held.waiting();
  await statusOf(research, jobId, `the job ${JSON.stringify(running)}`, (s) => isDeepStrictEqual(s, running));
}

/** Lets the held bars through with `answer` and resolves once the job has ended (done, or failed after its retries). */
export async function endOf(research: RealResearch, held: HeldHistory, jobId: string, answer?: HistoryAnswer): Promise<ResearchJobStatus> {
  held.release(answer);
  return statusOf(research, jobId, 'the job to end', (s) => s.state === 'done' || s.state === 'failed');
}

export interface Stepped {
  /** The progress message's edits, in order. */
  readonly updates: string[];
  /** What the progress reply ended with. */
  readonly done: Reply;
}

/**
 * Follows the progress reply of the queued job `jobId` one step at a time: when the message says "queued", the
 * job is brought to its held bars (runningAtBars) before the follower looks again; when it says "running", the bars
 * are let through with `answer` and the follower looks again once the job has ended. So the follower sees each state
 * exactly once, however fast or slow the machine is.
 */
export async function followInSteps(research: RealResearch, held: HeldHistory, reply: Reply, jobId: string, running: ResearchJobStatus, answer?: HistoryAnswer): Promise<Stepped> {
  if (reply.kind !== 'progress') throw new Error(`expected a progress reply, got ${reply.kind}`);
  const updates: string[] = [];
  const handle: ProgressHandle = {
    async update(text) {
      updates.push(text);
      if (text.endsWith(': queued, waiting for a worker…')) await runningAtBars(research, held, jobId, running);
      else if (/: running( \d+ %)?…$/.test(text)) await endOf(research, held, jobId, answer);
    },
  };
  return { updates, done: await reply.run(handle) };
}
