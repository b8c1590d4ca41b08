/**
 * MODE=live end to end, in-process, against the fakes (MongoDB test server, fake Kite REST, fake Telegram, fake
 * Discord): the bot starts without a Kite session — /status says logged out, the admin gets one notice with the
 * login link, and an approved order is refused without reaching Kite; the login redirect (GET /kite/callback)
 * stores the session encrypted and sends the admin the readiness check (profile, margins, instruments, ticker); then an approved order is placed on Kite
 * exactly once (its tag is our client id) and the postback's fill is reported.
 */
import { requestApproval } from '../support/e2e/approvalRequest';
import type { RunningApp } from '../../src/app';
import { istTime } from '../../src/calendar/ist';
import { clientOrderId, userId } from '../../src/core/ids';
import type { OrderIntent } from '../../src/core/order';
import type { FakeKite } from '../fakes/kite';
import { INFY } from '../fakes/kite/support';
import { e2eConfig, shiftedClock, startE2eApp, startFakes, type Fakes, type StartedApp } from '../support/e2e/appHarness';
import { LIVE_API_KEY, LIVE_START, liveEnv, startLiveFakeKite, kiteCallbackUrl } from '../support/e2e/liveHarness';
import { eventually, eventuallyFilled } from '../support/e2e/waiting';

const ADMIN = 333;
const START = LIVE_START;
const admin = { userId: userId(String(ADMIN)), roles: ['admin'] };

