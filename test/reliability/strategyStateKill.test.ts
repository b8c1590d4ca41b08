/**
 * Reliability, issue 16 item 5: a strategy instance's private state survives SIGKILL. The bot runs as a child process
 * (test/reliability/kill/killableBot.ts: the real startApp, MODE=live) against this process's fakes — the MongoDB
 * test server (or MONGODB_URI), the fake Kite with postbacks, the fake Telegram and Discord — with `enter-once`
 * (test/reliability/strategies/enter-once.ts): long at its 2nd bar, flat at its 4th, never again; only its private
 * state (bars counted, entered, exited) says it is done. The instance never changes status, so before the
 * write-ahead its document kept the state it started with and a kill brought it back at bar 0 — it traded again.
 * Two kill points: right after the exit's fill (the state as the last bar left it), and in the middle of a run of
 * bars with no trade (the state of each bar is written as it changes; a kill loses at most the bar under way).
 * After each kill the bot starts again on the same database and Kite; more bars come; Kite's orders are counted.
 */
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import type { RunningApp } from '../../src/app';
import { strategyInstanceId } from '../../src/core/ids';
import type { FakeKite } from '../fakes/kite';
import { INFY } from '../fakes/kite/support';
import { e2eConfig, e2eEnv, shiftedClock, startE2eApp, startFakes, type Fakes, type StartedApp } from '../support/e2e/appHarness';
import { LIVE_START, liveEnv, startLiveFakeKite } from '../support/e2e/liveHarness';
import { eventually, freePort } from '../support/e2e/waiting';
import { ChildBot } from './kill/childBot';

const ADMIN = 779;
const STRATEGIES = join(__dirname, 'strategies');
const INSTANCE = strategyInstanceId('once');
const PRICE = 1500;
const MINUTE = 60_000;

interface StoredState {
  readonly bars: number;
  readonly entered: boolean;
  readonly exited: boolean;
}

interface KillPoint {
  readonly name: string;
  /** Bars closed before the kill (each tick a minute after the last closes one). */
  readonly barsBeforeKill: number;
  /** Waits for nothing more than this before the kill: the state document as the child last wrote it. */
  readonly waitForDocument: (s: StoredState | undefined) => boolean;
}

const KILL_POINTS: readonly KillPoint[] = [
  { name: 'the exit filled (bar 4), the state written after it', barsBeforeKill: 5, waitForDocument: (s) => s?.exited === true && s.bars >= 4 },
  { name: 'bar 9 of a quiet run (no trade, no status change since bar 4)', barsBeforeKill: 9, waitForDocument: (s) => (s?.bars ?? 0) >= 8 },
];

const tallies: string[] = [];
afterAll(() => process.stdout.write(`SIGKILL with private strategy state (${tallies.length} kill points):\n${tallies.join('\n')}\n`));

