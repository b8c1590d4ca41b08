/**
 * MIS square-off in paper (issue 14): at the session's square-off time (15:20 IST on a regular day, from the
 * calendar) the `mis-square-off` job closes every open intraday position through the one order pipeline — a market
 * order of source `risk`, no approval — even when trading is HALTED (the risk engine lets the reduction through),
 * and tells the traders what it did. In-process app, fake Telegram and Discord, MongoDB test server, ticks driven
 * by the test; the clock jumps to the square-off time.
 */
import type { RunningApp } from '../../src/app';
import { istTime } from '../../src/calendar/ist';
import { userId } from '../../src/core/ids';
import type { Order, OrderIntent } from '../../src/core/order';
import { openedApproval, requestApproval } from '../support/e2e/approvalRequest';
import { e2eConfig, shiftedClock, startE2eApp, startFakes, type Fakes, type StartedApp } from '../support/e2e/appHarness';
import { eventually } from '../support/e2e/waiting';

const ADMIN = 333;
const admin = { id: userId(String(ADMIN)), role: 'admin' as const };
/** Wednesday 2025-01-08, 15:15 IST. */
const START = istTime('2025-01-08', '15:15');

describe('MIS square-off in paper', () => {
  let fakes: Fakes;
  let running: StartedApp | undefined;
  const clock = shiftedClock(START);
  const app = (): RunningApp => running!.app;
  const tick = (price: number): void => running!.ticks.push('INFY', price, clock.now());
  const adminTexts = (): string[] => fakes.telegram.messages(ADMIN).filter((m) => m.fromBot).map((m) => m.state.text ?? '');
  const orders = (): Promise<Order[]> => app().engine.repos.orders.withStatus(['SUBMITTED', 'OPEN', 'FILLED', 'REJECTED', 'DENIED']);
  const misHeld = (): number => app().engine.trading.book.net('INFY', 'MIS');

  beforeAll(async () => {
    fakes = await startFakes('e2e_mis_square_off');
    running = await startE2eApp(e2eConfig(fakes, { TELEGRAM_ALLOWED_USERS: `${ADMIN}:admin` }), ['INFY'], clock);
    tick(1500);
  });
  afterAll(async () => {
    await running?.app.stop();
    await fakes?.close();
  });

  test('before 15:20 the job does nothing; at 15:20 it closes the MIS position while HALTED, once, and says so', async () => {
    // An intraday position: a manual MIS buy, approved, filled at the next trade.
    const buy = (): OrderIntent => ({ clientOrderId: app().engine.trading.pipeline.nextId(), symbol: 'INFY', side: 'BUY', quantity: 10, orderType: 'MARKET', product: 'MIS', validity: 'DAY', source: { kind: 'user', userId: admin.id }, reason: 'intraday', time: clock.now() });
    const a = openedApproval(await requestApproval(app().engine.trading, [{ intent: buy(), sizingReason: 'manual', signalPrice: 1500 }]));
    const decided = await app().engine.trading.approvals.decide(a.id, { kind: 'approve' }, { userId: admin.id, roles: ['admin'] });
    if (!decided.ok) throw new Error(decided.error);
    await eventually('the buy at the paper broker', async () => ((await orders()).some((o) => o.intent.side === 'BUY' && o.status === 'OPEN') ? true : undefined));
    tick(1502);
    await eventually('the MIS position', () => (misHeld() === 10 ? true : undefined));

    const early = await app().engine.jobs.runNow('mis-square-off', {}, 20_000);
    if (!early.ok) throw new Error(early.error);
    expect(early.value).toMatchObject({ status: 'skipped', note: expect.stringContaining('before the square-off time') });

    // The kill switch is on: new orders are refused, the square-off still goes.
    const halted = await app().engine.services.trading!.halt(admin);
    expect(halted.state).toBe('HALTED');
    clock.jump(istTime('2025-01-08', '15:20') + 30_000 - clock.now());
    const run = await app().engine.jobs.runNow('mis-square-off', {}, 20_000);
    expect(run.ok && run.value).toMatchObject({ status: 'done', note: '1 square-off orders, 0 refused' });
    const sell = await eventually('the square-off order', async () => (await orders()).find((o) => o.intent.side === 'SELL'));
    expect(sell.intent).toMatchObject({ symbol: 'INFY', quantity: 10, product: 'MIS', orderType: 'MARKET', source: { kind: 'risk', rule: 'mis-square-off' } });
    tick(1499);
    await eventually('the position closed', () => (misHeld() === 0 ? true : undefined));
    const filled = await eventually('the sell filled', async () => (await orders()).find((o) => o.intent.side === 'SELL' && o.status === 'FILLED'));
    expect(filled.averagePrice).toBe(1499);
    const notice = await eventually('the square-off notice', () => adminTexts().find((t) => t.includes('MIS square-off: 1 order sent')));
    expect(notice).toContain(`SELL 10 INFY (order ${sell.intent.clientOrderId})`);

    // The next minute's run finds nothing open and sends nothing more.
    const again = await app().engine.jobs.runNow('mis-square-off', {}, 20_000);
    expect(again.ok && again.value).toMatchObject({ status: 'done', note: 'no open MIS positions' });
    expect((await orders()).filter((o) => o.intent.side === 'SELL')).toHaveLength(1);
    // Still halted: a new MIS entry is refused.
    const late = await requestApproval(app().engine.trading, [{ intent: buy(), sizingReason: 'manual', signalPrice: 1500 }]);
    expect(late.ok && late.value.refused).toEqual([expect.stringMatching(/halted/i)]);
  });
});
