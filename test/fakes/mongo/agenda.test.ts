/** Conformance: Agenda 6 with @agendajs/mongo-backend against the test server (or MONGODB_URI). */
import { MongoBackend } from '@agendajs/mongo-backend';
import { Agenda, type Job } from 'agenda';
import { MongoClient, type Db } from 'mongodb';
import { createTestDatabase, type TestDatabase } from './testDb';

const JOBS = 'agendaJobs';

let tdb: TestDatabase;
let client: MongoClient;
let db: Db;
const running: Agenda[] = [];
const backends: MongoBackend[] = [];

/** Short lock lifetime: Agenda re-checks running jobs every lockLifetime/2 with timers that outlive stop(). */
function newAgenda(name: string): Agenda {
  const backend = new MongoBackend({ address: tdb.uri });
  const agenda = new Agenda({ name, backend, processEvery: 40, defaultLockLifetime: 1500 });
  running.push(agenda);
  backends.push(backend);
  return agenda;
}

/** Resolves after `count` events named `event` (no time limit of its own: Jest's test timeout applies). */
function events(agenda: Agenda, event: `success:${string}` | `start:${string}`, count: number): Promise<Job[]> {
  return new Promise((resolve) => {
    const seen: Job[] = [];
    const listener = (job: Job): void => {
      seen.push(job);
      if (seen.length === count) resolve(seen);
    };
    if (event.startsWith('start:')) agenda.on(event as `start:${string}`, listener);
    else agenda.on(event as `success:${string}`, listener);
  });
}

/** Polls `condition` until it holds (Jest's test timeout bounds the wait). */
async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((r) => setTimeout(r, 20));
}

beforeAll(async () => {
  tdb = await createTestDatabase('agenda');
  client = new MongoClient(tdb.uri, { serverSelectionTimeoutMS: 5000 });
  await client.connect();
  db = client.db(tdb.dbName);
});

afterEach(async () => {
  for (const agenda of running.splice(0)) await agenda.stop(false);
  for (const backend of backends.splice(0)) await backend.disconnect();
  await db.collection(JOBS).deleteMany({});
});

afterAll(async () => {
  await client?.close();
  await tdb?.drop();
});

describe('Agenda 6 on the test server', () => {
  it('runs a job created with now() and passes its data', async () => {
    const agenda = newAgenda('now');
    const received: unknown[] = [];
    agenda.define('greet', async (job: Job<{ who: string }>) => {
      received.push(job.attrs.data);
    });
    await agenda.start();
    const done = events(agenda, 'success:greet', 1);
    await agenda.now('greet', { who: 'desk' });
    await done;
    expect(received).toEqual([{ who: 'desk' }]);
    const stored = await db.collection(JOBS).findOne({ name: 'greet' });
    expect(stored?.lastFinishedAt).toBeInstanceOf(Date);
  });

  it('runs a scheduled job no earlier than its time', async () => {
    const agenda = newAgenda('schedule');
    const ranAt: Date[] = [];
    agenda.define('later', async () => {
      ranAt.push(new Date());
    });
    await agenda.start();
    const when = new Date(Date.now() + 250);
    const done = events(agenda, 'success:later', 1);
    const job = await agenda.schedule(when, 'later', { k: 1 });
    expect(job.attrs.nextRunAt?.getTime()).toBe(when.getTime());
    await done;
    expect(ranAt).toHaveLength(1);
    expect(ranAt[0]!.getTime()).toBeGreaterThanOrEqual(when.getTime());
  });

  it('every() upserts one recurring job and runs it repeatedly', async () => {
    const agenda = newAgenda('every');
    let runs = 0;
    agenda.define('tick', async () => {
      runs++;
    });
    await agenda.start();
    const done = events(agenda, 'success:tick', 3);
    await agenda.every(150, 'tick', { source: 'test' }, { timezone: 'Asia/Kolkata' });
    await agenda.every(150, 'tick', { source: 'test' }, { timezone: 'Asia/Kolkata' });
    await done;
    expect(runs).toBeGreaterThanOrEqual(3);
    expect(await db.collection(JOBS).countDocuments({ name: 'tick' })).toBe(1);
    const stored = await db.collection(JOBS).findOne({ name: 'tick' });
    expect(stored?.type).toBe('single');
    expect(stored?.repeatInterval).toBe(150);
  });

  it('two Agenda instances on one database run each job exactly once', async () => {
    const a = newAgenda('worker-a');
    const b = newAgenda('worker-b');
    const runsById = new Map<number, string[]>();
    for (const [agenda, label] of [
      [a, 'a'],
      [b, 'b'],
    ] as const) {
      agenda.define('once', async (job: Job<{ id: number }>) => {
        const id = job.attrs.data.id;
        runsById.set(id, [...(runsById.get(id) ?? []), label]);
        await new Promise((r) => setTimeout(r, 20));
      });
    }
    const JOB_COUNT = 12;
    let finished = 0;
    const allDone = new Promise<void>((resolve) => {
      const onSuccess = () => {
        finished++;
        if (finished === JOB_COUNT) resolve();
      };
      a.on('success:once', onSuccess);
      b.on('success:once', onSuccess);
    });
    await Promise.all([a.start(), b.start()]);
    for (let id = 0; id < JOB_COUNT; id++) await (id % 2 ? a : b).now('once', { id });
    await allDone;
    // Two more polling rounds of each worker (observed: each runs a marker job only it defines, twice in turn):
    // nothing may run a second time.
    a.define('marker-a', async () => undefined);
    b.define('marker-b', async () => undefined);
    for (let round = 0; round < 2; round++) {
      const ran = Promise.all([events(a, 'success:marker-a', 1), events(b, 'success:marker-b', 1)]);
      await Promise.all([a.now('marker-a', {}), b.now('marker-b', {})]);
      await ran;
    }
    expect([...runsById.keys()].sort((x, y) => x - y)).toEqual(Array.from({ length: JOB_COUNT }, (_, i) => i));
    for (const labels of runsById.values()) expect(labels).toHaveLength(1);
    expect(await db.collection(JOBS).countDocuments({ name: 'once', lockedAt: { $ne: null } })).toBe(0);
  });

  it('drain() waits for the running job; stop() unlocks locked jobs that have not started', async () => {
    const drained = newAgenda('drain');
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    let finished = false;
    drained.define('slow', async () => {
      await gate;
      finished = true;
    });
    await drained.start();
    const started = events(drained, 'start:slow', 1);
    await drained.now('slow');
    await started;
    const draining = drained.drain();
    release();
    await draining;
    expect(finished).toBe(true);

    // Agenda 6: stop() unlocks jobs this worker locked but has not started; running jobs keep their lock.
    const stopped = newAgenda('stop');
    let unblock: () => void = () => undefined;
    const never = new Promise<void>((r) => (unblock = r));
    stopped.define(
      'stuck',
      async () => {
        await never;
      },
      { concurrency: 1 },
    );
    await stopped.start();
    const stuckStarted = events(stopped, 'start:stuck', 1);
    await stopped.now('stuck', { n: 1 });
    await stopped.now('stuck', { n: 2 });
    await stuckStarted;
    const lockedStuck = () => db.collection(JOBS).countDocuments({ name: 'stuck', lockedAt: { $ne: null } });
    await waitFor(async () => (await lockedStuck()) === 2);
    try {
      await stopped.stop(false);
      expect(await lockedStuck()).toBe(1);
    } finally {
      const completed = new Promise((r) => stopped.on('complete:stuck', r));
      unblock();
      await completed;
    }
  });
});
