/**
 * /sweep on the real research service (support/realResearch.ts: the ResearchQueue over Agenda on the MongoDB test
 * server, the real sweep job running the sweep runner over the engine fixture's bars): the grid, rank and top
 * queued for the requester (read from the queue), the progress following the job step by step (the bars held at the
 * data edge, support/heldHistory.ts) to the ranked table the job sends, the refusals, and /help.
 */
import { MAX_SWEEP_COMBINATIONS } from '../../src/services/api/research';
import { NOW, type EngineFixture } from './support/engineServices';
import { Harness, trader, viewer } from './support/harness';
import type { HeldHistory } from './support/heldHistory';
import { followInSteps, useResearchBench, type RealResearch } from './support/realResearch';

const bench = useResearchBench('cmd_sweep_queue');
let held: HeldHistory;
let fx: EngineFixture;
let research: RealResearch;
let h: Harness;

beforeEach(() => ({ held, fx, research, h } = bench()));

describe('/sweep', () => {
  test('queues a grid with rank and top for the requester and follows it: queued → running → done, the ranked table sent to them', async () => {
    const r = await h.reply('/sweep sma-cross RELIANCE fast=5,10,20 slow=50,100 from=2023-06-01 to=2024-12-31 rank=sortino top=3', trader);
    expect(r.kind === 'progress' && r.title).toBe('Sweep of sma-cross on RELIANCE (6 combinations) queued…');
    const request = { strategy: 'sma-cross', symbols: ['RELIANCE'], grid: { fast: ['5', '10', '20'], slow: ['50', '100'] }, from: '2023-06-01', to: '2024-12-31', rankBy: 'sortino', top: 3 };
    const queued = await research.jobs('sweep');
    expect(queued.map((j) => j.data)).toEqual([{ request, to: trader.id }]);

    // Held at its bars, a sweep is running without a figure (it reports progress per combination run).
    const { updates, done } = await followInSteps(research, held, r, String(queued[0]!._id), { state: 'running' });
    expect(updates).toEqual(['Sweep of sma-cross: queued, waiting for a worker…', 'Sweep of sma-cross: running…']);
    // The job's ranked table: the best three of six by sortino, to the requester; the progress ends naming the best.
    expect(research.notify.sent).toHaveLength(1);
    const table = research.notify.sent[0]!;
    expect([table.kind, table.to, table.title]).toEqual(['summary', trader.id, 'Sweep sma-cross on RELIANCE: best 3 of 6 by sortino']);
    const rows = (table.fields ?? []).map((f) => f.name);
    expect(rows).toEqual([expect.stringMatching(/^1\. fast=(5|10|20) slow=(50|100)$/), expect.stringMatching(/^2\. /), expect.stringMatching(/^3\. /)]);
    expect(await h.render(done)).toBe(`Sweep of sma-cross done: 6 combinations, best ${rows[0]!.slice('1. '.length)} — the ranked table is sent to you as its own message.`);
  });

  test('refuses a grid without parameters, one too large, a bad top or rank, an unknown strategy, and viewers — nothing queued', async () => {
    expect(await h.text('/sweep sma-cross RELIANCE', trader)).toMatch(/^✖ Wrong arguments for \/sweep: grid: name at least one parameter with the values to try, e\.g\. fast=5,10,20; usage: \/sweep/);
    const fifty = Array.from({ length: 50 }, (_, i) => String(i + 1)).join(',');
    expect(await h.text(`/sweep sma-cross RELIANCE fast=${fifty} slow=${fifty}`, trader)).toMatch(
      new RegExp(`grid: that grid makes 2500 combinations, more than the ${MAX_SWEEP_COMBINATIONS} a sweep may try; give fewer values`),
    );
    expect(await h.text('/sweep sma-cross RELIANCE fast=5,10 top=50', trader)).toMatch(/top: expected at most 20/);
    expect(await h.text('/sweep sma-cross RELIANCE fast=5,10', viewer)).toMatch(/needs the trader role/);
    expect(await h.text('/sweep sma-cross RELIANCE fast=5,10 rank=luck', trader)).toMatch(/^✖ Cannot rank by "luck"; use one of sharpe, /);
    expect(await h.text('/sweep nope RELIANCE fast=5,10', trader)).toMatch(/^✖ Unknown strategy "nope"; known: /);
    expect(await research.jobs('sweep')).toHaveLength(0);
  });

  test('a build without the research queue says so', async () => {
    expect(await new Harness(fx.services, NOW).text('/sweep sma-cross RELIANCE fast=5,10', trader)).toBe(
      '✖ The research queue (sweeps) is not available in this build yet; send /help to see what you can do now.',
    );
  });
});

describe('/help', () => {
  test('lists /sweep for traders and explains it', async () => {
    expect(await h.text('/help', trader)).toMatch(/\/sweep[^\n]*Sweep strategy parameters over a grid/);
    expect(await h.text('/help sweep', trader)).toMatch(/Usage: \/sweep <strategy> <symbols> <param>=<v1,v2,…> … \[from\] \[to\] \[interval\] \[rank=sharpe\] \[top=5\]\nExample: \/sweep sma-cross RELIANCE fast=5,10,20/);
  });
});
