/**
 * Issue 18, the demo market: paper mode without Kite trades on a seeded synthetic market that keeps producing ticks
 * at wall-clock times — on a Saturday night too, and on after a restart (never the same replayed day again) — and
 * /status labels it synthetic. Through the real telegraf against the fake Telegram, the whole bot (no ManualTicks:
 * the product's own market data). A person's order fills at the synthetic price with the wall-clock time; unhappy:
 * a made-up symbol ("did you mean"), a viewer's order, a restart.
 */
import type { Config } from '../../src/config';
import { clientOrderId } from '../../src/core/ids';
import { SYNTHETIC_SOURCE } from '../../src/data/market/liveFeed';
import { e2eConfig, shiftedClock, startE2eApp, startFakes, type Fakes, type StartedApp } from '../support/e2e/appHarness';
import { asker, textOf } from '../support/e2e/chat';
import { buttonData } from '../support/e2e/telegramButtons';
import { eventually, eventuallyFilled } from '../support/e2e/waiting';

const TRADER = 111;
const VIEWER = 555;

describe('the demo market: continuous, synthetic, at wall-clock times', () => {
  // Saturday 11 January 2025, 21:29:57 IST: no NSE session anywhere near.
  const START = Date.parse('2025-01-11T15:59:57Z');
  const clock = shiftedClock(START);
  const s = { fakes: undefined as unknown as Fakes, config: undefined as unknown as Config, running: undefined as StartedApp | undefined };
  beforeAll(async () => {
    s.fakes = await startFakes('e2e_demo_market');
    s.config = e2eConfig(s.fakes, { TELEGRAM_ALLOWED_USERS: `${TRADER}:trader,${VIEWER}:viewer`, APPROVAL_POLICY: 'always', DEMO_MARKET_SPEED: '600' });
    s.running = await startE2eApp(s.config, [], clock, undefined, { demoMarket: true });
  });
  afterAll(async () => {
    await s.running?.app.stop();
    await s.fakes?.close();
  });
  const app = () => s.running!.app;
  const ask = asker(() => s.fakes.telegram);
  const feed = () => app().engine.feed!;

  /** Waits until the feed has traded `symbol` at a time after `after`; returns that time and price. */
  const nextTrade = (symbol: string, after: number): Promise<{ time: number; price: number }> =>
    eventually(`a ${symbol} trade after ${new Date(after).toISOString()}`, () => {
      const t = feed().dataAsOf();
      const p = feed().lastPrice(symbol);
      return t !== undefined && t > after && p !== undefined ? { time: t, price: p } : undefined;
    });

  test('/status names the synthetic market; it trades on a Saturday night, at wall-clock times, and its prices move', async () => {
    // A phone's two-line layout wraps the row: compare with the wrapping undone.
    const status = textOf(await ask(VIEWER, '/status', /AutoPPM status/)).replace(/\s+/g, ' ');
    expect(status).toContain(SYNTHETIC_SOURCE);
    expect(status).toMatch(/synthetic/);
    const first = await nextTrade('INFY', clock.now() - 1);
    // The tick's time is the wall clock's (not a replayed session's).
    expect(Math.abs(first.time - clock.now())).toBeLessThan(5_000);
    const prices = new Set<number>();
    await eventually('the INFY price moving', () => {
      prices.add(feed().lastPrice('INFY')!);
      return prices.size >= 3 ? true : undefined;
    });
    for (const p of prices) expect(Math.abs(Math.round(p * 20) - p * 20)).toBeLessThan(1e-6);
    // The minute's ticks become a 1-minute bar the strategies see, stamped with the wall-clock minute. (The clock
    // moves on to 2 s before the next minute, however long the start took.)
    clock.jump((((58_000 - (clock.now() % 60_000)) % 60_000) + 60_000) % 60_000);
    const series = await eventually('the first synthetic bar', () => {
      const b = app().engine.trading.kernel.seriesOf('INFY');
      return b && b.length > 0 ? b : undefined;
    });
    const barTime = series.time[series.length - 1]!;
    expect(barTime % 60_000).toBe(0);
    expect(barTime).toBeGreaterThanOrEqual(START - 60_000);
    expect(barTime).toBeLessThan(clock.now());
  });

  test('a person’s /buy fills at the synthetic price with the wall-clock time; a made-up symbol and a viewer are refused', async () => {
    expect(textOf(await ask(TRADER, '/buy INFX 1', /INFX/))).toMatch(/INFX is not a symbol of the synthetic market.*did you mean INFY/);
    expect(textOf(await ask(VIEWER, '/buy INFY 1', /trader|⚠️/))).toMatch(/trader/i);
    const reply = textOf(await ask(TRADER, '/buy INFY 1', /^Order \w+:|⚠️/));
    const id = /^Order ([a-z0-9]+):/.exec(reply)?.[1];
    if (!id) throw new Error(reply);
    const card = await eventually('the card', () => s.fakes.telegram.messages(TRADER).find((m) => m.fromBot && /^Order approval/.test(textOf(m)) && textOf(m).includes(id)));
    await s.fakes.telegram.pressButton({ chatId: TRADER, messageId: card.messageId, fromId: TRADER, data: buttonData(card, 'Approve') });
    const before = clock.now();
    const filled = await eventuallyFilled('the INFY buy', () => app().engine.repos.orders.get(clientOrderId(id)));
    const fill = await eventually('the journalled fill', async () => (await app().engine.repos.orders.transitions({ fills: true })).find((t) => t.clientOrderId === id));
    expect(fill.time).toBeGreaterThanOrEqual(before - 1_000);
    expect(fill.time).toBeLessThanOrEqual(clock.now());
    expect(filled.averagePrice).toBeGreaterThan(0);
  });

  test('a restart carries on at the current time (never the same day replayed again)', async () => {
    const before = (await nextTrade('INFY', clock.now() - 1)).time;
    await s.running!.app.stop();
    s.running = undefined;
    s.running = await startE2eApp(s.config, [], clock, undefined, { demoMarket: true });
    const after = await nextTrade('INFY', before);
    expect(after.time).toBeGreaterThan(before);
    expect(Math.abs(after.time - clock.now())).toBeLessThan(5_000);
    expect(textOf(await ask(VIEWER, '/status', /AutoPPM status/)).replace(/\s+/g, ' ')).toContain(SYNTHETIC_SOURCE);
  });
});