describe('MODE=live against the fake Kite', () => {
  let fakes: Fakes;
  let kite: FakeKite;
  let running: StartedApp | undefined;
  const clock = shiftedClock(START);
  const app = (): RunningApp => running!.app;
  const adminTexts = (): string[] => fakes.telegram.messages(ADMIN).filter((m) => m.fromBot).map((m) => m.state.text ?? '');
  const discordTitles = (): string[] => fakes.discord.messages(fakes.alerts.channelId).flatMap((m) => m.current.embeds.map((e) => String((e as { title?: string }).title ?? '')));
  const placements = (): number => kite.requests.count({ route: 'order.place' });

  let seq = 0;
  const intent = (quantity: number): OrderIntent => ({
    clientOrderId: clientOrderId(`lv${++seq}x${Date.now() % 100_000}`),
    symbol: 'INFY',
    side: 'BUY',
    quantity,
    orderType: 'MARKET',
    product: 'CNC',
    validity: 'DAY',
    source: { kind: 'user', userId: admin.userId },
    reason: 'live e2e',
    time: clock.now(),
  });
  /** Requests approval for one order and approves it as the admin; the OMS id of the order. */
  async function approveOrder(quantity: number): Promise<string> {
    const approvals = app().engine.trading.approvals;
    const r = await requestApproval(app().engine.trading, [{ intent: intent(quantity), sizingReason: 'live e2e', signalPrice: 1500 }]);
    if (!r.ok) throw new Error(r.error);
    const a = r.value.approval;
    if (!a) throw new Error(`the approval was refused: ${r.value.message}`);
    const d = await approvals.decide(a.id, { kind: 'approve' }, admin);
    if (!d.ok) throw new Error(d.error);
    return a.lines[0]!.intent.clientOrderId;
  }

  beforeAll(async () => {
    fakes = await startFakes('e2e_live');
    kite = await startLiveFakeKite({ instruments: [INFY] });
    kite.setLtp(INFY.token, 1500);
    const config = e2eConfig(fakes, {
      ...liveEnv(kite, ADMIN),
    });
    running = await startE2eApp(config, ['INFY'], clock);
    kite.setPostbackUrl(`${app().http.url}/kite/postback`);
    running.ticks.push('INFY', 1500, clock.now());
  });

  afterAll(async () => {
    await running?.app.stop();
    await kite?.close();
    await fakes?.close();
  });

  test('starts halted: the banner, /status and the admin all say Kite is not logged in', async () => {
    const banner = running!.banner.join('\n');
    expect(banner).toContain('AutoPPM — live mode');
    expect(banner).toMatch(/Kite: not logged in — trading halted for new orders; \/login/);
    await fakes.telegram.sendUserMessage({ chatId: ADMIN, fromId: ADMIN, text: '/status' });
    const status = await eventually('the /status reply', () => adminTexts().find((t) => /logged out \(send \/login\)/.test(t)));
    expect(status).toMatch(/live/i);
    const notice = await eventually('the halt notice with the login link', () => adminTexts().find((t) => t.includes('trading halted')));
    expect(notice).toContain(`https://kite.zerodha.com/connect/login?api_key=${LIVE_API_KEY}`);
    expect(adminTexts().filter((t) => t.includes('trading halted'))).toHaveLength(1);
    const health = (await (await fetch(`${app().http.url}/health`)).json()) as { checks: Record<string, { status: string }> };
    expect(health.checks['broker-session']!.status).toBe('down');
  });

  test('an order before the login is refused by the risk engine, with the reason, and never reaches Kite', async () => {
    const r = await requestApproval(app().engine.trading, [{ intent: intent(1), sizingReason: 'live e2e', signalPrice: 1500 }]);
    if (!r.ok) throw new Error(r.error);
    expect(r.value.approval).toBeUndefined();
    expect(r.value.refused).toEqual([expect.stringContaining("Kite's equity margin has not been read yet")]);
    expect(await app().engine.repos.approvals.withStatus('PENDING')).toEqual([]);
    expect(placements()).toBe(0);
  });

  test('the login redirect stores the session encrypted and sends the admin the readiness check', async () => {
    const res = await fetch(kiteCallbackUrl(app().http.url, app().engine.services, kite.sessions.issueRequestToken()));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('The readiness check (profile, margins, instruments, ticker) is in the chat');
    const ready = await eventually('the readiness check', () => adminTexts().find((t) => t.includes('Kite login complete')));
    expect(ready).toContain('Profile: AB1234 (Fake Kite User)');
    expect(ready).toContain('Instruments: 1 loaded');
    // This test drives prices itself (a configured tick source), so no Kite ticker runs: that line says so.
    expect(ready).toMatch(/Ticker: not connected \(no live ticker runs/);
    expect(ready).toContain('1 readiness check(s) failed');

    const token = app().engine.kite!.manager.current?.accessToken;
    expect(token).toBeDefined();
    const doc = await app().store.connection.collection('kite_sessions').findOne({ _id: LIVE_API_KEY as never });
    expect(doc).not.toBeNull();
    expect(JSON.stringify(doc)).not.toContain(token!);
    expect(doc).toHaveProperty('iv');
    const health = (await (await fetch(`${app().http.url}/health`)).json()) as { checks: Record<string, { status: string }> };
    expect(health.checks['broker-session']!.status).toBe('up');
  });

  test('after the login an approved order is placed once (tagged with our id) and its fill is reported', async () => {
    const id = await approveOrder(3);
    const filled = await eventuallyFilled('the fill from the postback', () => app().engine.repos.orders.get(clientOrderId(id)));
    expect(filled.filledQuantity).toBe(3);
    expect(filled.averagePrice).toBeCloseTo(1500, 2);
    expect(placements()).toBe(1);
    const onKite = kite.orders.orders().filter((o) => o.tag === id);
    expect(onKite).toHaveLength(1);
    expect(onKite[0]!.status).toBe('COMPLETE');
    const title = await eventually('the Discord fill alert', () => discordTitles().find((t) => t.startsWith('Filled: BUY')));
    expect(title).toBe('Filled: BUY 3 INFY @ ₹1,500.00');
  });

  test('Kite refuses an order from an IP that is not whitelisted: the order is rejected once, trading halts, the admins are told', async () => {
    kite.setOrderIpWhitelist(['203.0.113.7']);
    try {
      const before = placements();
      const id = await approveOrder(2);
      const rejected = await eventually('the rejection', async () => {
        const o = await app().engine.repos.orders.get(clientOrderId(id));
        return o?.status === 'REJECTED' ? o : undefined;
      });
      expect(rejected.message).toMatch(/not whitelisted/);
      expect(placements() - before).toBe(1); // never retried
      await eventually('HALTED', () => (app().engine.trading.risk.state === 'HALTED' ? true : undefined));
      const told = await eventually('the admin told why', () => adminTexts().find((t) => t.includes('Trading halted') && t.includes('not whitelisted')));
      expect(told).toMatch(/KITE_STATIC_IPS/);
      // Halted: the next order is refused before it reaches Kite.
      const r = await requestApproval(app().engine.trading, [{ intent: intent(1), sizingReason: 'live e2e', signalPrice: 1500 }]);
      if (!r.ok) throw new Error(r.error);
      expect(r.value.refused).toEqual([expect.stringMatching(/halted/i)]);
      expect(placements() - before).toBe(1);
    } finally {
      kite.setOrderIpWhitelist(['127.0.0.1']);
    }
  });

  test('at 15:20 the MIS square-off closes an intraday position on Kite while HALTED, through the same pipeline', async () => {
    await app().engine.services.trading!.resume({ id: admin.userId, role: 'admin' });
    const mis = (quantity: number): OrderIntent => ({ ...intent(quantity), product: 'MIS' });
    const r = await requestApproval(app().engine.trading, [{ intent: mis(6), sizingReason: 'intraday', signalPrice: 1500 }]);
    if (!r.ok || !r.value.approval) throw new Error(`no approval: ${r.ok ? r.value.message : r.error}`);
    const d = await app().engine.trading.approvals.decide(r.value.approval.id, { kind: 'approve' }, admin);
    if (!d.ok) throw new Error(d.error);
    await eventually('the MIS position', () => (app().engine.trading.book.net('INFY', 'MIS') === 6 ? true : undefined));
    await app().engine.services.trading!.halt({ id: admin.userId, role: 'admin' });
    const before = placements();
    clock.jump(istTime('2025-01-08', '15:20') + 5_000 - clock.now());
    const run = await app().engine.jobs.runNow('mis-square-off', {}, 20_000);
    if (!run.ok) throw new Error(run.error);
    expect(run.value).toMatchObject({ status: 'done', note: '1 square-off orders, 0 refused' });
    await eventually('the position closed on Kite', () => (app().engine.trading.book.net('INFY', 'MIS') === 0 ? true : undefined));
    expect(placements() - before).toBe(1);
    const sell = kite.orders.orders().filter((o) => o.transaction_type === 'SELL' && o.product === 'MIS');
    expect(sell).toHaveLength(1);
    expect(sell[0]!.status).toBe('COMPLETE');
    const stored = await app().engine.repos.orders.get(clientOrderId(sell[0]!.tag!));
    expect(stored?.intent.source).toEqual({ kind: 'risk', rule: 'mis-square-off' });
    await eventually('the square-off notice', () => adminTexts().find((t) => t.includes('MIS square-off: 1 order sent')));
  });
});
