/**
 * /backtest and /sweep over the research port (queued jobs): what is queued for whom, how the progress
 * message follows the job, and the errors people see. The port is a scripted fake of our own interface.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCommandRegistry } from '../../commands';
import { followQueuedJob } from '../../commands/lib/queuedJob';
import type { Reply } from '../../src/core/reply';
import { MAX_SWEEP_COMBINATIONS } from '../../src/services/api/research';
import { Harness, trader, viewer } from './support/harness';
import type { BacktestService } from '../../src/services/api/backtest';
import { engineFixture } from './support/engineServices';
import { ScriptedResearch } from './support/testResearch';

const NOW = Date.UTC(2025, 11, 23, 5, 0);
let research: ScriptedResearch;
/** The real backtest service (over the fixture's seeded bars), counting the runs it is asked for. */
let backtest: BacktestService;
let runs: number;
let h: Harness;

beforeEach(async () => {
  research = new ScriptedResearch();
  const real = (await engineFixture()).services.backtest!;
  runs = 0;
  backtest = { check: (req) => real.check(req), run: (req, onProgress) => (runs++, real.run(req, onProgress)) };
  h = new Harness({ research, backtest }, NOW);
});

async function follow(r: Reply): Promise<{ updates: string[]; last: string }> {
  expect(r.kind).toBe('progress');
  if (r.kind !== 'progress') throw new Error('not a progress reply');
  const updates: string[] = [];
  const done = await r.run({ update: (t) => void updates.push(t) });
  return { updates, last: await h.render(done) };
}

describe('/backtest through the research queue', () => {
  test('queues the run for the requester and follows it: queued → running → done', async () => {
    research.script = [{ state: 'queued' }, { state: 'running', percent: 40 }, { state: 'done', outcome: 'return 3.10 %, 4 trades' }];
    const r = await h.reply('/backtest sma-cross RELIANCE,TCS from=2021-01-01 to=2022-01-01 fast=10', trader);
    expect(r.kind === 'progress' && r.title).toBe('Backtest of sma-cross on RELIANCE, TCS queued…');
    expect(research.backtests).toEqual([
      { req: { strategy: 'sma-cross', symbols: ['RELIANCE', 'TCS'], from: '2021-01-01', to: '2022-01-01', params: { fast: '10' } }, requester: trader.id },
    ]);
    const { updates, last } = await follow(r);
    expect(updates).toEqual(['Backtest of sma-cross: queued, waiting for a worker…', 'Backtest of sma-cross: running 40 %…']);
    expect(last).toBe('Backtest of sma-cross done: return 3.10 %, 4 trades — the result card is sent to you as its own message.');
    expect(research.polled).toEqual(['bt-1', 'bt-1', 'bt-1']);
    // The inline runner is not used when the queue exists.
    expect(runs).toBe(0);
  });

  test('a refused or failed run ends with its reason; a refusal to queue is the reply', async () => {
    research.script = [{ state: 'failed', reason: 'Unknown strategy "nope"; known: momentum, sma-cross.' }];
    expect((await follow(await h.reply('/backtest nope TCS', trader))).last).toBe('✖ Unknown strategy "nope"; known: momentum, sma-cross.');
    research.script = [{ state: 'unknown' }];
    expect((await follow(await h.reply('/backtest sma-cross TCS', trader))).last).toBe('✖ Backtest of sma-cross is no longer in the job queue; send the command again.');
    research.refuse = 'Queued backtests are not available until the job queue has started; try again in a moment.';
    expect(await h.text('/backtest sma-cross TCS', trader)).toBe('✖ Queued backtests are not available until the job queue has started; try again in a moment.');
  });

  test('without the research port /backtest runs inline as before', async () => {
    const inline = new Harness({ backtest }, NOW);
    const r = await inline.reply('/backtest momentum TCS', trader);
    expect(r.kind === 'progress' && r.title).toBe('Backtesting momentum on TCS…');
    expect((await follow(r)).last).toMatch(/^Backtest momentum on TCS, /);
    expect(runs).toBe(1);
  });
});

describe('/sweep', () => {
  test('queues a grid with rank and top for the requester and follows it', async () => {
    research.script = [{ state: 'running' }, { state: 'done', outcome: '6 combinations, best fast=5 slow=50' }];
    const r = await h.reply('/sweep sma-cross RELIANCE fast=5,10,20 slow=50,100 from=2021-01-01 rank=sortino top=3', trader);
    expect(r.kind === 'progress' && r.title).toBe('Sweep of sma-cross on RELIANCE (6 combinations) queued…');
    expect(research.sweeps).toEqual([
      { req: { strategy: 'sma-cross', symbols: ['RELIANCE'], grid: { fast: ['5', '10', '20'], slow: ['50', '100'] }, from: '2021-01-01', rankBy: 'sortino', top: 3 }, requester: trader.id },
    ]);
    const { updates, last } = await follow(r);
    expect(updates).toEqual(['Sweep of sma-cross: running…']);
    expect(last).toBe('Sweep of sma-cross done: 6 combinations, best fast=5 slow=50 — the ranked table is sent to you as its own message.');
  });

  test('refuses a grid without parameters, one too large, a bad top, viewers, and a build without the queue', async () => {
    expect(await h.text('/sweep sma-cross RELIANCE', trader)).toMatch(/^✖ Wrong arguments for \/sweep: grid: name at least one parameter with the values to try, e\.g\. fast=5,10,20; usage: \/sweep/);
    const fifty = Array.from({ length: 50 }, (_, i) => String(i + 1)).join(',');
    expect(await h.text(`/sweep sma-cross RELIANCE fast=${fifty} slow=${fifty}`, trader)).toMatch(
      new RegExp(`grid: that grid makes 2500 combinations, more than the ${MAX_SWEEP_COMBINATIONS} a sweep may try; give fewer values`),
    );
    expect(await h.text('/sweep sma-cross RELIANCE fast=5,10 top=50', trader)).toMatch(/top: expected at most 20/);
    expect(await h.text('/sweep sma-cross RELIANCE fast=5,10', viewer)).toMatch(/needs the trader role/);
    expect(research.sweeps).toHaveLength(0);
    research.refuse = 'Cannot rank by "luck"; use one of sharpe, sortino.';
    expect(await h.text('/sweep sma-cross RELIANCE fast=5,10 rank=luck', trader)).toBe('✖ Cannot rank by "luck"; use one of sharpe, sortino.');
    expect(await new Harness({ backtest }, NOW).text('/sweep sma-cross RELIANCE fast=5,10', trader)).toBe(
      '✖ The research queue (sweeps) is not available in this build yet; send /help to see what you can do now.',
    );
  });
});

