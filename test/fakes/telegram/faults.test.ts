/** Injected faults and Telegram's rate limits, seen through the real telegraf client. */
import { Telegraf, TelegramError } from 'telegraf';
import { startFakeTelegram, type FakeTelegram } from '.';
import { launchPolling, stopPolling } from './support';

/** The client-side retry a transport needs: telegraf itself does not retry sendMessage on 429. */
async function withRetryAfter<T>(call: () => Promise<T>, maxAttempts = 3): Promise<{ value: T; waitedSeconds: number[] }> {
  const waited: number[] = [];
  for (let attempt = 1; ; attempt++) {
    try {
      return { value: await call(), waitedSeconds: waited };
    } catch (e) {
      const retryAfter = e instanceof TelegramError && e.code === 429 ? e.parameters?.retry_after : undefined;
      if (retryAfter === undefined || attempt >= maxAttempts) throw e;
      waited.push(retryAfter);
      await new Promise((r) => setTimeout(r, retryAfter * 1000));
    }
  }
}

describe('fault injection', () => {
  let fake: FakeTelegram;
  let bot: Telegraf;
  beforeAll(async () => {
    fake = await startFakeTelegram({ maxPollMs: 200 });
    bot = new Telegraf(fake.token, { telegram: { apiRoot: fake.apiRoot } });
  });
  afterAll(() => fake.close());

  it('429 carries retry_after in the Bot API shape and a client-side retry succeeds after waiting it', async () => {
    fake.faults.add({ method: 'sendMessage', fault: { kind: 'error', status: 429, retryAfter: 1 } });
    const raw = await fetch(`${fake.apiRoot}/bot${fake.token}/sendMessage`, { method: 'POST', body: new URLSearchParams({ chat_id: '1', text: 'x' }) });
    expect(raw.status).toBe(429);
    expect(raw.headers.get('content-type')).toBe('application/json');
    expect(await raw.json()).toEqual({ ok: false, error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });

    fake.faults.add({ method: 'sendMessage', fault: { kind: 'error', status: 429, retryAfter: 1 } });
    const result = await withRetryAfter(() => bot.telegram.sendMessage(11, 'fill: BUY 10 INFY'));
    expect(result.waitedSeconds).toEqual([1]);
    expect(result.value.text).toBe('fill: BUY 10 INFY');
    expect(fake.calls('sendMessage').slice(-2).map((c) => c.status)).toEqual([429, 200]);
    expect(fake.messages(11).map((m) => m.state.text)).toEqual(['fill: BUY 10 INFY']);
  });

  it('5xx makes telegraf throw with the status; nothing is stored', async () => {
    fake.faults.add({ method: 'sendMessage', fault: { kind: 'error', status: 502 } });
    await expect(bot.telegram.sendMessage(12, 'x')).rejects.toMatchObject({ code: 502 });
    expect(fake.messages(12)).toHaveLength(0);
  });

  it('a dropped connection surfaces as a network error; a hung request never answers until the client gives up', async () => {
    fake.faults.add({ method: 'sendMessage', fault: { kind: 'drop' } });
    await expect(bot.telegram.sendMessage(13, 'x')).rejects.toThrow(/socket hang up|ECONNRESET/);
    fake.faults.add({ method: 'sendMessage', fault: { kind: 'hang' } });
    const controller = new AbortController();
    const pending = fetch(`${fake.apiRoot}/bot${fake.token}/sendMessage`, {
      method: 'POST',
      body: new URLSearchParams({ chat_id: '13', text: 'x' }),
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(fake.messages(13)).toHaveLength(0);
    await expect(bot.telegram.sendMessage(13, 'back')).resolves.toMatchObject({ text: 'back' });
  });

  it('telegraf polling rides out a 429 on getUpdates (it waits retry_after) and still gets the update', async () => {
    const polled = new Telegraf(fake.token, { telegram: { apiRoot: fake.apiRoot } });
    polled.start((ctx) => ctx.reply('hi'));
    const getUpdatesBefore = fake.calls('getUpdates').length;
    fake.faults.add({ method: 'getUpdates', fault: { kind: 'error', status: 429, retryAfter: 1 } });
    const polling = await launchPolling(fake, polled);
    try {
      await fake.sendUserMessage({ chatId: 14, fromId: 14, text: '/start' });
      const reply = await fake.waitForMessage(14, 5000);
      expect(reply.state.text).toBe('hi');
      expect(fake.calls('getUpdates')[getUpdatesBefore]!.status).toBe(429);
    } finally {
      await stopPolling(polled, polling);
    }
  });
});

describe('rate limits on the fake clock', () => {
  let t = 1_700_000_000_000;
  let fake: FakeTelegram;
  let bot: Telegraf;
  beforeAll(async () => {
    fake = await startFakeTelegram({ rateLimit: true, now: () => t });
    bot = new Telegraf(fake.token, { telegram: { apiRoot: fake.apiRoot } });
  });
  afterAll(() => fake.close());

  it('one message per second per chat', async () => {
    await bot.telegram.sendMessage(20, 'a');
    await expect(bot.telegram.sendMessage(20, 'b')).rejects.toMatchObject({ code: 429, parameters: { retry_after: 1 } });
    await bot.telegram.sendMessage(21, 'other chat is fine');
    t += 1000;
    await expect(bot.telegram.sendMessage(20, 'b')).resolves.toMatchObject({ text: 'b' });
  });

  it('30 messages per second overall', async () => {
    t += 5000;
    for (let chat = 100; chat < 130; chat++) await bot.telegram.sendMessage(chat, 'broadcast');
    await expect(bot.telegram.sendMessage(130, 'one too many')).rejects.toMatchObject({ code: 429 });
    t += 1000;
    await expect(bot.telegram.sendMessage(130, 'now')).resolves.toMatchObject({ text: 'now' });
  });

  it('20 messages per minute to a group, retry_after counts down to the oldest send leaving the window', async () => {
    t += 120_000;
    const start = t;
    for (let i = 0; i < 20; i++) {
      await bot.telegram.sendMessage(-300, `alert ${i}`);
      t += 1500;
    }
    // 20 sends at start … start+28.5 s; now = start+30 s; the first leaves the window at start+60 s
    await expect(bot.telegram.sendMessage(-300, 'alert 20')).rejects.toMatchObject({ code: 429, parameters: { retry_after: 30 } });
    t = start + 60_000;
    await expect(bot.telegram.sendMessage(-300, 'alert 20')).resolves.toMatchObject({ text: 'alert 20' });
  });
});
