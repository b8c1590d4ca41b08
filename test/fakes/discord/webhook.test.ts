/** discord.js WebhookClient against the fake: embeds, PNG attachments, limits and the 429 path. */
import { createHash } from 'node:crypto';
import { AttachmentBuilder, DiscordAPIError, EmbedBuilder, WebhookClient } from 'discord.js';
import { startFakeDiscord, type FakeDiscord, type Webhook } from '.';

const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.from([0, 0, 0, 2, 0, 0, 0, 1, 8, 2, 0, 0, 0]), Buffer.alloc(40, 0xab)]);

describe('fake Discord webhooks with discord.js', () => {
  let fake: FakeDiscord;
  let hook: Webhook;
  let client: WebhookClient;

  beforeAll(async () => {
    fake = await startFakeDiscord();
    hook = fake.createWebhook({ name: 'risk-alerts' });
    client = new WebhookClient({ url: hook.url }, { rest: { api: fake.api, retries: 0 } });
  });
  afterAll(async () => {
    client.destroy();
    await fake.close();
  });

  it('the webhook URL has the shape discord.js parses', () => {
    expect(hook.url).toMatch(/^https:\/\/discord\.com\/api\/webhooks\/\d{17,19}\/[\w-]{68}$/);
    expect(client.id).toBe(hook.id);
  });

  it('send() with an embed posts ?wait=true and gets the stored message back', async () => {
    const embed = new EmbedBuilder().setTitle('VaR limit breached').setDescription('Portfolio 1-day VaR ₹12,345.60 > limit ₹10,000.00').setColor(0xe74c3c).addFields({ name: 'VaR', value: '₹12,345.60', inline: true });
    const sent = await client.send({ content: 'risk alert', embeds: [embed] });
    expect(sent.id).toMatch(/^\d{17,19}$/);
    expect(sent.webhook_id).toBe(hook.id);
    const stored = fake.messages(hook.channelId);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.current.embeds[0]).toMatchObject({ title: 'VaR limit breached', color: 0xe74c3c, fields: [{ name: 'VaR', value: '₹12,345.60', inline: true }] });
    const req = fake.requests().at(-1);
    expect(req).toMatchObject({ method: 'POST', route: '/webhooks/:id/:token', status: 200 });
  });

  it('send() with a PNG attachment arrives as multipart with the bytes intact', async () => {
    const file = new AttachmentBuilder(PNG, { name: 'equity.png' });
    const sent = await client.send({ content: 'daily summary', files: [file], embeds: [new EmbedBuilder().setTitle('EOD').setImage('attachment://equity.png')] });
    expect(sent.attachments).toEqual([expect.objectContaining({ filename: 'equity.png', size: PNG.length, content_type: 'image/png' })]);
    const stored = fake.messages(hook.channelId).at(-1);
    const bytes = stored?.attachments[0]!.bytes ?? Buffer.alloc(0);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(createHash('sha256').update(PNG).digest('hex'));
    expect(stored?.current.embeds[0]!.image).toEqual({ url: 'attachment://equity.png' });
  });

  it('editMessage and deleteMessage reach the stored message', async () => {
    const sent = await client.send({ content: 'pending' });
    const edited = await client.editMessage(sent.id, { content: 'done' });
    expect(edited.content).toBe('done');
    expect(fake.messages(hook.channelId).find((m) => m.id === sent.id)?.edits.map((e) => e.content)).toEqual(['pending']);
    await client.deleteMessage(sent.id);
    expect(fake.messages(hook.channelId).find((m) => m.id === sent.id)?.deleted).toBe(true);
  });

  it('a wrong token or unknown webhook is refused like Discord does', async () => {
    const wrong = new WebhookClient({ id: hook.id, token: 'x'.repeat(68) }, { rest: { api: fake.api, retries: 0 } });
    await expect(wrong.send('x')).rejects.toMatchObject({ status: 401, code: 50027 });
    const unknown = new WebhookClient({ id: '100000000000000000', token: hook.token }, { rest: { api: fake.api, retries: 0 } });
    await expect(unknown.send('x')).rejects.toMatchObject({ status: 404, code: 10015 });
    await expect(client.send({ content: '' })).rejects.toMatchObject({ status: 400, code: 50006 });
    wrong.destroy();
    unknown.destroy();
  });
});