describe('followQueuedJob', () => {
  test('stops following after its bound and says the job goes on', async () => {
    let t = 0;
    const updates: string[] = [];
    research.script = [{ state: 'running', percent: 12.4 }];
    const r = await followQueuedJob(research, 'sw-9', 'Sweep of x', 'the ranked table', { update: (s) => void updates.push(s) }, { everyMs: 1, maxMs: 5, now: () => (t += 2) });
    expect(r).toEqual({ kind: 'text', text: 'Sweep of x is still running; it goes on in the background and the ranked table will be sent when it is done.' });
    expect(updates).toEqual(['Sweep of x: running 12 %…']);
  });

  test('ends at once when the transport stops (its signal aborts), leaving the job to run', async () => {
    research.script = [{ state: 'queued' }];
    const stopping = new AbortController();
    const updates: string[] = [];
    const following = followQueuedJob(research, 'bt-7', 'Backtest of x', 'the result card', { update: (s) => void updates.push(s), signal: stopping.signal }, { everyMs: 3_600_000 });
    await new Promise((r) => setImmediate(r));
    stopping.abort();
    expect(await following).toEqual({ kind: 'text', text: 'Backtest of x is still queued; the bot is stopping, the job goes on and the result card will be sent when it is done.' });
    expect(updates).toEqual(['Backtest of x: queued, waiting for a worker…']);
  });
});

describe('followQueuedJob: each outcome told once', () => {
  const handle = (shown: boolean, updates: string[]) => ({ update: (t: string) => void updates.push(t), shown: () => shown });

  test('a refusal the job told the requester itself is not told again: nothing when no progress was shown, a closing line otherwise', async () => {
    const reason = 'There are no day bars of INFY between 2019-01-01 and 2019-06-01; pick other dates or another symbol.';
    research.script = [{ state: 'failed', reason, notified: true }];
    expect(await followQueuedJob(research, 'bt-1', 'Backtest of x', 'the result card', handle(false, []))).toEqual({ kind: 'many', replies: [] });
    research.script = [{ state: 'failed', reason, notified: true }];
    const shown = await followQueuedJob(research, 'bt-2', 'Backtest of x', 'the result card', handle(true, []));
    expect(shown).toEqual({ kind: 'text', text: '✖ Backtest of x was not run — the reason is sent to you as its own message.' });
    expect(JSON.stringify(shown)).not.toContain(reason);
    // A failure after the retries was told to no one: the follower tells it.
    research.script = [{ state: 'failed', reason: 'backtest crashed: out of memory' }];
    expect(await followQueuedJob(research, 'bt-3', 'Backtest of x', 'the result card', handle(false, []))).toEqual({ kind: 'error', message: 'backtest crashed: out of memory' });
  });

  test('a job done before any progress was shown adds nothing to its result card; done after, one closing line', async () => {
    research.script = [{ state: 'queued' }, { state: 'done', outcome: 'return 1.00 %, 2 trades' }];
    const updates: string[] = [];
    expect(await followQueuedJob(research, 'bt-4', 'Backtest of x', 'the result card', handle(false, updates), { everyMs: 1 })).toEqual({ kind: 'many', replies: [] });
    research.script = [{ state: 'done', outcome: 'return 1.00 %, 2 trades' }];
    expect(await followQueuedJob(research, 'bt-5', 'Backtest of x', 'the result card', handle(true, []))).toEqual({ kind: 'text', text: 'Backtest of x done: return 1.00 %, 2 trades — the result card is sent to you as its own message.' });
  });
});

describe('/help', () => {
  test('lists /sweep for traders and explains it', async () => {
    expect(await h.text('/help', trader)).toMatch(/\/sweep[^\n]*Sweep strategy parameters over a grid/);
    expect(await h.text('/help sweep', trader)).toMatch(/Usage: \/sweep <strategy> <symbols> <param>=<v1,v2,…> … \[from\] \[to\] \[interval\] \[rank=sharpe\] \[top=5\]\nExample: \/sweep sma-cross RELIANCE fast=5,10,20/);
  });
});

describe('README', () => {
  test('the command table lists every registered command with its role', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    for (const c of createCommandRegistry().all()) expect(readme).toContain(`| \`/${c.name}\` | ${c.role} |`);
  });
});
