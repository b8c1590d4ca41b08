/** Webhook mode: the fake pushes updates to telegraf's webhookCallback with the secret token header. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Markup, Telegraf } from 'telegraf';
import { postUpdate, startFakeTelegram, type FakeTelegram } from '.';

describe('webhook mode', () => {
  let fake: FakeTelegram;
  let bot: Telegraf;
  let server: Server;
  let hookUrl: string;

  beforeAll(async () => {
    fake = await startFakeTelegram();
    bot = new Telegraf(fake.token, { telegram: { apiRoot: fake.apiRoot } });
    bot.command('ping', (ctx) => ctx.reply('pong'));
    bot.action('ok', (ctx) => ctx.answerCbQuery('noted'));
    server = createServer(bot.webhookCallback('/tg/hook', { secretToken: 's3cret-Token_1' }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tg/hook`;
    await bot.telegram.setWebhook(hookUrl, { secret_token: 's3cret-Token_1' });
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await fake.close();
  });

  it('setWebhook is recorded and getUpdates is refused while it is active', async () => {
    expect(fake.webhook()).toEqual({ url: hookUrl, secretToken: 's3cret-Token_1', allowedUpdates: undefined });
    expect(await bot.telegram.getWebhookInfo()).toMatchObject({ url: hookUrl, pending_update_count: 0 });
    await expect(bot.telegram.callApi('getUpdates', {})).rejects.toMatchObject({ code: 409 });
  });

  it('a user command is delivered to the webhook and the reply reaches the chat', async () => {
    await fake.sendUserMessage({ chatId: 31, fromId: 31, text: '/ping' });
    const reply = await fake.waitForMessage(31);
    expect(reply.state.text).toBe('pong');
    expect(fake.webhookDeliveries().at(-1)).toMatchObject({ status: 200 });
  });

  it('answerCbQuery answered inside the webhook reply is executed by the fake', async () => {
    const card = await bot.telegram.sendMessage(32, 'card', Markup.inlineKeyboard([Markup.button.callback('OK', 'ok')]));
    await fake.pressButton({ chatId: 32, messageId: card.message_id, fromId: 32, data: 'ok' });
    expect(fake.webhookDeliveries().at(-1)).toMatchObject({ status: 200, replyMethod: 'answerCallbackQuery' });
    expect(fake.callbackAnswers().at(-1)).toMatchObject({ text: 'noted' });
  });

  it('a POST with a wrong or missing secret token is refused by telegraf with 403', async () => {
    const update = { update_id: 1, message: { message_id: 1, date: 0, chat: { id: 33, type: 'private' }, text: '/ping' } };
    expect((await postUpdate(hookUrl, update, 'wrong')).status).toBe(403);
    expect((await postUpdate(hookUrl, update)).status).toBe(403);
    expect(fake.messages(33)).toHaveLength(0);
  });

  it('deleteWebhook switches back to polling', async () => {
    await bot.telegram.deleteWebhook();
    expect(fake.webhook()).toBeNull();
    await fake.sendUserMessage({ chatId: 34, fromId: 34, text: '/ping' });
    expect(fake.pendingUpdates()).toHaveLength(1);
  });
});
