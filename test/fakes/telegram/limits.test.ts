/** The Bot API limits telegraf does not check, enforced by the fake exactly at their edges. */
import { Markup, Telegraf } from 'telegraf';
import { startFakeTelegram, type FakeTelegram } from '.';

describe('Bot API limits', () => {
  let fake: FakeTelegram;
  let bot: Telegraf;
  beforeAll(async () => {
    fake = await startFakeTelegram();
    bot = new Telegraf(fake.token, { telegram: { apiRoot: fake.apiRoot } });
  });
  afterAll(() => fake.close());

  it('callback_data of 64 bytes is accepted and 65 bytes is BUTTON_DATA_INVALID', async () => {
    await expect(bot.telegram.sendMessage(1, 'ok', Markup.inlineKeyboard([Markup.button.callback('A', 'x'.repeat(64))]))).resolves.toMatchObject({ text: 'ok' });
    await expect(bot.telegram.sendMessage(1, 'no', Markup.inlineKeyboard([Markup.button.callback('A', 'x'.repeat(65))]))).rejects.toMatchObject({
      code: 400,
      description: 'Bad Request: BUTTON_DATA_INVALID',
    });
    // bytes, not characters: 22 rupee signs are 66 bytes
    await expect(bot.telegram.sendMessage(1, 'no', Markup.inlineKeyboard([Markup.button.callback('A', '₹'.repeat(22))]))).rejects.toMatchObject({
      description: 'Bad Request: BUTTON_DATA_INVALID',
    });
    await expect(bot.telegram.sendMessage(1, 'no', Markup.inlineKeyboard([Markup.button.callback('A', '')]))).rejects.toMatchObject({ code: 400 });
    expect(fake.messages(1).map((m) => m.state.text)).toEqual(['ok']);
  });

  it('text of 4096 characters is accepted, 4097 is too long, empty is refused', async () => {
    await expect(bot.telegram.sendMessage(2, 'a'.repeat(4096))).resolves.toMatchObject({ message_id: 1 });
    await expect(bot.telegram.sendMessage(2, 'a'.repeat(4097))).rejects.toMatchObject({ code: 400, description: 'Bad Request: message is too long' });
    await expect(bot.telegram.sendMessage(2, '   ')).rejects.toMatchObject({ code: 400, description: 'Bad Request: message text is empty' });
  });

  it('length is counted after HTML parsing: tags are free and &amp; counts as one character', async () => {
    const fits = `<b>${'&amp;'.repeat(2048)}</b>${'x'.repeat(2048)}`;
    const sent = await bot.telegram.sendMessage(3, fits, { parse_mode: 'HTML' });
    expect(sent.text).toBe('&'.repeat(2048) + 'x'.repeat(2048));
    await expect(bot.telegram.sendMessage(3, `<i>${'&lt;'.repeat(4097)}</i>`, { parse_mode: 'HTML' })).rejects.toMatchObject({
      description: 'Bad Request: message is too long',
    });
    // without parse_mode the same markup is literal text and counts in full
    await expect(bot.telegram.sendMessage(3, `<b>${'y'.repeat(4090)}</b>`)).rejects.toMatchObject({ description: 'Bad Request: message is too long' });
  });

  it('bad HTML is refused with "can\'t parse entities"', async () => {
    const cases: [string, RegExp][] = [
      ['<b>bold', /Can't find end tag corresponding to start tag "b"/],
      ['<b>x</i>', /Unmatched end tag at byte offset 4, expected "<\/b>", found "<\/i>"/],
      ['<foo>x</foo>', /Unsupported start tag "foo" at byte offset 0/],
      ['x</b>', /Unexpected end tag at byte offset 1/],
      ['P&L < 0', /Unsupported start tag "" at byte offset 4/],
    ];
    for (const [html, message] of cases) {
      await expect(bot.telegram.sendMessage(4, html, { parse_mode: 'HTML' })).rejects.toMatchObject({
        code: 400,
        description: expect.stringMatching(new RegExp(`^Bad Request: can't parse entities: ${message.source}`)),
      });
    }
    expect(fake.messages(4)).toHaveLength(0);
    await expect(bot.telegram.sendMessage(4, 'P&amp;L &lt; 0 <code>a&gt;b</code>', { parse_mode: 'HTML' })).resolves.toMatchObject({
      text: 'P&L < 0 a>b',
      entities: [{ type: 'code', offset: 8, length: 3 }],
    });
  });

  it('answerCallbackQuery text is limited to 200 characters', async () => {
    const sent = await bot.telegram.sendMessage(5, 'card', Markup.inlineKeyboard([Markup.button.callback('Go', 'go')]));
    const u1 = await fake.pressButton({ chatId: 5, messageId: sent.message_id, fromId: 5, data: 'go' });
    const id = (u1.callback_query as { id: string }).id;
    await expect(bot.telegram.answerCbQuery(id, 'z'.repeat(201))).rejects.toMatchObject({ code: 400 });
    await expect(bot.telegram.answerCbQuery(id, 'z'.repeat(200))).resolves.toBe(true);
    expect(fake.callbackAnswers().map((a) => a.text?.length)).toEqual([200]);
  });

  it('a missing required parameter and an unknown method answer like the Bot API', async () => {
    const res = await fetch(`${fake.apiRoot}/bot${fake.token}/sendMessage`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"chat_id":1}' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ ok: false, error_code: 400, description: 'Bad Request: text is empty' });
    const form = await fetch(`${fake.apiRoot}/bot${fake.token}/sendMessage`, { method: 'POST', body: new URLSearchParams({ chat_id: '6', text: 'from a form' }) });
    expect(await form.json()).toMatchObject({ ok: true, result: { chat: { id: 6 }, text: 'from a form' } });
    const unknown = await fetch(`${fake.apiRoot}/bot${fake.token}/sendTelepathy`, { method: 'POST' });
    expect(unknown.status).toBe(404);
  });
});
