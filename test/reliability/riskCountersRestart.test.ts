/**
 * Reliability, issue 16 item 4: a restart does not reset the daily limits. The whole bot (paper mode, in-process)
 * against the MongoDB test server, the fake Telegram and Discord; the restart is the SIGTERM path (`app.stop()`,
 * what the CLI runs on SIGTERM) and a new start on the same database.
 *  - orders per day 60: 40 orders before the restart, 30 attempts after it → 20 go out, 10 are refused
 *    (`orders-per-day`): 60 in all, where the fault run counted 112 after one SIGTERM.
 *  - the daily loss: a position bought today loses more than the limit, new buys are refused; after the restart
 *    every buy is still refused (`daily-loss`) — the fault run saw the halt lifted and 14 new buys fill.
 *  - the duplicate window: an order sent just before the restart is still a duplicate just after it.
 */
import type { RunningApp } from '../../src/app';
import type { Config } from '../../src/config';
import { userId } from '../../src/core/ids';
import type { OrderIntent } from '../../src/core/order';
import type { Result } from '../../src/core/result';
import { omsIntent } from '../support/brokers/omsFixtures';
import { e2eConfig, shiftedClock, startE2eApp, startFakes, type Fakes, type StartedApp } from '../support/e2e/appHarness';
import { LIVE_START } from '../support/e2e/liveHarness';
import { eventually } from '../support/e2e/waiting';

const ADMIN = 555;

/** One paper bot on one database, restartable (SIGTERM path). */
function paperBot(label: string, env: Record<string, string>) {
  const clock = shiftedClock(LIVE_START);
  const s = { fakes: undefined as unknown as Fakes, config: undefined as unknown as Config, running: undefined as StartedApp | undefined };
  const app = (): RunningApp => s.running!.app;
  const start = async (price: number): Promise<void> => {
    s.running = await startE2eApp(s.config, ['INFY'], clock);
    s.running.ticks.push('INFY', price, clock.now());
    // the daily volatility the VaR limit needs (what a command's check reads first)
    await s.running.app.engine.trading.pipeline.prepare(['INFY']);
  };
  const sigterm = async (): Promise<void> => {
    const r = s.running;
    s.running = undefined;
    await r?.app.stop();
  };
  beforeAll(async () => {
    s.fakes = await startFakes(label);
    s.config = e2eConfig(s.fakes, { TELEGRAM_ALLOWED_USERS: `${ADMIN}:admin`, ...env });
  });
  afterAll(async () => {
    await sigterm();
    await s.fakes?.close();
  });
  const intent = (quantity: number, side: OrderIntent['side'] = 'BUY'): OrderIntent =>
    omsIntent({ clientOrderId: app().engine.trading.pipeline.nextId(), quantity, side, source: { kind: 'user', userId: userId(String(ADMIN)) }, reason: 'reliability restart', time: clock.now() });
  /** Submits as a person's order with no approval; the refusal's rule, or 'sent'. */
  const submit = (quantity: number, side: OrderIntent['side'] = 'BUY'): string => {
    const r: Result<unknown, { kind: string; rule?: string }> = app().engine.trading.pipeline.submit(intent(quantity, side), { approval: 'never' });
    return r.ok ? 'sent' : (r.error.rule ?? r.error.kind);
  };
  const tally = (outcomes: readonly string[]): Record<string, number> => {
    const t: Record<string, number> = {};
    for (const o of outcomes) t[o] = (t[o] ?? 0) + 1;
    return t;
  };
  /** Orders the paper broker was given (every stored order that went out), from the journal. */
  const ordersOut = async (): Promise<number> => (await app().engine.repos.orders.withStatus(['SUBMITTED', 'OPEN', 'PARTIALLY_FILLED', 'FILLED', 'CANCELLED', 'REJECTED', 'EXPIRED', 'UNKNOWN'])).length;
  return { clock, app, start, sigterm, submit, tally, ordersOut, ticks: () => s.running!.ticks };
}

