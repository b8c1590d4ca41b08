/** Discord alerts through channel webhooks with the real discord.js against the fake Discord server. */
import { randomUUID } from 'node:crypto';
import type { Notification } from '../../../src/notify/notification';
import { startDiscord, type DiscordTransport } from '../../../src/transports/discord';
import { SEVERITY_COLOURS } from '../../../src/transports/discord/alertEmbed';
import { DiscordWebhookSink } from '../../../src/transports/discord/webhookSink';
import { parseWebhookUrl } from '../../../src/transports/discord/webhookTargets';
import { startFakeDiscord, type FakeDiscord } from '../../fakes/discord';
import type { Webhook } from '../../fakes/discord/store';
import { discordConfig, logger, tinyPng } from './support';

const note = (over: Partial<Notification> & Pick<Notification, 'kind' | 'severity' | 'title'>): Notification => ({
  id: randomUUID(),
  time: Date.parse('2025-01-08T10:10:00Z'),
  fields: [],
  ...over,
});

describe('Discord alert webhooks', () => {
  let fake: FakeDiscord;
  let hooks: Record<'risk' | 'fills' | 'summary' | 'system' | 'general', Webhook>;
  let transport: DiscordTransport;

  beforeAll(async () => {
    fake = await startFakeDiscord();
    hooks = {
      risk: fake.createWebhook({ name: 'risk' }),
      fills: fake.createWebhook({ name: 'fills' }),
      summary: fake.createWebhook({ name: 'summary' }),
      system: fake.createWebhook({ name: 'system' }),
      general: fake.createWebhook({ name: 'general' }),
    };
    const config = discordConfig({
      apiRoot: fake.api,
      webhookUrl: hooks.general.url,
      urls: { risk: hooks.risk.url, fills: hooks.fills.url, summary: hooks.summary.url, system: hooks.system.url },
    });
    const r = await startDiscord({ config: { discord: config, encryptionKey: undefined }, services: {}, log: logger, webhookRest: { timeoutMs: 2000, retries: 0 } });
    if (!r.ok) throw new Error(r.error);
    transport = r.value;
  });

  afterAll(async () => {
    await transport.stop();
    await fake.close();
  });

  const only = (hook: Webhook) => fake.messages(hook.channelId);

  it('routes every kind to its own webhook as an embed coloured by severity, with the key numbers as fields', async () => {
    const sink = transport.sink!;
    expect(transport.sinks.map((s) => [s.sink.name, s.route.kinds])).toEqual([['discord', ['risk', 'fill', 'summary', 'system', 'approval']]]);
    const sends = [
      note({ kind: 'risk', severity: 'critical', title: 'VaR above limit', fields: [{ name: 'VaR 95%', value: '₹12,345.67' }, { name: 'Limit', value: '₹10,000.00' }] }),
      note({ kind: 'fill', severity: 'info', title: 'BUY 10 INFY filled', fields: [{ name: 'Price', value: '₹1,500.05' }] }),
      note({ kind: 'system', severity: 'warning', title: 'Kite session expires soon', text: 'Log in before 09:00.' }),
      note({ kind: 'approval', severity: 'info', title: 'Order waiting', actions: [{ label: 'Approve', command: '/approve t1' }, { label: 'Docs', url: 'https://example.com/a' }] }),
    ];
    for (const n of sends) expect(await sink.send(n)).toEqual({ ok: true, value: undefined });

    const risk = only(hooks.risk)[0]!;
    expect(only(hooks.risk)).toHaveLength(1);
    expect(risk.webhookId).toBe(hooks.risk.id);
    expect(risk.current.embeds).toEqual([
      expect.objectContaining({
        title: 'VaR above limit',
        color: 0xe74c3c,
        fields: [{ name: 'VaR 95%', value: '₹12,345.67', inline: true }, { name: 'Limit', value: '₹10,000.00', inline: true }],
        footer: expect.objectContaining({ text: 'AutoPPM · Risk · critical' }),
        timestamp: '2025-01-08T10:10:00.000Z',
      }),
    ]);
    expect(only(hooks.fills).map((m) => [m.current.embeds[0]!.title, m.current.embeds[0]!.color])).toEqual([['BUY 10 INFY filled', SEVERITY_COLOURS.info]]);
    expect(only(hooks.system).map((m) => [m.current.embeds[0]!.description, m.current.embeds[0]!.color])).toEqual([['Log in before 09:00.', 0xf39c12]]);
    expect(only(hooks.general).map((m) => m.current.embeds[0]!.description)).toEqual(['Approve: `/approve t1` · [Docs](https://example.com/a)']);
    expect(only(hooks.summary)).toHaveLength(0);
    expect(risk.attachments).toEqual([]);
  });

  it('attaches a chart as a PNG file shown inside the embed', async () => {
    const png = tinyPng();
    const r = await transport.sink!.send(note({ kind: 'summary', severity: 'info', title: 'Day summary', fields: [{ name: 'P&L', value: '₹1,234.50' }], image: png }));
    expect(r.ok).toBe(true);
    const m = only(hooks.summary)[0]!;
    expect(m.attachments.map((a) => [a.filename, a.contentType])).toEqual([['chart.png', 'image/png']]);
    expect(Buffer.compare(m.attachments[0]!.bytes, Buffer.from(png))).toBe(0);
    expect(m.current.embeds[0]!.image).toEqual(expect.objectContaining({ url: 'attachment://chart.png' }));
  });

  it('truncates an oversized alert within every embed limit and Discord accepts it', async () => {
    const title = 'T'.repeat(300);
    const fields = Array.from({ length: 30 }, (_, i) => ({ name: `field ${i} ${'n'.repeat(300)}`, value: i === 3 ? '' : '😀'.repeat(2000) }));
    const r = await transport.sink!.send(note({ kind: 'risk', severity: 'warning', title, text: 'd'.repeat(5000), fields }));
    expect(r).toEqual({ ok: true, value: undefined });
    const e = only(hooks.risk).at(-1)!.current.embeds[0]!;
    // an independent count in code points
    const len = (s: string | undefined): number => [...(s ?? '')].length;
    const total = len(e.title) + len(e.description) + len(e.footer?.text as string | undefined) + (e.fields ?? []).reduce((a, f) => a + len(f.name) + len(f.value), 0);
    expect(total).toBeLessThanOrEqual(6000);
    expect(len(e.title)).toBe(256);
    expect(e.title?.endsWith('…')).toBe(true);
    expect(e.fields!.length).toBeLessThanOrEqual(25);
    for (const f of e.fields!) {
      expect(len(f.name)).toBeLessThanOrEqual(256);
      expect(len(f.value)).toBeLessThanOrEqual(1024);
      expect(len(f.value)).toBeGreaterThan(0);
      // never a broken surrogate pair
      expect(f.value).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    }
    // the first fields (the key numbers) are kept; the footer says how many were left out
    expect(e.fields![0]!.name.startsWith('field 0 ')).toBe(true);
    expect(e.footer?.text).toMatch(new RegExp(`${30 - e.fields!.length} more fields not shown$`));
  });

  it('honours a 429 with retry_after: the alert is delivered once after the wait', async () => {
    const before = only(hooks.fills).length;
    const log0 = fake.requests().length;
    fake.faults.add({ route: '/webhooks/:id/:token', method: 'POST', times: 1, fault: { kind: 'rateLimit', retryAfter: 0.2 } });
    const r = await transport.sink!.send(note({ kind: 'fill', severity: 'info', title: 'SELL 5 TCS filled' }));
    expect(r.ok).toBe(true);
    expect(fake.requests().slice(log0).map((q) => q.status)).toEqual([429, 200]);
    expect(only(hooks.fills).slice(before).map((m) => m.current.embeds[0]!.title)).toEqual(['SELL 5 TCS filled']);
  });

  it('a rate limit longer than the sink waits for is a transient failure (the Notifier retries later)', async () => {
    // its own webhook and client: the REST client then keeps that bucket closed for the minute
    const hook = fake.createWebhook({ name: 'slow' });
    const target = parseWebhookUrl('DISCORD_WEBHOOK_URL_FILLS', hook.url);
    if (!target.ok) throw new Error(target.error);
    const slow = new DiscordWebhookSink({ targets: { fill: target.value }, apiRoot: fake.api, log: logger });
    try {
      fake.faults.add({ route: '/webhooks/:id/:token', method: 'POST', times: 1, fault: { kind: 'rateLimit', retryAfter: 60 } });
      const r = await slow.send(note({ kind: 'fill', severity: 'info', title: 'later' }));
      expect(r).toEqual({ ok: false, error: { reason: 'Discord asked to wait 60 s (rate limit)', permanent: false } });
      expect(fake.messages(hook.channelId)).toEqual([]);
    } finally {
      slow.destroy();
    }
  });

  it('keeps to an enforced per-webhook rate limit: a burst arrives complete and in order', async () => {
    fake.setRateLimits({ limit: 2, windowMs: 300, enforce: true });
    try {
      const titles = Array.from({ length: 6 }, (_, i) => `fill ${i}`);
      const results = await Promise.all(titles.map((title) => transport.sink!.send(note({ kind: 'fill', severity: 'info', title }))));
      expect(results.every((r) => r.ok)).toBe(true);
      expect(only(hooks.fills).slice(-6).map((m) => m.current.embeds[0]!.title)).toEqual(titles);
    } finally {
      fake.setRateLimits({ limit: 50, windowMs: 1000, enforce: false });
    }
  });

  it('a webhook Discord does not know is a permanent failure whose reason holds no token', async () => {
    const ghost = new DiscordWebhookSink({
      targets: { risk: { variable: 'DISCORD_WEBHOOK_URL_RISK', id: '123456789012345678', token: 'x'.repeat(68) } },
      apiRoot: fake.api,
      log: logger,
      rest: { retries: 0, timeoutMs: 2000 },
    });
    try {
      const r = await ghost.send(note({ kind: 'risk', severity: 'info', title: 'lost' }));
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.permanent).toBe(true);
      expect(r.error.reason).toMatch(/404/);
      expect(r.error.reason).not.toContain('x'.repeat(20));
      expect(await ghost.send(note({ kind: 'fill', severity: 'info', title: 'no route' }))).toEqual({
        ok: false,
        error: { reason: 'no Discord webhook is configured for fill notifications', permanent: true },
      });
    } finally {
      ghost.destroy();
    }
  });
});