describe.each(KILL_POINTS.map((k, i) => [i + 1, k.name, k] as const))('SIGKILL %i: %s', (n, _name, k) => {
  let fakes: Fakes;
  let kite: FakeKite;
  let running: StartedApp | undefined;
  let client: MongoClient;
  const clock = shiftedClock(LIVE_START);
  const app = (): RunningApp => running!.app;

  beforeAll(async () => {
    fakes = await startFakes(`rel_state_kill_${n}`);
    kite = await startLiveFakeKite({ instruments: [INFY] });
    kite.setLtp(INFY.token, PRICE);
    client = new MongoClient(fakes.db.uri, { serverSelectionTimeoutMS: 5_000 });
    await client.connect();
  });
  afterAll(async () => {
    await running?.app.stop();
    await client?.close();
    await kite?.close();
    await fakes?.close();
  });

  /** The instance's state as its document holds it now. */
  const storedState = async (): Promise<StoredState | undefined> => {
    const doc = await client.db().collection<{ _id: string; state?: StoredState }>('strategy_instances').findOne({ _id: INSTANCE });
    return doc?.state;
  };

  test('the restarted instance has the state of its last processed bar and trades no second round', async () => {
    const port = await freePort();
    const env = e2eEnv(fakes, { ...liveEnv(kite, ADMIN), APPROVAL_POLICY: 'never', HTTP_PORT: String(port) });
    kite.setPostbackUrl(`http://127.0.0.1:${port}/kite/postback`);
    const child = await ChildBot.spawn(env, clock.now(), STRATEGIES);
    let bar = Math.floor(clock.now() / MINUTE) * MINUTE;
    let atKill: StoredState | undefined;
    try {
      await child.send({ op: 'login', token: kite.sessions.issueRequestToken() });
      await child.send({ op: 'start', request: { id: INSTANCE, strategy: 'enter-once', symbols: ['INFY'], capitalShare: 0.05 } });
      // the first tick opens bar 0; each later tick closes the bar before it
      for (let i = 0; i <= k.barsBeforeKill; i++, bar += MINUTE) {
        await child.send({ op: 'tick', symbol: 'INFY', price: PRICE, time: bar + 1_000 });
        // the round trip's fills come back by postback before the next bar (as a minute gives them time to)
        if (i === 3) await child.waitFor('the entry filled', (m) => (m.order as { status?: string } | undefined)?.status === 'FILLED');
        if (i === 5) await eventually('the exit filled', () => (child.orders().filter((o) => o.status === 'FILLED').length >= 2 ? true : undefined));
      }
      atKill = await eventually('the state written by the running child (no shutdown has run)', async () => {
        const s = await storedState();
        return k.waitForDocument(s) ? s : undefined;
      });
    } finally {
      expect(await child.kill()).toBe('SIGKILL');
    }
    expect(() => process.kill(child.pid, 0)).toThrow();
    kite.setPostbackUrl(null);
    const ordersAtKill = kite.orders.orders().length;
    const storedAtKill = (await storedState())!;
    expect(storedAtKill.bars).toBeGreaterThanOrEqual(atKill!.bars);
    expect(storedAtKill.bars).toBeLessThanOrEqual(k.barsBeforeKill);

    // the next start, on the same database and Kite
    running = await startE2eApp(e2eConfig(fakes, { ...liveEnv(kite, ADMIN), APPROVAL_POLICY: 'never' }), ['INFY'], clock, undefined, { engine: { strategiesDir: STRATEGIES } });
    kite.setPostbackUrl(`${app().http.url}/kite/postback`);
    const restored = app().engine.trading.instances.list().find((i) => i.id === INSTANCE);
    expect(restored?.state).toEqual(storedAtKill);
    expect(restored?.status).toBe('running');

    // six more bars: an instance back at bar 0 would go long at its 2nd and flat at its 4th
    for (let i = 0; i < 7; i++, bar += MINUTE) running.ticks.push('INFY', PRICE, bar + 1_000);
    await eventually('the six bars processed', () => ((app().engine.trading.instances.list().find((i) => i.id === INSTANCE)?.state as unknown as StoredState | undefined)?.bars === storedAtKill.bars + 6 ? true : undefined));
    await app().engine.trading.drainOrders();
    await app().engine.trading.instances.flush();
    const kiteOrders = kite.orders.orders().length;
    const after = (await storedState())!;
    const held = app().engine.trading.book.account(INSTANCE);
    const j = held ? held.find('INFY', 'CNC') : -1;
    tallies.push(`  SIGKILL after ${k.name}: state at the kill ${JSON.stringify(storedAtKill)}, restored ${JSON.stringify(restored?.state)}; Kite orders ${ordersAtKill} at the kill, ${kiteOrders} after 6 more bars; its document after them: ${after.bars} bars`);
    expect(kiteOrders).toBe(2);
    expect(ordersAtKill).toBe(2);
    expect(held && j >= 0 ? held.position[j]! : 0).toBe(0);
    expect(after).toEqual({ bars: storedAtKill.bars + 6, entered: true, exited: true });
  }, 120_000);
});
