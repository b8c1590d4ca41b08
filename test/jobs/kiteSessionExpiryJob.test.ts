/**
 * Kite token expiry by the clock: the real KiteSessionManager behind the job, a small broker that halts once like
 * KiteBroker does, and an in-memory session store. Trading halts at 06:00 IST and the admin is told once.
 */
import { istTime } from '../../src/calendar';
import { kiteTokenExpiry, type KiteSession, type KiteSessionRepository } from '../../src/brokers/kite/kiteSession';
import { KiteSessionManager, type HaltableBroker } from '../../src/brokers/kite/kiteSessionManager';
import { SimulatedClock } from '../../src/core/clock';
import { err, ok, type Result } from '../../src/core/result';
import { repeatOf } from '../../src/jobs/job';
import type { JobScheduler } from '../../src/jobs/jobScheduler';
import { KITE_SESSION_EXPIRY_CHECK_JOB, KITE_SESSION_EXPIRY_JOB, kiteSessionExpiryJobs } from '../../src/jobs/kiteSessionExpiryJob';
import { standardJobs } from '../../src/jobs/standardJobs';
import { createTestDatabase, type TestDatabase } from '../fakes/mongo/testDb';
import { calendar, fastScheduler, RecordingNotify } from './support';

const LOGIN_URL = 'https://kite.zerodha.com/connect/login?v=3&api_key=abc';