describe('webhook configuration', () => {
  it('falls back to DISCORD_WEBHOOK_URL for kinds without their own URL', async () => {
    const fake = await startFakeDiscord();
    const general = fake.createWebhook({ name: 'general' });
    const risk = fake.createWebhook({ name: 'risk' });
    const r = await startDiscord({ config: { discord: discordConfig({ apiRoot: fake.api, webhookUrl: general.url, urls: { risk: risk.url } }), encryptionKey: undefined }, services: {}, log: logger });
    if (!r.ok) throw new Error(r.error);
    try {
      for (const kind of ['risk', 'fill', 'summary', 'system'] as const) expect((await r.value.sink!.send(note({ kind, severity: 'info', title: kind }))).ok).toBe(true);
      expect(fake.messages(risk.channelId).map((m) => m.current.embeds[0]!.title)).toEqual(['risk']);
      expect(fake.messages(general.channelId).map((m) => m.current.embeds[0]!.title)).toEqual(['fill', 'summary', 'system']);
    } finally {
      await r.value.stop();
      await fake.close();
    }
  });

  it('refuses a URL that is not a Discord webhook in one sentence naming the variable, never echoing the URL', async () => {
    const secretish = 'https://example.com/hooks/very-secret-token-value';
    const r = await startDiscord({ config: { discord: discordConfig({ urls: { fills: secretish } }), encryptionKey: undefined }, services: {}, log: logger });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatch(/^DISCORD_WEBHOOK_URL_FILLS is not a Discord webhook URL; copy it from/);
    expect(r.error).not.toContain('very-secret');
  });

  it('is off without any webhook or bot', async () => {
    const r = await startDiscord({ config: { discord: discordConfig({}), encryptionKey: undefined }, services: {}, log: logger });
    expect(r.ok && r.value.sinks.length === 0 && r.value.sink === undefined && r.value.bot === undefined).toBe(true);
  });
});
