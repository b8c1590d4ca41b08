/**
 * MODE=live, the risk gate's equity comes from Kite's equity margins, end to end (in-process, fake Kite REST,
 * fake Telegram and Discord, MongoDB test server): before the login the gate refuses with a clear reason (never the
 * paper figure); the login reads Kite's figure; a fill reads it again (Kite's net drops by the fill's value) and the
 * day's start stays Kite's opening balance (a purchase is no loss); a failing margins read keeps the last figure.
 */
import { requestApproval } from '../support/e2e/approvalRequest';
import type { RunningApp } from '../../src/app';
import { userId } from '../../src/core/ids';
import type { OrderIntent } from '../../src/core/order';
import type { FakeKite } from '../fakes/kite';
import { INFY } from '../fakes/kite/support';
import { e2eConfig, shiftedClock, startE2eApp, startFakes, type Fakes, type StartedApp } from '../support/e2e/appHarness';
import { LIVE_START, liveEnv, startLiveFakeKite, kiteCallbackUrl } from '../support/e2e/liveHarness';
import { omsIntent } from '../support/brokers/omsFixtures';
import { eventually } from '../support/e2e/waiting';

const ADMIN = 333;
const START = LIVE_START;
const admin = { userId: userId(String(ADMIN)), roles: ['admin'] };

describe('MODE=live: the risk gate values the account with Kite’s equity margin', () => {
  let fakes: Fakes;
  let kite: FakeKite;
  let running: StartedApp | undefined;
  const clock = shiftedClock(START);
  const app = (): RunningApp => running!.app;
  const gateEquity = (): number => app().engine.trading.equity();
  const intent = (quantity: number, source: OrderIntent['source'] = { kind: 'user', userId: admin.userId }): OrderIntent => omsIntent({ quantity, source, reason: 'equity e2e', time: clock.now() });

  beforeAll(async () => {
    fakes = await startFakes('e2e_live_equity');
    kite = await startLiveFakeKite({ instruments: [INFY], cash: 800_000 });
    kite.setLtp(INFY.token, 1500);
    const config = e2eConfig(fakes, { ...liveEnv(kite, ADMIN), });
    running = await startE2eApp(config, ['INFY'], clock);
    kite.setPostbackUrl(`${app().http.url}/kite/postback`);
    running.ticks.push('INFY', 1500, clock.now());
  });

  afterAll(async () => {
    await running?.app.stop();
    await kite?.close();
    await fakes?.close();
  });

  test('before the login the gate refuses with the reason, not with the paper account’s figure', () => {
    expect(app().engine.trading.liveEquity?.value()).toBeUndefined();
    const r = app().engine.trading.pipeline.submit(intent(1), { approval: 'never' });
    expect(r).toMatchObject({ ok: false, error: { kind: 'denied', rule: 'equity-unknown', message: expect.stringContaining("Kite's equity margin has not been read yet") } });
    expect(Number.isNaN(app().engine.trading.equity())).toBe(true);
  });

  test('the login reads Kite’s figure; a fill reads it again; a failed read keeps the last figure', async () => {
    const res = await fetch(kiteCallbackUrl(app().http.url, app().engine.services, kite.sessions.issueRequestToken()));
    expect(res.status).toBe(200);
    await eventually('Kite’s equity after the login', () => (app().engine.trading.liveEquity?.value() === 800_000 ? true : undefined));
    expect(gateEquity()).toBe(800_000);

    // an approved order fills on Kite: Kite's net drops by its value, and the fill makes the bot read it again
    const approvals = app().engine.trading.approvals;
    const r = await requestApproval(app().engine.trading, [{ intent: intent(4), sizingReason: 'equity e2e', signalPrice: 1500 }]);
    if (!r.ok || !r.value.approval) throw new Error(`the approval was refused: ${r.ok ? r.value.message : r.error}`);
    const d = await approvals.decide(r.value.approval.id, { kind: 'approve' }, admin);
    if (!d.ok) throw new Error(d.error);
    await eventually('the equity after the fill', () => (app().engine.trading.liveEquity?.value() === 800_000 - 4 * 1500 ? true : undefined));
    // Kite's net is the cash left; the four shares bought count at their mark (₹1,500): buying is not a loss.
    expect(gateEquity()).toBe(794_000 + 4 * 1500);
    // the day started from Kite's opening balance (₹8,00,000), the figure the daily-loss limit and /risk share: the
    // purchase is no day loss, a fall of the shares bought is
    expect(app().engine.trading.risk.dayStartAt(clock.now())).toBe(800_000);
    running!.ticks.push('INFY', 1490, clock.now());
    expect(gateEquity() - app().engine.trading.risk.dayStartAt(clock.now())).toBe(-40);
    running!.ticks.push('INFY', 1500, clock.now());

    // Kite's margins fail: the gate keeps the last figure
    kite.faults.add({ route: 'user.margins.segment', times: 20, action: { kind: 'error', status: 503, message: 'margins down' } });
    kite.setCash(100_000);
    const before = kite.requests.count({ route: 'user.margins.segment' });
    await app().engine.trading.liveEquity!.refresh();
    expect(kite.requests.count({ route: 'user.margins.segment' })).toBeGreaterThan(before);
    expect(gateEquity()).toBe(794_000 + 4 * 1500);
  });
});
