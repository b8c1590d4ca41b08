/**
 * Reliability, issue 16 item 5: SIGKILL at every step of the order pipeline loses no strategy state and doubles no
 * exposure. The bot runs as a child process (test/reliability/kill/killableBot.ts: the real startApp, MODE=live)
 * against this process's fakes — the MongoDB test server, the fake Kite, the fake Telegram and Discord — with a
 * strategy instance (`hold-long`: long with all its capital while flat, so an instance that came back without its
 * shares buys again at once). The child is killed with SIGKILL (no shutdown hook runs) at one step:
 *  1. the signal's order stored PENDING_APPROVAL and its approval card sent;
 *  2. the order's SUBMITTED state written, its placement at Kite not yet made (Kite holds the request unanswered);
 *  3. placed at Kite, the placement's answer not yet back;
 *  4. filled at Kite, the bot not yet told (the fill is not in its journal);
 *  5. the fill stored in the journal (the instance’s state written ahead at the fill: engine/instanceStateWriter.ts).
 * The bot then starts again on the same database and Kite; more bars come. Each kill point is counted: Kite orders
 * for the one signal, the instance's shares in the restarted bot against Kite's, and the instance's document.
 */
import { join } from 'node:path';
import type { RunningApp } from '../../src/app';
import { strategyInstanceId } from '../../src/core/ids';
import type { FaultAction } from '../fakes/kite/faults';
import type { FakeKite } from '../fakes/kite';
import { INFY } from '../fakes/kite/support';
import type { StoredMessage } from '../fakes/telegram';
import { e2eConfig, e2eEnv, shiftedClock, startE2eApp, startFakes, type Fakes, type StartedApp } from '../support/e2e/appHarness';
import { LIVE_START, liveEnv, startLiveFakeKite } from '../support/e2e/liveHarness';
import { eventually, freePort } from '../support/e2e/waiting';
import { ChildBot } from './kill/childBot';

const ADMIN = 777;
const STRATEGIES = join(__dirname, 'strategies');
const INSTANCE = strategyInstanceId('hold');
const PRICE = 1500;
/** 5% of the ₹10 lakh account, all of it at ₹1,500: 33 shares. */
const SHARES = 33;
const MINUTE = 60_000;
/** The grace period of an order SUBMITTED but not in Kite's book (60 s in production; shorter here). */
const LOST_AFTER_MS = 8_000;

type Keyboard = { inline_keyboard: { text: string; callback_data?: string }[][] };
const textOf = (m: StoredMessage): string => m.state.text ?? m.state.caption ?? '';

interface KillPoint {
  readonly name: string;
  readonly approval: 'always' | 'never';
  /** A fault on Kite's `order.place` while the child runs. */
  readonly place?: FaultAction;
  /** Kite's postbacks reach the child (it learns its fill). */
  readonly postbacks?: boolean;
  /** What the admins are told after the restart, on Telegram and Discord. */
  readonly adminSays?: RegExp;
  /** Resolves at the moment to kill. */
  until(w: { readonly kite: FakeKite; readonly child: ChildBot; readonly fakes: Fakes }): Promise<unknown>;
}

const cardOf = (fakes: Fakes): StoredMessage | undefined => fakes.telegram.messages(ADMIN).find((m) => m.fromBot && /^Order approval/.test(textOf(m)));

const KILL_POINTS: readonly KillPoint[] = [
  { name: 'the order and its approval stored, the card sent', approval: 'always', until: ({ fakes }) => eventually('the approval card', () => cardOf(fakes)) },
  {
    name: 'SUBMITTED written, the placement not yet made at Kite',
    approval: 'never',
    place: { kind: 'hang' },
    // not left SUBMITTED: when its grace period ends it is declared lost, the admins are told, the strategy buys again
    // (once the risk engine's 30 s duplicate window, kept across the kill, has passed)
    adminSays: /never reached the broker; it is marked rejected/,
    until: ({ kite }) => eventually('the placement request at Kite', () => (kite.requests.count({ route: 'order.place' }) > 0 ? true : undefined)),
  },
  {
    name: 'placed at Kite, its answer not yet back',
    approval: 'never',
    place: { kind: 'lostReply', afterMs: 15_000 },
    until: ({ kite }) => eventually('the order at Kite', () => (kite.orders.orders().length > 0 ? true : undefined)),
  },
  {
    name: 'filled at Kite, the fill not yet in the bot’s journal',
    approval: 'never',
    until: ({ kite, child }) =>
      eventually('the fill at Kite and the acknowledgement in the bot', () => (kite.orders.orders().some((o) => o.status === 'COMPLETE') && child.orders().some((o) => o.status === 'OPEN') ? true : undefined)),
  },
  {
    name: 'the fill stored (the instance’s state written ahead at the fill)',
    approval: 'never',
    postbacks: true,
    until: ({ child }) => child.waitFor('the fill in the bot', (m) => (m.order as { status?: string } | undefined)?.status === 'FILLED'),
  },
];

interface Tally {
  readonly killPoint: string;
  readonly signals: number;
  readonly kiteOrders: number;
  readonly kiteShares: number;
  readonly instanceShares: number;
  readonly storedShares: number;
}
const tallies: Tally[] = [];

afterAll(() => {
  const lines = tallies.map((t) => `  SIGKILL after ${t.killPoint}: ${t.signals} signal → ${t.kiteOrders} Kite order(s), Kite holds ${t.kiteShares}, the restarted instance ${t.instanceShares} (its document ${t.storedShares})`);
  process.stdout.write(`SIGKILL at each pipeline step (${tallies.length} kill points):\n${lines.join('\n')}\n`);
});

