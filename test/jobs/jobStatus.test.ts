/**
 * JobScheduler.status against a real Agenda on the MongoDB test server: queued (nobody processing, or a retry
 * waiting), running with the progress the job stored through Agenda's touch(progress), done with the note and
 * the worker, failed with the reason, unknown for ids that are not jobs.
 */
import { ObjectId } from 'mongodb';
import { z } from 'zod';
import { err, ok } from '../../src/core/result';
import { defineJob, done, type Job } from '../../src/jobs/job';
import { jobStateOf } from '../../src/jobs/jobState';
import { fastScheduler, until, useSchedulerDb } from './support';

const jobsDb = useSchedulerDb('jobs_status');
const track = jobsDb.track;

/** Reports 40 %, then waits for `release` before finishing (or failing when asked). */
function gatedJob(gate: { release: boolean }, retries = 0): Job {
  return defineJob({
    name: 'gated',
    summary: 'test: reports progress and waits',
    schedule: { kind: 'on-demand' },
    data: z.object({ fail: z.boolean().default(false) }),
    retries,
    async run({ data, progress }) {
      await progress(40);
      await until(() => gate.release);
      return data.fail ? err('the data source is down; try later') : ok(done('all good'));
    },
  });
}

describe('JobScheduler.status', () => {
  test('queued while no process takes it, then running with the stored progress, then done by the worker', async () => {
    const gate = { release: false };
    // "main" enqueues but neither starts it at once nor polls again for an hour; "worker" takes the job.
    const main = track(fastScheduler(jobsDb.uri(), [gatedJob(gate)], { worker: 'main', processEveryMs: 3_600_000, startQueuedAtOnce: false }));
    const worker = track(fastScheduler(jobsDb.uri(), [gatedJob(gate)], { worker: 'worker' }));
    await main.start({ schedule: false });
    const id = await main.enqueue('gated', {});
    if (!id.ok) throw new Error(id.error);
    expect(await main.status(id.value)).toEqual({ state: 'queued', name: 'gated' });

    await worker.start({ schedule: false });
    await until(async () => (await main.status(id.value)).state === 'running');
    await until(async () => {
      const s = await main.status(id.value);
      return s.state === 'running' && s.progress === 40;
    });
    // Agenda 6's touch(progress) stores it on the job document.
    expect(await jobsDb.db().collection('agendaJobs').findOne({ _id: new ObjectId(id.value) })).toMatchObject({ progress: 40 });

    gate.release = true;
    await until(async () => (await main.status(id.value)).state === 'done');
    expect(await main.status(id.value)).toEqual({ state: 'done', name: 'gated', note: 'all good', worker: 'worker' });
    expect(await worker.status(id.value)).toEqual(await main.status(id.value));
  });

  test('failed with the reason once the retries are used up; queued with the reason while a retry waits', async () => {
    const gate = { release: true };
    const s = track(fastScheduler(jobsDb.uri(), [gatedJob(gate)], { worker: 'w' }));
    await s.start({ schedule: false });
    const id = await s.enqueue('gated', { fail: true });
    if (!id.ok) throw new Error(id.error);
    await until(async () => (await s.status(id.value)).state === 'failed');
    expect(await s.status(id.value)).toEqual({ state: 'failed', name: 'gated', reason: 'the data source is down; try later', worker: 'w' });

    const slow = track(fastScheduler(jobsDb.uri(), [gatedJob(gate, 1)], { worker: 'w2', retryBaseMs: 3_600_000, retryMaxMs: 3_600_000, collection: 'agendaJobs2' }));
    await slow.start({ schedule: false });
    const again = await slow.enqueue('gated', { fail: true });
    if (!again.ok) throw new Error(again.error);
    await until(async () => (await slow.status(again.value)).state === 'queued' && (await jobsDb.db().collection('job_runs').countDocuments({ jobId: again.value })) === 1);
    await until(async () => {
      const st = await slow.status(again.value);
      return st.state === 'queued' && st.retrying !== undefined;
    });
    expect(await slow.status(again.value)).toEqual({ state: 'queued', name: 'gated', retrying: 'the data source is down; try later' });
    await jobsDb.db().collection('agendaJobs2').deleteMany({});
  });

  test('unknown for ids that are not jobs, and before start', async () => {
    const s = track(fastScheduler(jobsDb.uri(), [gatedJob({ release: true })]));
    expect(await s.status(new ObjectId().toHexString())).toEqual({ state: 'unknown' });
    await s.start({ schedule: false });
    expect(await s.status(new ObjectId().toHexString())).toEqual({ state: 'unknown' });
    expect(await s.status('not-an-id')).toEqual({ state: 'unknown' });
    expect(await s.status('{"$ne":null}')).toEqual({ state: 'unknown' });
  });
});

