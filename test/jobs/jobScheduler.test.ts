import { z } from 'zod';
import { istTime } from '../../src/calendar';
import { SimulatedClock } from '../../src/core/clock';
import { err, ok } from '../../src/core/result';
import { defineJob, done } from '../../src/jobs/job';
import type { JobRun } from '../../src/jobs/jobRuns';
import { countingJob, fastScheduler, RecordingNotify, until, useSchedulerDb } from './support';

const jobsDb = useSchedulerDb('jobs_scheduler');
const track = jobsDb.track;

const eod = (calls: number[]) =>
  defineJob({
    name: 'end-of-day-summary',
    summary: 'test: daily at 15:40 on trading days',
    schedule: { kind: 'daily', at: '15:40' },
    data: z.object({}),
    tradingDaysOnly: true,
    async run({ now }) {
      calls.push(now);
      return ok(done('summary sent'));
    },
  });

describe('JobScheduler', () => {
  test('upserts daily jobs as IST cron schedules once, however many processes start', async () => {
    const a = track(fastScheduler(jobsDb.uri(), [eod([])], { worker: 'a' }));
    const b = track(fastScheduler(jobsDb.uri(), [eod([])], { worker: 'b' }));
    expect((await a.start()).ok).toBe(true);
    expect((await b.start()).ok).toBe(true);
    const docs = await jobsDb.db().collection('agendaJobs').find({ name: 'end-of-day-summary' }).toArray();
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({ repeatInterval: '40 15 * * *', repeatTimezone: 'Asia/Kolkata', type: 'single' });
    const next = (docs[0]!.nextRunAt as Date).getTime();
    // the next run is at 15:40 IST of some day
    expect(new Date(next + 330 * 60_000).toISOString().slice(11, 16)).toBe('15:40');
    expect(next).toBeGreaterThan(Date.now());
  });

  test('runNow runs a job on a trading day and skips it on a holiday, saying so', async () => {
    const calls: number[] = [];
    const clock = new SimulatedClock(istTime('2025-12-23', '15:40'));
    const s = track(fastScheduler(jobsDb.uri(), [eod(calls)], { clock }));
    await s.start({ schedule: false });
    const run = await s.runNow('end-of-day-summary');
    expect(run.ok && run.value).toMatchObject({ name: 'end-of-day-summary', status: 'done', note: 'summary sent', attempt: 1 });

    clock.set(istTime('2025-12-25', '15:40'));
    const holiday = await s.runNow('end-of-day-summary');
    expect(holiday.ok && holiday.value).toMatchObject({ status: 'skipped', note: 'skipped: holiday (Christmas)' });
    clock.set(istTime('2025-12-27', '15:40'));
    const saturday = await s.runNow('end-of-day-summary');
    expect(saturday.ok && saturday.value).toMatchObject({ status: 'skipped', note: 'skipped: holiday (weekend)' });
    expect(calls).toEqual([istTime('2025-12-23', '15:40')]);
    expect((await s.history(10)).map((r) => r.status)).toEqual(['skipped', 'skipped', 'done']);

    const unknown = await s.runNow('nope');
    expect(unknown).toEqual(err('There is no job called "nope"; known jobs: end-of-day-summary.'));
  });

  test('invalid job data is refused before it is queued', async () => {
    const s = track(fastScheduler(jobsDb.uri(), [countingJob('count', new Map(), 'x')]));
    await s.start({ schedule: false });
    const r = await s.enqueue('count', { id: 'seven' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/^The data of job count is invalid at id: .+; schedule it again with valid data\.$/);
  });

  test('a failing job is retried with backoff and reported once; a recovering one is not reported', async () => {
    const notify = new RecordingNotify();
    let brokenCalls = 0;
    let flakyCalls = 0;
    const broken = defineJob({
      name: 'instruments-refresh',
      summary: 'always fails',
      schedule: { kind: 'on-demand' },
      data: z.object({}),
      retries: 2,
      async run() {
        brokenCalls++;
        return err('Kite instruments dump unavailable');
      },
    });
    const flaky = defineJob({
      name: 'candle-sync',
      summary: 'fails once',
      schedule: { kind: 'on-demand' },
      data: z.object({}),
      retries: 2,
      async run() {
        flakyCalls++;
        return flakyCalls === 1 ? err('timeout') : ok(done('synced'));
      },
    });
    const s = track(fastScheduler(jobsDb.uri(), [broken, flaky], { notify }));
    await s.start({ schedule: false });
    const first = await s.runNow('instruments-refresh');
    expect(first.ok && first.value).toMatchObject({ status: 'failed', note: 'Kite instruments dump unavailable', attempt: 1 });
    await until(async () => (await s.history(50, 'instruments-refresh')).length === 3);
    await until(() => notify.sent.length === 1);
    const runs = (await s.history(50, 'instruments-refresh')).reverse();
    expect(runs.map((r: JobRun) => r.attempt)).toEqual([1, 2, 3]);
    // exponential backoff: Agenda holds each retry back until its time (20 ms, then 40 ms after the failure)
    expect(runs[1]!.startedAt - runs[0]!.finishedAt).toBeGreaterThanOrEqual(20);
    expect(runs[2]!.startedAt - runs[1]!.finishedAt).toBeGreaterThanOrEqual(40);
    expect(notify.sent[0]).toMatchObject({ kind: 'system', severity: 'warning', title: 'Job instruments-refresh failed', text: 'Kite instruments dump unavailable' });
    expect(notify.sent[0]!.fields).toContainEqual({ name: 'Attempts', value: '3', inline: true });
    const stored = await jobsDb.db().collection('agendaJobs').findOne({ name: 'instruments-refresh' });
    expect(stored).toMatchObject({ failCount: 3, failReason: 'Kite instruments dump unavailable' });

    await s.runNow('candle-sync');
    await until(async () => (await s.history(50, 'candle-sync')).some((r) => r.status === 'done'));
    expect(flakyCalls).toBe(2);
    expect(brokenCalls).toBe(3);
    expect(notify.sent).toHaveLength(1);
  });

  test('a job this process queues starts at once, not on the next poll (polling every 10 minutes here)', async () => {
    const seen = new Map<number, string[]>();
    const s = track(fastScheduler(jobsDb.uri(), [countingJob('count', seen, 'here')], { processEveryMs: 600_000 }));
    await s.start({ schedule: false });
    for (const id of [1, 2]) {
      const queued = await s.enqueue('count', { id });
      if (!queued.ok) throw new Error(queued.error);
      await until(async () => (await s.status(queued.value)).state === 'done');
    }
    expect([...seen.entries()]).toEqual([
      [1, ['here']],
      [2, ['here']],
    ]);
  });

  test('two processes on one database never run the same job twice', async () => {
    const seen = new Map<number, string[]>();
    const a = track(fastScheduler(jobsDb.uri(), [countingJob('count', seen, 'a')], { worker: 'a' }));
    const b = track(fastScheduler(jobsDb.uri(), [countingJob('count', seen, 'b')], { worker: 'b' }));
    await Promise.all([a.start(), b.start()]);
    const N = 16;
    for (let id = 0; id < N; id++) expect((await (id % 2 ? a : b).enqueue('count', { id })).ok).toBe(true);
    await until(async () => (await jobsDb.db().collection('job_runs').countDocuments({ name: 'count' })) === N);
    await until(async () => (await jobsDb.db().collection('agendaJobs').countDocuments({ name: 'count', lockedAt: { $ne: null } })) === 0);
    expect([...seen.keys()].sort((x, y) => x - y)).toEqual(Array.from({ length: N }, (_, i) => i));
    for (const workers of seen.values()) expect(workers).toHaveLength(1);
    const workers = new Set((await a.history(N)).map((r) => r.worker));
    expect([...workers].every((w) => w === 'a' || w === 'b')).toBe(true);
  });

  test('a scheduled job survives a restart: the next process on the same database runs it', async () => {
    const seen = new Map<number, string[]>();
    const first = track(fastScheduler(jobsDb.uri(), [countingJob('count', seen, 'first')], { worker: 'first' }));
    await first.start({ schedule: false });
    const id = await first.enqueueAt('count', new Date(Date.now() + 400), { id: 7 });
    expect(id.ok).toBe(true);
    await first.stop(100);
    expect(seen.size).toBe(0);
    expect(await jobsDb.db().collection('agendaJobs').countDocuments({ name: 'count', data: { id: 7 } })).toBe(1);

    const second = track(fastScheduler(jobsDb.uri(), [countingJob('count', seen, 'second')], { worker: 'second' }));
    await second.start({ schedule: false });
    await until(() => seen.has(7));
    expect(seen.get(7)).toEqual(['second']);
  });
});