describe('embed and message limits', () => {
  let fake: FakeDiscord;
  let client: WebhookClient;
  beforeAll(async () => {
    fake = await startFakeDiscord();
    const hook = fake.createWebhook();
    client = new WebhookClient({ url: hook.url }, { rest: { api: fake.api, retries: 0 } });
  });
  afterAll(async () => {
    client.destroy();
    await fake.close();
  });

  const rejectWith = async (options: Parameters<WebhookClient['send']>[0], path: string, code: string): Promise<void> => {
    const error: unknown = await client.send(options).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DiscordAPIError);
    const api = error as DiscordAPIError;
    expect(api.status).toBe(400);
    expect(api.code).toBe(50035);
    let node: unknown = (api.rawError as { errors?: unknown }).errors;
    for (const key of path.split('.')) node = (node as Record<string, unknown>)[key];
    expect((node as { _errors: { code: string }[] })._errors[0]!.code).toBe(code);
  };

  it('title 256 is fine, 257 is refused at embeds.0.title', async () => {
    await expect(client.send({ embeds: [{ title: 't'.repeat(256) }] })).resolves.toBeDefined();
    await rejectWith({ embeds: [{ title: 't'.repeat(257) }] }, 'embeds.0.title', 'BASE_TYPE_MAX_LENGTH');
  });

  it('description 4096, 25 fields, name 256 and value 1024 are the edges', async () => {
    await rejectWith({ embeds: [{ description: 'd'.repeat(4097) }] }, 'embeds.0.description', 'BASE_TYPE_MAX_LENGTH');
    const fields = (n: number): { name: string; value: string }[] => Array.from({ length: n }, (_, i) => ({ name: `f${i}`, value: 'v' }));
    await expect(client.send({ embeds: [{ fields: fields(25) }] })).resolves.toBeDefined();
    await rejectWith({ embeds: [{ fields: fields(26) }] }, 'embeds.0.fields', 'BASE_TYPE_MAX_LENGTH');
    await rejectWith({ embeds: [{ fields: [{ name: 'n'.repeat(257), value: 'v' }] }] }, 'embeds.0.fields.0.name', 'BASE_TYPE_MAX_LENGTH');
    await rejectWith({ embeds: [{ fields: [{ name: 'n', value: 'v'.repeat(1025) }] }] }, 'embeds.0.fields.0.value', 'BASE_TYPE_MAX_LENGTH');
  });

  it('6000 characters across all embeds is the total, and at most 10 embeds', async () => {
    const two = (a: number, b: number): { description: string }[] => [{ description: 'a'.repeat(a) }, { description: 'b'.repeat(b) }];
    await expect(client.send({ embeds: two(3000, 3000) })).resolves.toBeDefined();
    await rejectWith({ embeds: two(3000, 3001) }, 'embeds', 'MAX_EMBED_SIZE_EXCEEDED');
    await rejectWith({ embeds: Array.from({ length: 11 }, () => ({ title: 'x' })) }, 'embeds', 'BASE_TYPE_MAX_LENGTH');
    await rejectWith({ content: 'c'.repeat(2001) }, 'content', 'BASE_TYPE_MAX_LENGTH');
  });
});

describe('rate limits', () => {
  let t = 1_700_000_000_000;
  let fake: FakeDiscord;
  let client: WebhookClient;
  beforeAll(async () => {
    fake = await startFakeDiscord({ now: () => t });
    const hook = fake.createWebhook();
    client = new WebhookClient({ url: hook.url }, { rest: { api: fake.api, retries: 0 } });
  });
  afterAll(async () => {
    client.destroy();
    await fake.close();
  });

  it('every reply carries X-RateLimit-* headers counting down the bucket', async () => {
    fake.setRateLimits({ limit: 5, windowMs: 2000 });
    const hook = fake.createWebhook();
    const url = `${fake.api}/v10/webhooks/${hook.id}/${hook.token}?wait=true`;
    const post = (): Promise<Response> => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"content":"x"}' });
    const a = await post();
    const b = await post();
    expect(a.headers.get('x-ratelimit-limit')).toBe('5');
    expect([a.headers.get('x-ratelimit-remaining'), b.headers.get('x-ratelimit-remaining')]).toEqual(['4', '3']);
    expect(a.headers.get('x-ratelimit-reset-after')).toBe('2.000');
    expect(a.headers.get('x-ratelimit-bucket')).toBe(b.headers.get('x-ratelimit-bucket'));
  });

  it('an over-limit request answers 429 with retry_after, and @discordjs/rest waits and retries', async () => {
    fake.setRateLimits({ limit: 1, windowMs: 60_000, enforce: true });
    const hook = fake.createWebhook();
    const raw = await fetch(`${fake.api}/v10/webhooks/${hook.id}/${hook.token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"content":"1"}' });
    expect(raw.status).toBe(204);
    const limited = await fetch(`${fake.api}/v10/webhooks/${hook.id}/${hook.token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"content":"2"}' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(await limited.json()).toEqual({ message: 'You are being rate limited.', retry_after: 60, global: false });
    t += 45_000;
    const later = await fetch(`${fake.api}/v10/webhooks/${hook.id}/${hook.token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"content":"2"}' });
    expect(await later.json()).toMatchObject({ retry_after: 15 });
    t += 15_000;
    const reset = await fetch(`${fake.api}/v10/webhooks/${hook.id}/${hook.token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"content":"2"}' });
    expect(reset.status).toBe(204);

    fake.setRateLimits({});
    fake.faults.add({ route: '/webhooks/:id/:token', fault: { kind: 'rateLimit', retryAfter: 0.2 } });
    const rateLimited: number[] = [];
    client.rest.on('rateLimited', (info) => rateLimited.push(info.retryAfter));
    const sent = await client.send('after the limit');
    expect(sent.content).toBe('after the limit');
    expect(rateLimited).toHaveLength(1);
    expect(fake.requests().slice(-2).map((r) => r.status)).toEqual([429, 200]);
  });
});
