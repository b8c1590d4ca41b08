/**
 * The Discord approval bot inside the whole bot process: with DISCORD_BOT_TOKEN the app logs the real discord.js
 * client in to the fake Discord gateway, and an approval that opens gets a card with buttons in
 * DISCORD_APPROVAL_CHANNEL_ID (once, even when several approvals open together).
 */
import { openedApproval, requestApproval } from '../support/e2e/approvalRequest';
import type { Config } from '../../src/config';
import { clientOrderId, userId } from '../../src/core/ids';
import type { LineRequest } from '../support/e2e/approvalRequest';
import { e2eConfig, shiftedClock, startE2eApp, startFakes, type Fakes, type StartedApp } from '../support/e2e/appHarness';
import { eventually } from '../support/e2e/waiting';

const TRADER = '300000000000000001';
const NOW = Date.parse('2025-01-08T05:30:00Z');

const line = (id: string, quantity: number): LineRequest => ({
  intent: { clientOrderId: clientOrderId(id), symbol: 'INFY', side: 'BUY', quantity, orderType: 'MARKET', product: 'CNC', validity: 'DAY', source: { kind: 'user', userId: userId('tester') }, reason: 'test', time: NOW },
  sizingReason: 'test',
  signalPrice: 1500,
});

describe('the bot process with the Discord approval bot', () => {
  let fakes: Fakes;
  let config: Config;
  let running: StartedApp | undefined;
  let channelId: string;

  beforeAll(async () => {
    fakes = await startFakes('e2e_discord_bot');
    channelId = fakes.discord.createChannel({ name: 'approvals' }).id;
    config = e2eConfig(fakes, { DISCORD_BOT_TOKEN: fakes.discord.botToken, DISCORD_APPROVAL_CHANNEL_ID: channelId, DISCORD_ALLOWED_USERS: `${TRADER}:trader`, TELEGRAM_ALLOWED_USERS: '111:admin' });
    running = await startE2eApp(config, ['INFY'], shiftedClock(NOW));
    running.ticks.push('INFY', 1500, NOW);
  });
  afterAll(async () => {
    await running?.app.stop();
    await fakes?.close();
  });

  test('the bot logs in and each approval that opens gets exactly one card with buttons', async () => {
    expect(running?.banner.join('\n')).toContain(`approval bot, cards to channel ${channelId}`);
    expect(fakes.discord.gateway.identifies().length).toBeGreaterThan(0);
    const [a, b] = await Promise.all([requestApproval(running!.app.engine.trading, [line('dscA1', 5)]), requestApproval(running!.app.engine.trading, [line('dscB1', 7)])]);
    openedApproval(a);
    openedApproval(b);
    const withButtons = () => fakes.discord.messages(channelId).filter((m) => !m.deleted && m.current.components.length > 0);
    await eventually('two approval cards', () => (withButtons().length >= 2 ? true : undefined));
    const texts = withButtons().map((m) => JSON.stringify(m.current));
    expect(texts.some((t) => t.includes('INFY') && t.includes('5'))).toBe(true);
    // A later unrelated change (a new approval) must not post the first two cards again.
    openedApproval(await requestApproval(running!.app.engine.trading, [line('dscC1', 9)]));
    await eventually('the third card', () => (withButtons().length >= 3 ? true : undefined));
    await running!.app.engine.notifier.idle();
    expect(withButtons()).toHaveLength(3);
  });
});