/** Halts once per session (every later halt is a no-op until `resume`), telling its listeners — like KiteBroker. */
class SmallBroker implements HaltableBroker {
  halted = true;
  readonly halts: string[] = [];
  private readonly listeners = new Set<(message: string) => void>();
  resume(): void {
    this.halted = false;
  }
  halt(message = 'halted'): void {
    if (this.halted) return;
    this.halted = true;
    this.halts.push(message);
    for (const l of [...this.listeners]) l(message);
  }
  onSessionExpired(listener: (message: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

class MemorySessions implements KiteSessionRepository {
  private stored: KiteSession | undefined;
  async save(accessToken: string, loginAt: number, userId?: string): Promise<KiteSession> {
    this.stored = { accessToken, loginAt, expiresAt: kiteTokenExpiry(loginAt), ...(userId ? { userId } : {}) };
    return this.stored;
  }
  async load(now: number): Promise<Result<KiteSession, string>> {
    if (!this.stored) return err('There is no Kite session; send /login.');
    return this.stored.expiresAt > now ? ok(this.stored) : err('The stored Kite session has expired; send /login.');
  }
  async clear(): Promise<void> {
    this.stored = undefined;
  }
}

/** The live wiring's pattern: the broker's halt tells the admin, with the login link. */
function liveSession(clock: SimulatedClock) {
  const broker = new SmallBroker();
  const notify = new RecordingNotify();
  broker.onSessionExpired((message) => void notify.notify({ kind: 'system', severity: 'critical', title: 'Kite: trading halted for new orders', text: `${message} Log in: ${LOGIN_URL}` }));
  const manager = new KiteSessionManager({ repo: new MemorySessions(), broker, clock });
  return { broker, notify, manager };
}

describe('Kite session expiry jobs (schedule)', () => {
  test('06:00 IST daily plus a safety net every few minutes, on every day (the token expires on holidays too)', () => {
    const clock = new SimulatedClock(0);
    const [daily, net] = kiteSessionExpiryJobs({ session: liveSession(clock).manager });
    expect(daily.name).toBe(KITE_SESSION_EXPIRY_JOB);
    expect(repeatOf(daily.schedule)).toBe('0 6 * * *');
    expect(repeatOf(net.schedule)).toBe(5 * 60_000);
    expect(repeatOf(kiteSessionExpiryJobs({ session: { checkExpiry: () => false }, everyMinutes: 2 })[1].schedule)).toBe(120_000);
    expect([daily.tradingDaysOnly, net.tradingDaysOnly, daily.marketHoursOnly, net.marketHoursOnly]).toEqual([false, false, false, false]);
    expect(() => kiteSessionExpiryJobs({ session: { checkExpiry: () => false }, everyMinutes: 0 })).toThrow(RangeError);
  });

  test('standard jobs include them only when a Kite session is given', () => {
    const notify = new RecordingNotify();
    const base = { services: {}, notify, calendar };
    expect(standardJobs(base).map((j) => j.name)).not.toContain(KITE_SESSION_EXPIRY_JOB);
    const names = standardJobs({ ...base, kiteSession: { checkExpiry: () => false } }).map((j) => j.name);
    expect(names).toEqual(expect.arrayContaining([KITE_SESSION_EXPIRY_JOB, KITE_SESSION_EXPIRY_CHECK_JOB]));
  });
});

describe('Kite session expiry jobs on the scheduler', () => {
  let tdb: TestDatabase;
  let scheduler: JobScheduler | undefined;
  beforeAll(async () => {
    tdb = await createTestDatabase('jobs_kite_expiry');
  });
  afterEach(async () => {
    await scheduler?.stop(1000);
    scheduler = undefined;
  });
  afterAll(async () => {
    await tdb?.drop();
  });

  test('before 06:00 nothing happens; at 06:00 trading halts and the admin is told once, with the login link', async () => {
    // Logged in on Tuesday 2025-12-23 at 08:30 IST: the token lives until Wednesday 06:00 IST.
    const clock = new SimulatedClock(istTime('2025-12-23', '08:30'));
    const { broker, notify, manager } = liveSession(clock);
    expect((await manager.login('token-1', 'AB1234')).ok).toBe(true);
    expect(broker.halted).toBe(false);
    expect(manager.current?.expiresAt).toBe(istTime('2025-12-24', '06:00'));

    scheduler = fastScheduler(tdb.uri, kiteSessionExpiryJobs({ session: manager }), { clock });
    expect((await scheduler.start()).ok).toBe(true);

    clock.set(istTime('2025-12-24', '05:59'));
    const early = await scheduler.runNow(KITE_SESSION_EXPIRY_CHECK_JOB);
    expect(early.ok && early.value).toMatchObject({ status: 'done', note: 'no session to expire' });
    expect(broker.halted).toBe(false);
    expect(notify.sent).toEqual([]);

    clock.set(istTime('2025-12-24', '06:00'));
    const atSix = await scheduler.runNow(KITE_SESSION_EXPIRY_JOB);
    expect(atSix.ok && atSix.value).toMatchObject({ status: 'done', note: 'Kite session expired: trading halted for new orders' });
    expect(broker.halted).toBe(true);
    expect(manager.current).toBeUndefined();

    // The safety net keeps checking: no second halt, no second message.
    clock.set(istTime('2025-12-24', '06:05'));
    const later = await scheduler.runNow(KITE_SESSION_EXPIRY_CHECK_JOB);
    expect(later.ok && later.value).toMatchObject({ status: 'done', note: 'no session to expire' });
    expect(broker.halts).toHaveLength(1);
    expect(notify.sent).toHaveLength(1);
    expect(notify.sent[0]).toMatchObject({ severity: 'critical', title: 'Kite: trading halted for new orders' });
    expect(notify.sent[0]!.text).toContain('06:00 IST');
    expect(notify.sent[0]!.text).toContain(LOGIN_URL);

    // A fresh login resumes trading; the next 06:00 expires it again (once more).
    expect((await manager.login('token-2')).ok).toBe(true);
    expect(broker.halted).toBe(false);
    clock.set(istTime('2025-12-25', '06:03'));
    const safetyNet = await scheduler.runNow(KITE_SESSION_EXPIRY_CHECK_JOB);
    expect(safetyNet.ok && safetyNet.value).toMatchObject({ status: 'done', note: 'Kite session expired: trading halted for new orders' });
    expect(broker.halts).toHaveLength(2);
    expect(notify.sent).toHaveLength(2);
  });
});
