/**
 * Alerts on MongoDB (real mongoose on the test server) through the alert center: dedupe with a
 * cooldown, escalation, mutes (stored, listed, not emitted), system alerts captured, and a restart
 * that remembers what was already sent.
 */
import mongoose, { type Connection } from 'mongoose';
import { SimulatedClock } from '../../../src/core/clock';
import { DomainEvents, type DomainEvent } from '../../../src/core/events';
import { AlertCenter } from '../../../src/risk/alerts/alertCenter';
import type { RiskAlert } from '../../../src/risk/riskAlerts';
import { MongoAlertStore } from '../../../src/store/alerts/mongoAlertStore';
import { createTestDatabase, type TestDatabase } from '../../fakes/mongo/testDb';

const NOW = Date.parse('2025-01-08T05:30:00Z');
const MIN = 60_000;
const DAY = 86_400_000;

let db: TestDatabase;
let conn: Connection;

beforeAll(async () => {
  db = await createTestDatabase('alerts');
  conn = await mongoose.createConnection(db.uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
});

afterAll(async () => {
  await conn?.close();
  await db?.drop();
});

const alert = (over: Partial<RiskAlert>): RiskAlert => ({
  kind: 'var-near',
  severity: 'warning',
  key: 'var',
  message: 'VaR is 85% of the limit.',
  time: NOW,
  value: 42_500,
  threshold: 50_000,
  ...over,
});

async function center(clock: SimulatedClock, c: Connection = conn) {
  const events = new DomainEvents();
  const seen: DomainEvent[] = [];
  events.on('alert', (e) => seen.push(e));
  const ac = new AlertCenter({ store: await MongoAlertStore.open(c), events, clock, cooldownMs: 15 * MIN });
  return { ac, seen, events };
}

describe('alert center on MongoDB', () => {
  it('dedupes within the cooldown, lets an escalation through, stores and emits', async () => {
    const clock = new SimulatedClock(NOW);
    const { ac, seen } = await center(clock);
    expect(await ac.publish([alert({})])).toHaveLength(1);
    clock.advance(5 * MIN);
    expect(await ac.publish([alert({ time: NOW + 5 * MIN })])).toHaveLength(0); // same key, same severity, within 15 min
    const breach = alert({ kind: 'var-breach', severity: 'critical', message: 'VaR exceeds the limit.', time: NOW + 5 * MIN, value: 51_000 });
    expect(await ac.publish([breach])).toEqual([breach]); // escalation
    clock.advance(16 * MIN);
    expect(await ac.publish([alert({ time: NOW + 21 * MIN })])).toHaveLength(1); // cooldown over
    expect(seen.map((e) => e.type === 'alert' && [e.level, e.message, e.time])).toEqual([
      ['warning', 'VaR is 85% of the limit.', NOW],
      ['critical', 'VaR exceeds the limit.', NOW + 5 * MIN],
      ['warning', 'VaR is 85% of the limit.', NOW + 21 * MIN],
    ]);
    const stored = await ac.recent(10);
    expect(stored.map((a) => [a.kind, a.time, a.muted])).toEqual([
      ['var-near', NOW + 21 * MIN, false],
      ['var-breach', NOW + 5 * MIN, false],
      ['var-near', NOW, false],
    ]);
    expect(stored[1]).toEqual({ ...breach, muted: false });
  });

  it('a muted kind is stored and listed but not emitted until the mute ends; other kinds still go out', async () => {
    const clock = new SimulatedClock(NOW + DAY);
    const { ac, seen } = await center(clock);
    expect(await ac.mute('drawdown', 30 * MIN)).toEqual({ kind: 'drawdown', until: NOW + DAY + 30 * MIN });
    expect(await ac.mutes()).toEqual([{ kind: 'drawdown', until: NOW + DAY + 30 * MIN }]);
    const dd = alert({ kind: 'drawdown', key: 'drawdown', message: 'Drawdown 6%.', time: NOW + DAY });
    const stale = alert({ kind: 'stale-data', key: 'stale:INFY', message: 'No data for INFY.', time: NOW + DAY });
    await ac.publish([dd, stale]);
    expect(seen.map((e) => e.type === 'alert' && e.message)).toEqual(['No data for INFY.']);
    expect((await ac.recent(2)).map((a) => [a.kind, a.muted])).toEqual(expect.arrayContaining([['drawdown', true], ['stale-data', false]]));
    clock.advance(31 * MIN);
    expect(await ac.mutes()).toEqual([]);
    await ac.publish([{ ...dd, severity: 'critical', time: clock.now() }]);
    expect(seen.map((e) => e.type === 'alert' && e.message)).toEqual(['No data for INFY.', 'Drawdown 6%.']);
  });

  it('after a restart the deduper remembers alerts sent within the cooldown; other alert events are stored as system', async () => {
    const clock = new SimulatedClock(NOW + 2 * DAY);
    const first = await center(clock);
    await first.ac.publish([alert({ key: 'limit:sector', kind: 'limit-near', message: 'Sector limit 82% used.', time: clock.now() })]);
    clock.advance(2 * MIN);
    const conn2 = await mongoose.createConnection(db.uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
    try {
      const second = await center(clock, conn2);
      await second.ac.restore();
      expect(await second.ac.publish([alert({ key: 'limit:sector', kind: 'limit-near', message: 'Sector limit 83% used.', time: clock.now() })])).toEqual([]);
      expect(second.seen).toEqual([]);
      const stop = second.ac.captureSystemAlerts();
      second.events.emit({ type: 'alert', level: 'critical', message: 'Strategy instance s1 stopped after an error.', time: clock.now() });
      await second.ac.idle();
      stop();
      expect((await second.ac.recent(1))[0]).toMatchObject({ kind: 'system', severity: 'critical', message: 'Strategy instance s1 stopped after an error.', muted: false });
    } finally {
      await conn2.close();
    }
  });
});

