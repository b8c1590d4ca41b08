/**
 * Reliability, issue 16 item 2: no duplicate real order when Kite is slow. The whole bot in MODE=live, in-process,
 * against the fake Kite (REST, postbacks), the fake Telegram (real telegraf), the fake Discord and the MongoDB test
 * server. Approvals are tapped on Telegram cards.
 *  - 8 approvals whose placements Kite answers only after 9 s (4) or 15 s (4) — past kiteconnect's 7 s timeout, as
 *    in the fault run where 8 of 8 produced two Kite orders: counted per tag, Kite orders and placement requests.
 *  - A placement Kite never answers and never places: the order ends UNKNOWN (never sent again), the admins are told
 *    on Telegram and Discord with Check again / Give up buttons, the risk engine refuses new orders for the symbol,
 *    a trader's tap is refused, a restart keeps it UNKNOWN (and says so at start), Give up (confirmed) ends it and
 *    frees the symbol. A placement Kite places after the look-ups gave up is found by Check again.
 */
import type { RunningApp } from '../../src/app';
import { clientOrderId, userId } from '../../src/core/ids';
import type { OrderIntent } from '../../src/core/order';
import type { FakeKite } from '../fakes/kite';
import { INFY } from '../fakes/kite/support';
import type { StoredMessage } from '../fakes/telegram';
import { requestApproval } from '../support/e2e/approvalRequest';
import { e2eConfig, shiftedClock, startE2eApp, startFakes, type E2eOverrides, type Fakes, type StartedApp } from '../support/e2e/appHarness';
import { kiteCallbackUrl, LIVE_START, liveEnv, startLiveFakeKite } from '../support/e2e/liveHarness';
import { eventually, eventuallyFilled } from '../support/e2e/waiting';

const ADMIN = 333;
const TRADER = 111;

type Keyboard = { inline_keyboard: { text: string; callback_data?: string }[][] };
const textOf = (m: StoredMessage): string => m.state.text ?? m.state.caption ?? '';
const buttonData = (m: StoredMessage, label: string): string => {
  const b = (m.state.replyMarkup as Keyboard | undefined)?.inline_keyboard.flat().find((x) => x.text.includes(label));
  if (!b?.callback_data) throw new Error(`no ${label} button on message ${m.messageId}: ${textOf(m)}`);
  return b.callback_data;
};

/** One live bot with its fakes for a describe block (restartable on the same database and the same fake Kite). */
function liveBot(label: string, over: E2eOverrides = {}) {
  const clock = shiftedClock(LIVE_START);
  const s = { fakes: undefined as unknown as Fakes, kite: undefined as unknown as FakeKite, running: undefined as StartedApp | undefined, seq: 0 };
  const app = (): RunningApp => s.running!.app;
  const start = async (): Promise<void> => {
    const config = e2eConfig(s.fakes, { ...liveEnv(s.kite, ADMIN), TELEGRAM_ALLOWED_USERS: `${ADMIN}:admin,${TRADER}:trader` });
    s.running = await startE2eApp(config, ['INFY'], clock, undefined, over);
    s.running.ticks.push('INFY', 1500, clock.now());
  };
  const stop = async (): Promise<void> => {
    await s.running?.app.stop();
    s.running = undefined;
  };
  beforeAll(async () => {
    s.fakes = await startFakes(label);
    s.kite = await startLiveFakeKite({ instruments: [INFY] });
    s.kite.setLtp(INFY.token, 1500);
    await start();
    const res = await fetch(kiteCallbackUrl(app().http.url, app().engine.services, s.kite.sessions.issueRequestToken()));
    if (res.status !== 200) throw new Error(`the Kite login failed: ${res.status}`);
  });
  afterAll(async () => {
    await stop();
    await s.kite?.close();
    await s.fakes?.close();
  });
  const tg = () => s.fakes.telegram;
  const fromBot = (chatId: number): StoredMessage[] => tg().messages(chatId).filter((m) => m.fromBot);
  const intent = (quantity: number): OrderIntent => ({
    clientOrderId: app().engine.trading.pipeline.nextId(),
    symbol: 'INFY',
    side: 'BUY',
    quantity,
    orderType: 'MARKET',
    product: 'CNC',
    validity: 'DAY',
    source: { kind: 'user', userId: userId(String(ADMIN)) },
    reason: `reliability ${++s.seq}`,
    time: clock.now(),
  });
  /** Taps a button as `fromId` (default the chat's user); returns the popup's answer. */
  const tap = async (chatId: number, m: StoredMessage, data: string, fromId = chatId): Promise<string> => {
    const before = tg().callbackAnswers().length;
    await tg().pressButton({ chatId, messageId: m.messageId, fromId, data });
    return (await eventually('the answer to the tap', () => tg().callbackAnswers()[before])).text ?? '';
  };
  /** The first new bot message in `chatId` after `before` that matches `expected`. */
  const next = (chatId: number, before: number, expected: RegExp, what: string, timeoutMs?: number): Promise<StoredMessage> =>
    eventually(what, () => tg().messages(chatId).slice(before).find((m) => m.fromBot && expected.test(textOf(m))), timeoutMs).catch((e: unknown) => {
      throw new Error(`${String(e)}; the bot said: ${JSON.stringify(fromBot(chatId).slice(-4).map(textOf))}`);
    });
  /** Asks for approval of a BUY of `quantity` INFY and approves it with a tap on the admin's card; the order id. */
  const approveByTap = async (quantity: number): Promise<string> => {
    const before = tg().messages(ADMIN).length;
    const r = await requestApproval(app().engine.trading, [{ intent: intent(quantity), sizingReason: 'reliability', signalPrice: 1500 }]);
    if (!r.ok || !r.value.approval) throw new Error(`no approval: ${r.ok ? r.value.message : r.error}`);
    const id = r.value.approval.lines[0]!.intent.clientOrderId;
    const card = await next(ADMIN, before, new RegExp(`Order ${id}`), `the card of ${id}`);
    expect(await tap(ADMIN, card, buttonData(card, 'Approve'))).toMatch(/Approved/);
    return id;
  };
  const order = (id: string) => app().engine.repos.orders.get(clientOrderId(id));
  const onKite = (id: string) => s.kite.orders.orders().filter((o) => o.tag === id);
  const placementsOf = (id: string): number => s.kite.requests.list({ route: 'order.place' }).filter((r) => new URLSearchParams(r.body).get('tag') === id).length;
  return { s, clock, app, start, stop, tg, fromBot, intent, tap, next, approveByTap, order, onKite, placementsOf };
}

