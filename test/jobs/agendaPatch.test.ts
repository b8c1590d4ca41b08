/**
 * patches/agenda+6.2.6.patch, applied by `npm ci` (patch-package, package.json's postinstall): Agenda checks that a
 * running job is still alive on a timer of half its lock lifetime, and that timer outlived the job and the
 * scheduler's stop — a process that had run a job with the default 10-minute lock could not exit for up to 5 minutes
 * on its own, and jest reported its workers "failed to exit gracefully" after the job tests. The patch unrefs the
 * timer: after a job has run and the scheduler has stopped, no timer is left keeping the process alive.
 */
import { countingJob, fastScheduler, until, useSchedulerDb } from './support';

const jobsDb = useSchedulerDb('agenda_patch');

/** Timers keeping the event loop alive (unref'd ones are not listed). */
const liveTimers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

test('a job run through the queue leaves no live timer once the scheduler has stopped', async () => {
  const before = liveTimers();
  const seen = new Map<number, string[]>();
  // A long lock: Agenda's liveness check waits 30 s, far past the end of this test.
  const s = fastScheduler(jobsDb.uri(), [countingJob('count', seen, 'a')], { lockLifetimeMs: 60_000 });
  expect((await s.start({ schedule: false })).ok).toBe(true);
  expect((await s.enqueue('count', { id: 1 })).ok).toBe(true);
  await until(() => seen.has(1));
  await s.stop(1000);
  expect(liveTimers()).toBeLessThanOrEqual(before);
});
