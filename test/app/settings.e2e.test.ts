/**
 * /settings changes apply to the running bot, end to end (in-process, fake Telegram, fake Discord, MongoDB test
 * server, ticks driven by the test). APPROVAL_POLICY=always from the environment; the admin sends
 * `/settings approval.paper=auto` and the next strategy order fills without an approval card; then
 * `/settings max_order_value=1000` and the strategy's next order (worth far more) is refused by the risk gate, the
 * reason in the Discord alert; /risk shows the position limit set with /settings; after a restart the stored limit still applies.
 */
import type { RunningApp } from '../../src/app';
import type { Config } from '../../src/config';
import type { StoredMessage } from '../fakes/telegram';
import { e2eConfig, shiftedClock, startE2eApp, startFakes, type Fakes, type StartedApp } from '../support/e2e/appHarness';
import { eventually } from '../support/e2e/waiting';

const SYMBOLS = ['INFY'];
const TRADER = 111;
const ADMIN = 333;
/** Wednesday 2025-01-08, 09:15 IST. */
const OPEN = Date.parse('2025-01-08T03:45:00Z');
const minute = (k: number): number => OPEN + k * 60_000 + 1_000;

type Keyboard = { inline_keyboard: { text: string; callback_data?: string }[][] };
type Embed = { title?: string; description?: string };

describe('/settings applies to the running bot', () => {
  let fakes: Fakes;
  let config: Config;
  let running: StartedApp | undefined;
  const clock = shiftedClock(Date.parse('2025-01-08T05:30:00Z'));
  const app = (): RunningApp => running!.app;
  const cards = (): StoredMessage[] => [TRADER, ADMIN].flatMap((c) => fakes.telegram.messages(c)).filter((m) => m.fromBot && (m.state.replyMarkup as Keyboard | undefined)?.inline_keyboard.flat().some((b) => b.text.includes('Approve')));
  const embeds = (): Embed[] => fakes.discord.messages(fakes.alerts.channelId).flatMap((m) => m.current.embeds as Embed[]);
  const ask = async (chatId: number, text: string, expected: RegExp): Promise<string> => {
    const before = fakes.telegram.messages(chatId).length;
    await fakes.telegram.sendUserMessage({ chatId, fromId: chatId, text });
    const fresh = () => fakes.telegram.messages(chatId).slice(before).filter((m) => m.fromBot);
    const reply = await eventually(`the ${text} reply`, () => fresh().find((m) => expected.test(m.state.text ?? ''))).catch((e: unknown) => {
      throw new Error(`${String(e)}; the bot said: ${JSON.stringify(fresh().map((m) => m.state.text))}`);
    });
    return reply.state.text ?? '';
  };
  const orders = () => app().engine.repos.orders.withStatus(['PENDING_APPROVAL', 'APPROVED', 'SUBMITTED', 'OPEN', 'PARTIALLY_FILLED', 'FILLED', 'CANCELLED', 'REJECTED', 'EXPIRED', 'DENIED']);

  beforeAll(async () => {
    fakes = await startFakes('e2e_settings');
    config = e2eConfig(fakes, { TELEGRAM_ALLOWED_USERS: `${TRADER}:trader,${ADMIN}:admin`, APPROVAL_POLICY: 'always' });
    running = await startE2eApp(config, SYMBOLS, clock);
  });

  afterAll(async () => {
    await running?.app.stop();
    await fakes?.close();
  });

  test('approval.paper=auto: the next strategy order fills without an approval card', async () => {
    const changed = await ask(ADMIN, '/settings approval.paper=auto', /Changed|approval/);
    expect(changed).toMatch(/Changed approval\.paper=auto/);
    await ask(TRADER, '/run sma-cross INFY fast=2 slow=4 capital=5%', /^Started/);

    // 30 falling minutes, then a rise: SMA2 crosses above SMA4 on the close of minute 31 (seen when minute 32 trades).
    const { ticks } = running!;
    for (let k = 0; k < 30; k++) ticks.push('INFY', 1500 - 2 * k, minute(k));
    ticks.push('INFY', 1445, minute(30));
    ticks.push('INFY', 1460, minute(31));
    ticks.push('INFY', 1462, minute(32));
    // No approval: the order goes out at once and fills at the first price after the decision, minute 32's 1462
    // (a backtest fills at the same price: the next bar's open).
    const buy = await eventually('the BUY fill', async () => (await orders()).find((o) => o.intent.side === 'BUY' && o.status === 'FILLED'));
    expect(buy.filledQuantity).toBeGreaterThan(0);
    expect(buy.averagePrice).toBe(1462);
    expect(cards()).toEqual([]);
    expect(await app().engine.repos.approvals.withStatus('PENDING')).toEqual([]);
  });

  test('max_order_value=1000: the strategy’s next order is refused by the risk gate, the reason in the alert', async () => {
    const changed = await ask(ADMIN, '/settings max_order_value=1000', /Changed|max_order_value/);
    expect(changed).toMatch(/Changed max_order_value=1000/);
    expect(app().engine.trading.risk.limits?.maxOrderValue).toBe(1000);

    // falling again: SMA2 crosses below SMA4 → the strategy sells its shares, worth ~₹50,000: above the limit
    const { ticks } = running!;
    ticks.push('INFY', 1440, minute(34));
    ticks.push('INFY', 1420, minute(35));
    ticks.push('INFY', 1410, minute(36));
    const alert = await eventually('the risk alert on Discord', () => embeds().find((e) => (e.title ?? '').startsWith('Risk gate refused SELL')));
    expect(alert.description ?? '').toMatch(/maximum order value of ₹1,000/);
    // The refused order is kept for the audit as DENIED, with the reason; nothing reached the broker.
    const sells = (await orders()).filter((o) => o.intent.side === 'SELL');
    expect(sells.map((o) => [o.status, o.message])).toEqual([['DENIED', expect.stringMatching(/maximum order value of ₹1,000/)]]);
    expect(cards()).toEqual([]);

    // /risk reports the limits in force: the position limit set here (the config says 10%)
    await ask(ADMIN, '/settings max_position_pct=20', /Changed max_position_pct=20/);
    const limits = await ask(TRADER, '/risk', /^Limits/);
    expect(limits).toMatch(/largest position\s+used [\d.]+% · max 20\.00%/);
  });

  test('after a restart the stored limit applies from the start', async () => {
    await running!.app.stop();
    running = undefined;
    running = await startE2eApp(config, SYMBOLS, clock);
    expect(app().engine.trading.risk.limits?.maxOrderValue).toBe(1000);
    const shown = await ask(ADMIN, '/settings', /^Settings/);
    expect(shown).toMatch(/^max_order_value = 1000\n {2}largest single order, ₹ \(set here\)$/m);
    expect(shown).toMatch(/^approval\.paper = auto\n {2}/m);
  });
});