describe('reliability: a slow Kite never gets an order twice (issue 16 item 2)', () => {
  const b = liveBot('rel_slow_place');

  beforeAll(() => b.s.kite.setPostbackUrl(`${b.app().http.url}/kite/postback`));

  test('8 approvals, placements answered after 9 s (4) and 15 s (4): 8 Kite orders, one per approval — 0 failures', async () => {
    b.s.kite.faults.add({ route: 'order.place', times: 4, action: { kind: 'delay', ms: 9_000 } });
    b.s.kite.faults.add({ route: 'order.place', times: 4, action: { kind: 'delay', ms: 15_000 } });
    const ids: string[] = [];
    for (let q = 1; q <= 8; q++) ids.push(await b.approveByTap(q));
    for (const id of ids) await eventuallyFilled(`order ${id} filled`, () => b.order(id), 60_000);
    await b.app().engine.trading.drainOrders();

    const kiteOrders = ids.map((id) => b.onKite(id).length);
    const placements = ids.map((id) => b.placementsOf(id));
    const failures = ids.filter((id, k) => kiteOrders[k] !== 1 || placements[k] !== 1).length;
    expect({ attempts: ids.length, failures }).toEqual({ attempts: 8, failures: 0 });
    expect(b.s.kite.requests.list({ route: 'order.place' }).filter((r) => r.fault === 'delay')).toHaveLength(8);
    // The bot recorded each order once, with Kite's order id, filled as on Kite.
    for (const [k, id] of ids.entries()) {
      const o = await b.order(id);
      expect(o).toMatchObject({ status: 'FILLED', filledQuantity: k + 1, brokerOrderId: b.onKite(id)[0]!.order_id });
    }
    expect(b.app().engine.trading.book.net('INFY', 'CNC')).toBe(36);
    // Kite was asked for its order book while the placements were unanswered (reconciled by tag).
    expect(b.s.kite.requests.count({ route: 'orders' })).toBeGreaterThan(0);
  }, 90_000);
});