describe('orders per day 60 stays 60 across a SIGTERM and a restart', () => {
  const b = paperBot('rel_counters_orders', { RISK_MAX_ORDERS_PER_DAY: '60', RISK_MAX_ORDERS_PER_MINUTE: '400', APPROVAL_POLICY: 'never' });

  test('40 orders, restart, the last one again (duplicate), 30 attempts → 20 sent and 10 refused (orders-per-day): 60 orders in the day', async () => {
    await b.start(10);
    const before = Array.from({ length: 40 }, (_, i) => b.submit(i + 1));
    expect(b.tally(before)).toEqual({ sent: 40 });
    await b.app().engine.trading.drainOrders();
    await b.sigterm();

    await b.start(10);
    expect(b.app().engine.trading.risk.recentOrders()).toHaveLength(40);
    // the duplicate window (30 s) spans the restart: the last order, sent again at once, is refused
    expect(b.submit(40)).toBe('duplicate');
    const after = Array.from({ length: 30 }, (_, i) => b.submit(41 + i));
    const t = b.tally(after);
    console.log(`orders/day limit 60: 40 sent before the restart; after it ${after.length} attempts → ${t.sent ?? 0} sent, ${t['orders-per-day'] ?? 0} refused (orders-per-day)`);
    expect(t).toEqual({ sent: 20, 'orders-per-day': 10 });
    await b.app().engine.trading.drainOrders();
    expect(await b.ordersOut()).toBe(60);
  });
});

describe('a daily-loss halt survives a restart', () => {
  const b = paperBot('rel_counters_loss', { RISK_DAILY_LOSS_LIMIT_PCT: '0.1', APPROVAL_POLICY: 'never' });

  test('a loss past the limit refuses new buys; after a SIGTERM and a restart 5 of 5 buys are still refused', async () => {
    await b.start(1500);
    expect(b.submit(60)).toBe('sent');
    b.ticks().push('INFY', 1500, b.clock.now());
    const held = (): number => {
      const p = b.app().engine.trading.book.portfolio;
      const j = p.find('INFY', 'CNC');
      return j < 0 ? 0 : p.position[j]!;
    };
    await eventually('the buy filled', () => (held() === 60 ? true : undefined));
    const dayStart = b.app().engine.trading.risk.dayStart.equity;
    b.ticks().push('INFY', 1450, b.clock.now());
    expect(b.submit(1)).toBe('daily-loss');
    // /risk measures the day's loss from the same stored figure as the gate (one source of truth)
    const dayLossRow = async (): Promise<{ used: number; limit: number }> => {
      const r = await b.app().engine.services.risk!.report();
      if (!r.ok) throw new Error(`/risk refused: ${r.error}`);
      return r.value.limits.find((l) => l.name === 'day loss')!;
    };
    const loss = Math.round((dayStart - b.app().engine.trading.equity()) * 100) / 100;
    expect(await dayLossRow()).toEqual({ name: 'day loss', used: loss, limit: Math.round(0.001 * dayStart * 100) / 100, unit: '₹' });
    await b.app().engine.trading.drainOrders();
    await b.sigterm();

    await b.start(1450);
    expect(b.app().engine.trading.risk.dayStart.equity).toBe(dayStart);
    // after the restart /risk's first report of the day shows the stored day start's loss, not a fresh day's zero
    expect(await dayLossRow()).toEqual({ name: 'day loss', used: loss, limit: Math.round(0.001 * dayStart * 100) / 100, unit: '₹' });
    const after = Array.from({ length: 5 }, (_, i) => b.submit(i + 1));
    const t = b.tally(after);
    console.log(`daily loss limit 0.1% (day start ₹${dayStart}, loss ₹${(dayStart - b.app().engine.trading.equity()).toFixed(2)}): after the restart ${after.length} buys → ${t.sent ?? 0} sent, ${t['daily-loss'] ?? 0} refused (daily-loss)`);
    expect(t).toEqual({ 'daily-loss': 5 });
    // exits are still accepted: a sell of the held shares goes out
    expect(b.submit(60, 'SELL')).toBe('sent');
  });
});
