/** Outage injection: Discord failing or hanging must not hold up Telegram; the gateway keeps beating and resumes. */
import { Client, Events, GatewayIntentBits, HTTPError, WebhookClient } from 'discord.js';
import { Telegraf } from 'telegraf';
import { startFakeDiscord, type FakeDiscord } from '.';
import { startFakeTelegram, type FakeTelegram } from '../telegram';

describe('Discord outage', () => {
  let discord: FakeDiscord;
  let telegram: FakeTelegram;
  let webhook: WebhookClient;
  let bot: Telegraf;
  let channelId: string;

  beforeAll(async () => {
    [discord, telegram] = await Promise.all([startFakeDiscord(), startFakeTelegram()]);
    const hook = discord.createWebhook();
    channelId = hook.channelId;
    webhook = new WebhookClient({ url: hook.url }, { rest: { api: discord.api, retries: 0, timeout: 300 } });
    bot = new Telegraf(telegram.token, { telegram: { apiRoot: telegram.apiRoot } });
  });

  afterAll(async () => {
    webhook.destroy();
    await Promise.all([discord.close(), telegram.close()]);
  });

  it('"fail": every REST call answers 503 and discord.js throws an HTTPError', async () => {
    discord.setOutage('fail');
    await expect(webhook.send('alert')).rejects.toBeInstanceOf(HTTPError);
    await expect(webhook.send('alert')).rejects.toMatchObject({ status: 503 });
    discord.setOutage(false);
    await expect(webhook.send('alert after outage')).resolves.toMatchObject({ content: 'alert after outage' });
  });

  it('"hang": a Discord send that never answers does not delay a Telegram send made meanwhile', async () => {
    discord.setOutage('hang');
    let discordSettled = false;
    const stuck = webhook.send('stuck alert').finally(() => {
      discordSettled = true;
    });
    const sent = await bot.telegram.sendMessage(77, 'fill: BUY 10 INFY');
    expect(sent.text).toBe('fill: BUY 10 INFY');
    expect(discordSettled).toBe(false);
    await expect(stuck).rejects.toMatchObject({ name: 'AbortError' });
    expect(discord.messages(channelId).map((m) => m.current.content)).toEqual(['alert after outage']);
    discord.setOutage(false);
    await expect(webhook.send('queued alert')).resolves.toMatchObject({ content: 'queued alert' });
  });

  it('a per-route fault hits only that route, the given number of times', async () => {
    discord.faults.add({ route: '/webhooks/:id/:token', method: 'POST', times: 2, fault: { kind: 'error', status: 502 } });
    await expect(webhook.send('a')).rejects.toMatchObject({ status: 502 });
    await expect(webhook.send('b')).rejects.toMatchObject({ status: 502 });
    await expect(webhook.send('c')).resolves.toMatchObject({ content: 'c' });
    discord.faults.add({ route: '/webhooks/:id/:token', fault: { kind: 'drop' } });
    await expect(webhook.send('d')).rejects.toThrow();
  });
});

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('gateway liveness', () => {
  it('heartbeats are acknowledged and a dropped connection resumes the same session', async () => {
    const fake = await startFakeDiscord({ heartbeatIntervalMs: 100 });
    fake.createChannel();
    const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.api, retries: 0 }, waitGuildTimeout: 0 });
    try {
      await client.login(fake.botToken);
      await new Promise<void>((resolve) => (client.isReady() ? resolve() : client.once(Events.ClientReady, () => resolve())));
      // discord.js beats every 100 ms here; wait (by condition, not by time) for a few beats to be acknowledged
      await until(() => fake.gateway.heartbeats() >= 3 && client.ws.shards.first()?.lastPingTimestamp !== undefined && client.ws.ping >= 0);
      expect(client.ws.shards.first()?.ping).toBeGreaterThanOrEqual(0);

      const resumed = new Promise<void>((resolve) => client.once(Events.ShardResume, () => resolve()));
      fake.gateway.dropConnections(4000);
      await resumed;
      expect(fake.gateway.identifies()).toHaveLength(1);
      expect(fake.gateway.connectionCount()).toBe(1);
    } finally {
      await client.destroy();
      await fake.close();
    }
  });
});
