/** Inline keyboards end to end: the bot sends buttons, a user taps one, the bot answers and edits the card. */
import { Markup, type Context, type Telegraf } from 'telegraf';
import { startFakeTelegram, type FakeTelegram } from '.';
import { botFor, launchPolling, stopPolling, type Polling } from './support';

describe('inline keyboard press with telegraf', () => {
  let fake: FakeTelegram;
  let bot: Telegraf<Context>;
  let polling: Polling | undefined;

  beforeAll(async () => {
    fake = await startFakeTelegram({ maxPollMs: 200 });
    bot = botFor(fake);
    bot.command('card', (ctx) =>
      ctx.reply('Approve BUY 10 INFY @ 1,500.00?', Markup.inlineKeyboard([[Markup.button.callback('Approve', 'ap:42'), Markup.button.callback('Reject', 'rj:42')]])),
    );
    bot.action(/^(ap|rj):(\d+)$/, async (ctx) => {
      const [, verb, id] = ctx.match;
      await ctx.answerCbQuery(verb === 'ap' ? 'Approved' : 'Rejected');
      await ctx.editMessageText(`Order ${id} ${verb === 'ap' ? 'approved' : 'rejected'} by ${ctx.from.id}`, { parse_mode: 'HTML' });
    });
    polling = await launchPolling(fake, bot);
  });

  afterAll(async () => {
    await stopPolling(bot, polling);
    await fake.close();
  });

  it('a tap answers the callback query and edits the card, keeping the edit history', async () => {
    await fake.sendUserMessage({ chatId: 900, fromId: 900, text: '/card' });
    const card = await fake.waitForMessage(900);
    expect(card.state.replyMarkup).toEqual({
      inline_keyboard: [[{ text: 'Approve', callback_data: 'ap:42', hide: false }, { text: 'Reject', callback_data: 'rj:42', hide: false }]],
    });
    const update = await fake.pressButton({ chatId: 900, messageId: card.messageId, fromId: 900, data: 'ap:42' });
    const cq = update.callback_query as { id: string; message: { message_id: number; text: string } };
    expect(cq.message).toMatchObject({ message_id: card.messageId, text: 'Approve BUY 10 INFY @ 1,500.00?' });

    const edit = await fake.waitFor((e) => e.kind === 'edit' && e.message.messageId === card.messageId);
    expect(edit.kind === 'edit' && edit.message.state.text).toBe('Order 42 approved by 900');
    expect(edit.kind === 'edit' && edit.previous.text).toBe('Approve BUY 10 INFY @ 1,500.00?');
    // editMessageText without reply_markup removes the keyboard, as in the real API
    expect(edit.kind === 'edit' && edit.message.state.replyMarkup).toBeUndefined();
    expect(fake.callbackAnswers()).toEqual([{ callbackQueryId: cq.id, text: 'Approved', showAlert: false, url: undefined }]);
    expect(fake.messages(900).find((m) => m.messageId === card.messageId)?.edits).toHaveLength(1);
  });

  it('pressing a button that is not on the message is a test error unless forged on purpose', async () => {
    await fake.sendUserMessage({ chatId: 901, fromId: 901, text: '/card' });
    const card = await fake.waitForMessage(901);
    await expect(fake.pressButton({ chatId: 901, messageId: card.messageId, fromId: 901, data: 'ap:99' })).rejects.toThrow(/no button with data "ap:99"/);
    await fake.pressButton({ chatId: 901, messageId: card.messageId, fromId: 5, data: 'rj:42', forge: false });
    const edited = await fake.waitFor((e) => e.kind === 'edit' && e.message.chatId === 901);
    expect(edited.kind === 'edit' && edited.message.state.text).toBe('Order 42 rejected by 5');
    // a forged callback (data the card never carried) still reaches the bot, which must cope with it
    const forged = await fake.pressButton({ chatId: 901, messageId: card.messageId, fromId: 6, data: 'ap:7', forge: true });
    const answer = await fake.waitFor((e) => e.kind === 'callbackAnswer' && e.answer.callbackQueryId === (forged.callback_query as { id: string }).id);
    expect(answer.kind === 'callbackAnswer' && answer.answer.text).toBe('Approved');
  });

  it('a callback query can be answered only once, and a second identical edit is "not modified"', async () => {
    await fake.sendUserMessage({ chatId: 902, fromId: 902, text: '/card' });
    const card = await fake.waitForMessage(902);
    const update = await fake.pressButton({ chatId: 902, messageId: card.messageId, fromId: 902, data: 'ap:42' });
    await fake.waitFor((e) => e.kind === 'edit' && e.message.chatId === 902);
    const id = (update.callback_query as { id: string }).id;
    await expect(bot.telegram.answerCbQuery(id, 'again')).rejects.toMatchObject({
      code: 400,
      description: 'Bad Request: query is too old and response timeout expired or query ID is invalid',
    });
    await expect(bot.telegram.editMessageText(902, card.messageId, undefined, 'Order 42 approved by 902')).rejects.toMatchObject({
      code: 400,
      description: expect.stringMatching(/^Bad Request: message is not modified/),
    });
    await expect(bot.telegram.editMessageText(902, 999, undefined, 'x')).rejects.toMatchObject({ description: 'Bad Request: message to edit not found' });
  });

  it('editMessageReplyMarkup swaps the keyboard and deleteMessage removes the message', async () => {
    const sent = await bot.telegram.sendMessage(903, 'pick', Markup.inlineKeyboard([Markup.button.callback('A', 'a')]));
    const edited = await bot.telegram.editMessageReplyMarkup(903, sent.message_id, undefined, { inline_keyboard: [[{ text: 'B', callback_data: 'b' }]] });
    expect(edited).toMatchObject({ message_id: sent.message_id, reply_markup: { inline_keyboard: [[{ text: 'B', callback_data: 'b' }]] } });
    expect(await bot.telegram.deleteMessage(903, sent.message_id)).toBe(true);
    await expect(bot.telegram.deleteMessage(903, sent.message_id)).rejects.toMatchObject({ description: 'Bad Request: message to delete not found' });
    expect(await bot.telegram.sendChatAction(903, 'typing')).toBe(true);
    expect(fake.events().some((e) => e.kind === 'chatAction' && e.chatId === 903 && e.action === 'typing')).toBe(true);
  });
});
