/** Real telegraf in long-polling mode against the fake Bot API: commands in, replies out, offsets honoured. */
import type { Context, Telegraf } from 'telegraf';
import { startFakeTelegram, type FakeTelegram } from '.';
import { botFor, launchPolling, stopPolling, type Polling } from './support';

describe('fake Telegram with telegraf polling', () => {
  let fake: FakeTelegram;
  let bot: Telegraf<Context>;
  let running: Polling | undefined;

  beforeAll(async () => {
    fake = await startFakeTelegram({ maxPollMs: 200, botUsername: 'ppm_test_bot' });
    bot = botFor(fake);
    bot.start((ctx) => ctx.reply(`Welcome, user ${ctx.from.id} in ${ctx.chat.type} chat`));
    bot.command('status', (ctx) => ctx.reply(`<b>Status</b> args=${ctx.payload || 'none'}`, { parse_mode: 'HTML' }));
    bot.on('text', (ctx) => ctx.reply(`echo: ${ctx.message.text}`));
    running = await launchPolling(fake, bot);
  });

  afterAll(async () => {
    await stopPolling(bot, running);
    await fake.close();
  });

  it('launch() calls getMe and deleteWebhook before polling with telegraf’s timeout', () => {
    const methods = fake.calls().map((c) => c.method);
    expect(methods.slice(0, 3)).toEqual(['getMe', 'deleteWebhook', 'getUpdates']);
    expect(fake.calls('getUpdates')[0]!.params.timeout).toBe(50);
  });

  it('a /start command from a user gets a reply in the same chat', async () => {
    await fake.sendUserMessage({ chatId: 501, fromId: 501, text: '/start' });
    const reply = await fake.waitForMessage(501);
    expect(reply.state.text).toBe('Welcome, user 501 in private chat');
    expect(reply.fromBot).toBe(true);
    // the user's own message is in the history too, with its own id
    const ids = fake.messages(501).map((m) => m.messageId);
    expect(ids).toEqual([1, 2]);
  });

  it('/cmd@botname in a group is a bot_command entity telegraf routes to the command', async () => {
    const update = await fake.sendUserMessage({ chatId: -1001, fromId: 77, text: '/status@ppm_test_bot now', chatType: 'supergroup' });
    const message = update.message as { entities: unknown[] };
    expect(message.entities).toEqual([{ type: 'bot_command', offset: 0, length: '/status@ppm_test_bot'.length }]);
    const reply = await fake.waitForMessage(-1001);
    expect(reply.state.text).toBe('Status args=now');
    expect(reply.state.entities).toEqual([{ type: 'bold', offset: 0, length: 6 }]);
  });

  it('plain text is not a command and each update is delivered once', async () => {
    await fake.sendUserMessage({ chatId: 502, fromId: 502, text: 'hello there' });
    await fake.sendUserMessage({ chatId: 502, fromId: 502, text: 'second' });
    const first = await fake.waitForMessage(502);
    const second = await fake.waitForMessage(502, 5000, first.messageId);
    expect([first.state.text, second.state.text].sort()).toEqual(['echo: hello there', 'echo: second']);
    await fake.sendUserMessage({ chatId: 502, fromId: 502, text: 'third' });
    await fake.waitFor((e) => e.kind === 'message' && e.message.state.text === 'echo: third');
    expect(fake.messages(502).filter((m) => m.fromBot)).toHaveLength(3);
    expect(fake.pendingUpdates().length).toBeLessThanOrEqual(1);
  });

  it('setMyCommands is stored and readable through getMyCommands', async () => {
    await bot.telegram.setMyCommands([{ command: 'status', description: 'Show status' }]);
    expect(fake.commands()).toEqual([{ command: 'status', description: 'Show status' }]);
    expect(await bot.telegram.getMyCommands()).toEqual([{ command: 'status', description: 'Show status' }]);
    await expect(bot.telegram.setMyCommands([{ command: 'Bad Command', description: 'x' }])).rejects.toMatchObject({
      code: 400,
      description: 'Bad Request: BOT_COMMAND_INVALID',
    });
  });

  it('a wrong token is refused with 401', async () => {
    const res = await fetch(`${fake.apiRoot}/bot1:wrong/getMe`, { method: 'POST' });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ ok: false, error_code: 401, description: 'Unauthorized' });
  });
});

describe('getUpdates semantics', () => {
  let fake: FakeTelegram;
  beforeAll(async () => {
    fake = await startFakeTelegram({ maxPollMs: 100 });
  });
  afterAll(() => fake.close());

  const call = async (params: Record<string, unknown>): Promise<{ ok: boolean; result: { update_id: number }[] }> => {
    const res = await fetch(`${fake.apiRoot}/bot${fake.token}/getUpdates`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(params),
    });
    return (await res.json()) as { ok: boolean; result: { update_id: number }[] };
  };

  it('honours limit, drops updates below offset and answers [] after the (capped) timeout', async () => {
    const u1 = await fake.sendUserMessage({ chatId: 1, fromId: 1, text: 'a' });
    await fake.sendUserMessage({ chatId: 1, fromId: 1, text: 'b' });
    await fake.sendUserMessage({ chatId: 1, fromId: 1, text: 'c' });
    const first = await call({ limit: 2 });
    expect(first.result.map((u) => u.update_id)).toEqual([u1.update_id, u1.update_id + 1]);
    const rest = await call({ offset: u1.update_id + 2 });
    expect(rest.result.map((u) => u.update_id)).toEqual([u1.update_id + 2]);
    expect(fake.pendingUpdates()).toHaveLength(1);
    const empty = await call({ offset: u1.update_id + 3, timeout: 30 });
    expect(empty).toEqual({ ok: true, result: [] });
    expect(fake.pendingUpdates()).toHaveLength(0);
  });

  it('a held long poll is answered as soon as an update arrives', async () => {
    const pending = call({ timeout: 30 });
    await new Promise((r) => setTimeout(r, 20));
    const u = await fake.sendUserMessage({ chatId: 2, fromId: 2, text: 'wake up' });
    const got = await pending;
    expect(got.result.map((x) => x.update_id)).toEqual([u.update_id]);
  });
});

describe('fake Telegram: long polls over one keep-alive connection', () => {
  it('a poll that has ended leaves nothing on the connection (listeners stay flat over thirteen polls)', async () => {
    const fake = await startFakeTelegram({ maxPollMs: 50 });
    const bot = botFor(fake);
    const running = await launchPolling(fake, bot);
    const seen: number[] = [];
    try {
      // Telegraf polls again as soon as a poll ends, over its keep-alive agent: one socket carries them all.
      const deadline = Date.now() + 10_000;
      while (fake.calls('getUpdates').length < 13 && Date.now() < deadline) {
        seen.push(fake.closeListeners());
        await new Promise((r) => setTimeout(r, 10));
      }
      expect(fake.calls('getUpdates').length).toBeGreaterThanOrEqual(13);
    } finally {
      await stopPolling(bot, running);
      await fake.close();
    }
    // Node's own listeners and the fake's connection bookkeeping, plus the one of the poll waiting now (a listener
    // left per finished poll grew by one each poll, and Node warned at the eleventh).
    expect(Math.max(...seen)).toBeLessThanOrEqual(5);
  });
});