describe('lock renewal', () => {
  test('a job running five lock lifetimes is neither expired nor taken over by another worker; the cap applies to its own lifetime', async () => {
    let runs = 0;
    let release: () => void = () => undefined;
    const finish = new Promise<void>((r) => (release = r));
    const slow = (): Job =>
      defineJob({
        name: 'slow',
        summary: 'test: runs until the test releases it',
        schedule: { kind: 'on-demand' },
        data: z.object({}),
        lockLifetimeMs: 10 * 60_000,
        async run({ progress }) {
          runs++;
          await progress(50);
          await finish;
          return ok(done('finished'));
        },
      });
    // A 1.5 s lock renewed every 0.5 s: a worker stalled for less than a second (a loaded CI machine) keeps its job.
    // (With 300 ms, a 200 ms stall let the other worker take the job over: the test measured the machine.)
    const a = track(fastScheduler(jobsDb.uri(), [slow()], { worker: 'a', lockLifetimeMs: 1500 }));
    const b = track(fastScheduler(jobsDb.uri(), [slow()], { worker: 'b', lockLifetimeMs: 1500 }));
    await a.start({ schedule: false });
    const id = await a.enqueue('slow', {});
    if (!id.ok) throw new Error(id.error);
    await until(async () => (await a.status(id.value)).state === 'running');
    await b.start({ schedule: false });
    // Five lock lifetimes pass, observed in the job's document: its lock renewed (every 500 ms) 15 times while b polls.
    const renewals = new Set<number>();
    await until(async () => {
      const doc = await jobsDb.db().collection('agendaJobs').findOne({ _id: new ObjectId(id.value) });
      if (doc?.lockedAt instanceof Date) renewals.add(doc.lockedAt.getTime());
      return renewals.size >= 15;
    });
    expect((await a.status(id.value)).state).toBe('running');
    release();
    await until(async () => (await a.status(id.value)).state === 'done');
    expect(await a.status(id.value)).toEqual({ state: 'done', name: 'slow', note: 'finished', worker: 'a' });
    expect(runs).toBe(1);
    expect(await jobsDb.db().collection('job_runs').countDocuments({ jobId: id.value })).toBe(1);
  });
});

describe('jobStateOf', () => {
  const run = { jobId: 'j', name: 'backtest', note: 'x', attempt: 1, worker: 'w', startedAt: 1, finishedAt: 2 } as const;
  test('a finished run wins over a stale lock; a failed run with a lock is a running retry', () => {
    expect(jobStateOf({ name: 'backtest', lockedAt: new Date() }, [{ ...run, status: 'done' }])).toEqual({ state: 'done', name: 'backtest', note: 'x', worker: 'w' });
    expect(jobStateOf({ name: 'backtest', lockedAt: new Date(), progress: 140 }, [{ ...run, status: 'failed' }])).toEqual({ state: 'running', name: 'backtest', progress: 100 });
    expect(jobStateOf({ name: 'backtest', lastFinishedAt: new Date(), failReason: 'boom' }, [])).toEqual({ state: 'failed', name: 'backtest', reason: 'boom' });
    expect(jobStateOf(null, [])).toEqual({ state: 'unknown' });
  });
});