describe.each(KILL_POINTS.map((k, i) => [i + 1, k.name, k] as const))('SIGKILL %i: after %s', (_n, _name, k) => {
  let fakes: Fakes;
  let kite: FakeKite;
  let running: StartedApp | undefined;
  const clock = shiftedClock(LIVE_START);
  const app = (): RunningApp => running!.app;

  beforeAll(async () => {
    fakes = await startFakes(`rel_kill_${_n}`);
    kite = await startLiveFakeKite({ instruments: [INFY] });
    kite.setLtp(INFY.token, PRICE);
  });
  afterAll(async () => {
    await running?.app.stop();
    await kite?.close();
    await fakes?.close();
  });

  test('the restarted bot holds the instance’s shares as Kite does; one Kite order for the one signal', async () => {
    const port = await freePort();
    const env = e2eEnv(fakes, { ...liveEnv(kite, ADMIN), APPROVAL_POLICY: k.approval, HTTP_PORT: String(port) });
    if (k.postbacks) kite.setPostbackUrl(`http://127.0.0.1:${port}/kite/postback`);
    if (k.place) kite.faults.add({ route: 'order.place', times: 1, action: k.place });

    const child = await ChildBot.spawn(env, clock.now(), STRATEGIES);
    let bar = Math.floor(clock.now() / MINUTE) * MINUTE;
    try {
      await child.send({ op: 'login', token: kite.sessions.issueRequestToken() });
      await child.send({ op: 'start', request: { id: INSTANCE, strategy: 'hold-long', symbols: ['INFY'], capitalShare: 0.05 } });
      // one bar closes (the signal), the next one's first tick routes it
      for (let i = 0; i < 3; i++, bar += MINUTE) await child.send({ op: 'tick', symbol: 'INFY', price: PRICE, time: bar + 1_000 });
      await k.until({ kite, child, fakes });
    } finally {
      expect(await child.kill()).toBe('SIGKILL');
    }
    // the bot's process is gone (nothing of it runs on)
    expect(() => process.kill(child.pid, 0)).toThrow();
    kite.setPostbackUrl(null);
    const ordersAtKill = kite.orders.orders().length;

    // the next start, on the same database and Kite
    const config = e2eConfig(fakes, { ...liveEnv(kite, ADMIN), APPROVAL_POLICY: k.approval });
    running = await startE2eApp(config, ['INFY'], clock, undefined, { engine: { strategiesDir: STRATEGIES, orderLostAfterMs: LOST_AFTER_MS } });
    kite.setPostbackUrl(`${app().http.url}/kite/postback`);
    /** A tick a minute after the last one: a bar closes. */
    const tick = (): void => {
      running!.ticks.push('INFY', PRICE, bar + 1_000);
      bar += MINUTE;
    };
    tick();
    if (k.approval === 'always') {
      // the card of before the kill still works: one tap approves it
      const card = cardOf(fakes)!;
      const data = (card.state.replyMarkup as Keyboard).inline_keyboard.flat().find((b) => /Approve/.test(b.text))?.callback_data;
      expect(data).toBeDefined();
      await fakes.telegram.pressButton({ chatId: ADMIN, messageId: card.messageId, fromId: ADMIN, data: data! });
    }
    const held = (): number => {
      const l = app().engine.trading.book.account(INSTANCE);
      const j = l ? l.find('INFY', 'CNC') : -1;
      return l && j >= 0 ? l.position[j]! : 0;
    };
    let ticked = Date.now();
    await eventually(
      `the instance holding ${SHARES} shares after the restart (${ordersAtKill} Kite order(s) at the kill)`,
      () => {
        if (held() === SHARES) return true;
        if (Date.now() - ticked > 2_000) {
          tick();
          ticked = Date.now();
        }
        return undefined;
      },
      40_000,
    );
    if (k.adminSays) {
      const said = k.adminSays;
      await eventually('the admin’s Telegram message', () => fakes.telegram.messages(ADMIN).find((m) => m.fromBot && said.test(textOf(m))));
      await eventually('the Discord alert', () => fakes.discord.messages(fakes.alerts.channelId).find((m) => m.current.embeds.some((e) => said.test(`${String((e as { title?: string }).title ?? '')}\n${String((e as { description?: string }).description ?? '')}`))));
    }
    // more bars: a flat instance would buy now
    for (let i = 0; i < 3; i++) tick();
    await app().engine.trading.drainOrders();
    await app().engine.trading.instances.persist();

    const kiteOrders = kite.orders.orders();
    const kiteShares = kiteOrders.reduce((s, o) => s + (o.transaction_type === 'BUY' ? 1 : -1) * o.filled_quantity, 0);
    const stored = await app().engine.repos.instances.get(INSTANCE);
    const t: Tally = { killPoint: k.name, signals: 1, kiteOrders: kiteOrders.length, kiteShares, instanceShares: held(), storedShares: stored?.positions.INFY?.quantity ?? 0 };
    tallies.push(t);
    expect(t).toEqual({ killPoint: k.name, signals: 1, kiteOrders: 1, kiteShares: SHARES, instanceShares: SHARES, storedShares: SHARES });
    expect(stored?.status).toBe('running');
    // no order of the bot is left open or SUBMITTED
    expect(await app().engine.repos.orders.withStatus(['SUBMITTED', 'APPROVED', 'PENDING_APPROVAL'])).toEqual([]);
  }, 120_000);
});
