/**
 * A Discord outage never blocks the caller or another sink: through the Notifier, alerts for Discord wait in its
 * queue (retried with backoff) while a Telegram-like sink gets them at once, and they reach Discord in order
 * when it is back. Real discord.js against the fake's outage injection.
 */
import { LiveClock } from '../../../src/core/clock';
import { Notifier, type NotificationInput } from '../../../src/notify';
import { startDiscord, type DiscordTransport } from '../../../src/transports/discord';
import { RecordingSink } from '../../notify/testSinks';
import { startFakeDiscord, type FakeDiscord } from '../../fakes/discord';
import type { Webhook } from '../../fakes/discord/store';
import { discordConfig, logger, until } from './support';

const alert = (title: string): NotificationInput => ({ kind: 'risk', severity: 'warning', title, fields: [{ name: 'Drawdown', value: '3.20%' }] });

describe('Discord outage', () => {
  let fake: FakeDiscord;
  let hook: Webhook;
  let transport: DiscordTransport;
  let notifier: Notifier;
  let telegram: RecordingSink;

  beforeEach(async () => {
    fake = await startFakeDiscord();
    hook = fake.createWebhook({ name: 'alerts' });
    const r = await startDiscord({
      config: { discord: discordConfig({ apiRoot: fake.api, webhookUrl: hook.url }), encryptionKey: undefined },
      services: {},
      log: logger,
      webhookRest: { timeoutMs: 300, retries: 0 },
    });
    if (!r.ok) throw new Error(r.error);
    transport = r.value;
    notifier = new Notifier({ logger, clock: new LiveClock(), queue: { sendTimeoutMs: 2000, retryBaseMs: 20, retryMaxMs: 100, maxAttempts: 3, outageProbeMs: 50 } });
    for (const s of transport.sinks) notifier.addSink(s.sink, s.route);
    telegram = new RecordingSink('telegram');
    notifier.addSink(telegram);
  });

  afterEach(async () => {
    await notifier.stop();
    await transport.stop();
    await fake.close();
  });

  const discordStatus = () => notifier.status().find((s) => s.name === 'discord')!;
  const delivered = () => fake.messages(hook.channelId).map((m) => m.current.embeds[0]!.title);

  it.each(['fail', 'hang'] as const)('"%s": alerts queue for Discord without blocking Telegram, then arrive in order when it is back', async (mode) => {
    fake.setOutage(mode);
    const titles = ['drawdown 3%', 'drawdown 4%', 'VaR breach'];
    for (const t of titles) expect(notifier.notify(alert(t)).ok).toBe(true);

    // the other sink has everything while Discord has nothing
    await telegram.receivedCount(3);
    expect(telegram.titles()).toEqual(titles);
    await until(() => discordStatus().state === 'down', 'Discord counted as down');
    expect(discordStatus()).toMatchObject({ queued: 3, sent: 0 });
    expect(delivered()).toEqual([]);
    // a later alert is not held up either
    expect(notifier.notify(alert('fill: BUY 10 INFY')).ok).toBe(true);
    await telegram.receivedCount(4);

    fake.setOutage(false);
    await until(() => discordStatus().sent === 4, 'backlog sent to Discord');
    expect(delivered()).toEqual([...titles, 'fill: BUY 10 INFY']);
    expect(discordStatus()).toMatchObject({ state: 'up', queued: 0 });
    // each alert was posted exactly once, however many attempts failed before
    expect(fake.requests().filter((q) => q.route === '/webhooks/:id/:token' && q.status === 200)).toHaveLength(4);
  });
});
