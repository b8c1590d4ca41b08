/**
 * /backtest through the research queue, on the real research service (support/realResearch.ts: the ResearchQueue
 * over Agenda on the MongoDB test server, the real backtest job running the engine fixture's backtest service):
 * what is queued for whom (read from the queue), how the progress message follows the job step by step (the bars
 * held at the data edge, support/heldHistory.ts), and what people see when a run is refused, fails, is gone, or
 * cannot be queued.
 */
import { ObjectId } from 'mongodb';
import type { Reply } from '../../src/core/reply';
import { ResearchQueue } from '../../src/jobs/researchQueue';
import { NOW, type EngineFixture } from './support/engineServices';
import { Harness, trader, viewer } from './support/harness';
import type { HeldHistory } from './support/heldHistory';
import { followInSteps, outcomeOf, useResearchBench, type RealResearch } from './support/realResearch';

const bench = useResearchBench('cmd_backtest_queue');
let held: HeldHistory;
let fx: EngineFixture;
let research: RealResearch;
let h: Harness;

beforeEach(() => ({ held, fx, research, h } = bench()));

/** The id of the one backtest in the queue. */
async function onlyJob(): Promise<string> {
  const queued = await research.jobs('backtest');
  expect(queued).toHaveLength(1);
  return String(queued[0]!._id);
}

/** A backtest held at its bars: running, its first progress report (0 %) stored. */
const RUNNING = { state: 'running', percent: 0 } as const;
const REQUEST = { strategy: 'sma-cross', symbols: ['RELIANCE', 'TCS'], from: '2023-06-01', to: '2024-06-01', params: { fast: '10' } };

describe('/backtest through the research queue', () => {
  test('queues the run for the requester; the progress follows the job: queued → running 0 % → done with its outcome; the worker ran it', async () => {
    const r = await h.reply('/backtest sma-cross RELIANCE,TCS from=2023-06-01 to=2024-06-01 fast=10', trader);
    expect(r.kind === 'progress' && r.title).toBe('Backtest of sma-cross on RELIANCE, TCS queued…');
    const queued = await research.jobs('backtest');
    expect(queued.map((j) => j.data)).toEqual([{ request: REQUEST, to: trader.id }]);
    const jobId = String(queued[0]!._id);

    const { updates, done } = await followInSteps(research, held, r, jobId, RUNNING);
    expect(updates).toEqual(['Backtest of sma-cross: queued, waiting for a worker…', 'Backtest of sma-cross: running 0 %…']);
    expect(await h.render(done)).toBe(`Backtest of sma-cross done: ${await outcomeOf(fx.services.backtest!, REQUEST)} — the result card is sent to you as its own message.`);
    // The worker process ran it (not the process that answered the chat) and sent the card to the requester.
    expect(await research.ranBy(jobId)).toEqual(['worker']);
    expect(research.notify.sent.map((n) => [n.kind, n.to, n.title])).toEqual([['summary', trader.id, 'Backtest sma-cross on RELIANCE, TCS, 2023-06-01 → 2024-06-01 (day) — synthetic data']]);
  });

  test('the real checks refuse an unknown strategy or symbol before anything is queued; viewers may not queue', async () => {
    expect(await h.text('/backtest nope TCS', trader)).toBe('✖ Unknown strategy "nope"; known: mean-reversion, momentum, multi-factor, sma-cross.');
    expect(await h.text('/backtest sma-cross NOPE', trader)).toBe('✖ NOPE is not a symbol of this test market; check the spelling (Kite names it, e.g. RELIANCE or BAJAJ-AUTO).');
    expect(await h.text('/backtest sma-cross TCS', viewer)).toMatch(/needs the trader role/);
    expect(await research.jobs('backtest')).toHaveLength(0);
  });

  test("a run refused when it reads its bars ends on one line; the job's own notice carries the reason", async () => {
    const reason = 'The historical data service refused the request: the Kite session has expired; send /login.';
    const r = await h.reply('/backtest sma-cross TCS from=2023-06-01 to=2024-06-01', trader);
    const { updates, done } = await followInSteps(research, held, r, await onlyJob(), RUNNING, { kind: 'refuse', reason });
    expect(updates).toEqual(['Backtest of sma-cross: queued, waiting for a worker…', 'Backtest of sma-cross: running 0 %…']);
    expect(await h.render(done)).toBe('✖ Backtest of sma-cross was not run — the reason is sent to you as its own message.');
    expect(research.notify.sent).toEqual([{ kind: 'system', severity: 'warning', title: 'Backtest of sma-cross not run', text: reason, to: trader.id }]);
  });

  test('a run that fails after its retries ends with the failure (nobody else told it)', async () => {
    const r = await h.reply('/backtest sma-cross TCS from=2023-06-01 to=2024-06-01', trader);
    const jobId = await onlyJob();
    const { done } = await followInSteps(research, held, r, jobId, RUNNING, { kind: 'outage', message: 'connect ECONNREFUSED 127.0.0.1:443' });
    expect(await h.render(done)).toBe('✖ backtest crashed: connect ECONNREFUSED 127.0.0.1:443');
    // Both attempts (the first and its one retry) were the worker's.
    expect(await research.ranBy(jobId)).toEqual(['worker', 'worker']);
    expect(research.notify.sent).toHaveLength(0);
  });

  test('a job no longer in the queue (its document removed) is said so', async () => {
    const r: Reply = await h.reply('/backtest sma-cross TCS from=2023-06-01 to=2024-06-01', trader);
    expect((await bench().jobsDb.db().collection('agendaJobs').deleteOne({ _id: new ObjectId(await onlyJob()) })).deletedCount).toBe(1);
    if (r.kind !== 'progress') throw new Error('not a progress reply');
    expect(await h.render(await r.run({ update: () => undefined }))).toBe('✖ Backtest of sma-cross is no longer in the job queue; send the command again.');
  });

  test('a queue whose job scheduler has not started refuses to queue', async () => {
    const unbound = new ResearchQueue();
    unbound.checkBacktestsWith(fx.services.backtest!);
    expect(await new Harness({ ...fx.services, research: unbound }, NOW).text('/backtest sma-cross TCS', trader)).toBe(
      '✖ Queued backtests are not available until the job queue has started; try again in a moment.',
    );
  });

  test('without the research queue /backtest runs inline as before', async () => {
    expect(fx.services.research).toBeUndefined();
    const r = await new Harness(fx.services, NOW).reply('/backtest momentum TCS', trader);
    expect(r.kind === 'progress' && r.title).toBe('Backtesting momentum on TCS…');
    expect(await h.render(r)).toMatch(/\nBacktest momentum on TCS, /);
    expect(await research.jobs('backtest')).toHaveLength(0);
  });
});