describe('reliability: a placement Kite never answers ends UNKNOWN, resolved by an admin (issue 16 item 2)', () => {
  // No postbacks and no order sync: the order book is read only by the placement's look-ups and by Check again.
  const b = liveBot('rel_unknown', { engine: { kitePlacementLookupMs: [200, 400, 800, 1_600] }, kiteOrderSyncEveryMs: 3_600_000 });
  const discordTexts = (): string[] =>
    b.s.fakes.discord.messages(b.s.fakes.alerts.channelId).flatMap((m) => m.current.embeds.map((e) => `${String((e as { title?: string }).title ?? '')}\n${String((e as { description?: string }).description ?? '')}`));
  const refusedInfy = async (): Promise<string[]> => {
    const r = await requestApproval(b.app().engine.trading, [{ intent: b.intent(1), sizingReason: 'reliability', signalPrice: 1500 }]);
    if (!r.ok) throw new Error(r.error);
    return r.value.refused;
  };

  test('never answered, never placed: UNKNOWN, not re-sent; admins told with buttons; INFY refused; a trader’s tap, a restart; Give up frees INFY', async () => {
    b.s.kite.faults.add({ route: 'order.place', times: 1, action: { kind: 'hang' } });
    const before = b.tg().messages(ADMIN).length;
    const id = await b.approveByTap(5);
    const notice = await b.next(ADMIN, before, new RegExp(`Order ${id} UNKNOWN`), 'the UNKNOWN notice', 30_000);
    expect(textOf(notice)).toMatch(/may or may not be at the broker/);
    expect(textOf(notice)).toMatch(/it was not sent again/);
    expect((await b.order(id))?.status).toBe('UNKNOWN');
    expect(b.placementsOf(id)).toBe(1);
    expect(b.onKite(id)).toHaveLength(0);
    await eventually('the Discord alert', () => discordTexts().find((t) => t.includes(`Order ${id} UNKNOWN`) && t.includes(`/resolve ${id} check`)));
    // The trader saw the notice too, but the buttons are an admin's.
    const traderCopy = await eventually("the trader's copy", () => b.fromBot(TRADER).find((m) => textOf(m).includes(`Order ${id} UNKNOWN`)));
    const traderBefore = b.tg().messages(TRADER).length;
    await b.tap(TRADER, traderCopy, buttonData(traderCopy, 'Give up'));
    await b.next(TRADER, traderBefore, /admin/i, "the refusal of the trader's tap");
    expect((await b.order(id))?.status).toBe('UNKNOWN');

    // The risk engine refuses new INFY orders while it is unknown.
    expect(await refusedInfy()).toEqual([expect.stringContaining(`Order ${id} for INFY may or may not be at the broker`)]);
    // Check again (double tap): still not at Kite, still UNKNOWN, nothing placed.
    let m = b.tg().messages(ADMIN).length;
    await b.tap(ADMIN, notice, buttonData(notice, 'Check again'));
    await b.tap(ADMIN, notice, buttonData(notice, 'Check again'));
    const stillUnknown = new RegExp(`^Order ${id} \\(BUY 5 INFY\\) is still UNKNOWN: the broker's order book does not show it`);
    await eventually('both check replies', () => (b.tg().messages(ADMIN).slice(m).filter((x) => x.fromBot && stillUnknown.test(textOf(x))).length === 2 ? true : undefined));
    expect(b.placementsOf(id)).toBe(1);

    // A restart keeps it UNKNOWN, says so to the admin at start, and still refuses INFY.
    await b.stop();
    m = b.tg().messages(ADMIN).length;
    await b.start();
    const atStart = await b.next(ADMIN, m, new RegExp(`Order ${id} \\(BUY 5 INFY\\) is still UNKNOWN: its placement got no answer`), 'the start-up reconciliation alert');
    expect(textOf(atStart)).toContain(`/resolve ${id} giveup`);
    expect((await b.order(id))?.status).toBe('UNKNOWN');
    expect(await refusedInfy()).toEqual([expect.stringContaining(`Order ${id} for INFY may or may not be at the broker`)]);

    // Give up, by command after the restart (the old buttons belonged to the process that sent them): confirmed.
    m = b.tg().messages(ADMIN).length;
    await b.tg().sendUserMessage({ chatId: ADMIN, fromId: ADMIN, text: `/resolve ${id} giveup` });
    const prompt = await b.next(ADMIN, m, /Give up order/, 'the confirmation prompt');
    m = b.tg().messages(ADMIN).length;
    await b.tap(ADMIN, prompt, buttonData(prompt, 'Confirm'));
    await b.next(ADMIN, m, new RegExp(`Order ${id} \\(BUY 5 INFY\\) given up`), 'the give-up reply');
    const given = await b.order(id);
    expect(given).toMatchObject({ status: 'CANCELLED' });
    expect(given?.message).toMatch(/^Given up by /);
    expect(b.placementsOf(id)).toBe(1);
    expect(b.app().engine.trading.book.net('INFY', 'CNC')).toBe(0);
    // INFY is accepted again: the next order is placed once and filled (the order book is read for its fill).
    const next = await b.approveByTap(2);
    await eventually('the next order at Kite', () => (b.onKite(next).length === 1 ? true : undefined));
    expect(await refusedInfy()).toEqual([]);
  }, 120_000);

  test('placed by Kite only after the look-ups gave up: UNKNOWN, then Check again finds it — one Kite order, booked', async () => {
    b.s.kite.faults.add({ route: 'order.place', times: 1, action: { kind: 'delay', ms: 12_000 } });
    const before = b.tg().messages(ADMIN).length;
    const id = await b.approveByTap(3);
    const notice = await b.next(ADMIN, before, new RegExp(`Order ${id} UNKNOWN`), 'the UNKNOWN notice', 30_000);
    await eventually('the order placed late on Kite', () => (b.onKite(id).length === 1 ? true : undefined), 30_000);
    const m = b.tg().messages(ADMIN).length;
    await b.tap(ADMIN, notice, buttonData(notice, 'Check again'));
    await b.next(ADMIN, m, new RegExp(`Order ${id} \\(BUY 3 INFY\\) is at the broker: FILLED, 3 filled`), 'the check reply');
    const o = await b.order(id);
    expect(o).toMatchObject({ status: 'FILLED', filledQuantity: 3, brokerOrderId: b.onKite(id)[0]!.order_id });
    expect({ placements: b.placementsOf(id), kiteOrders: b.onKite(id).length }).toEqual({ placements: 1, kiteOrders: 1 });
    expect(await refusedInfy()).toEqual([]);
  }, 90_000);
});
