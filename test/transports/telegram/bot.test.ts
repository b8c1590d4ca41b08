/**
 * The Telegram transport end to end: the real telegraf, long polling against the fake Bot API, the shared
 * command dispatcher over real engine services (paper broker, strategies folder, synthetic bars).
 */
import fc from 'fast-check';
import { z } from 'zod';
import { createCommandRegistry, CommandDispatcher } from '../../../commands';
import { defineCommand } from '../../../commands/lib/command';
import { startTelegram, type TelegramTransport } from '../../../src/transports/telegram';
import { startFakeTelegram, type FakeTelegram } from '../../fakes/telegram';
import { engineFixture, type EngineFixture } from '../../commands/support/engineServices';
import { ask, botMessages, captureLog, FAST_LIMITS, sleep } from './support';

const TRADER = 111;
const VIEWER = 222;
const ADMIN = 333;
const STRANGER = 999;
const GROUP = -1001;

const longCommand = defineCommand({
  name: 'longreport',
  summary: 'A long test report',
  usage: '/longreport',
  example: '/longreport',
  role: 'viewer',
  args: z.object({}),
  run: async () => ({ kind: 'text', text: Array.from({ length: 400 }, (_, i) => `row ${i} <${i % 7}> & ${'x'.repeat(10)}`).join('\n') }),
});

const slowCommand = defineCommand({
  name: 'slowjob',
  summary: 'Long work with progress',
  usage: '/slowjob',
  example: '/slowjob',
  role: 'viewer',
  args: z.object({}),
  run: async () => ({
    kind: 'progress',
    title: 'Working…',
    async run(progress) {
      for (let i = 1; i <= 50; i++) {
        void progress.update(`Working: ${i * 2}%`);
        await sleep(2);
      }
      return { kind: 'text', text: 'All done: 42 items.' };
    },
  }),
});

describe('Telegram transport (polling, real telegraf, fake Bot API)', () => {
  let fake: FakeTelegram;
  let fx: EngineFixture;
  let tg: TelegramTransport;
  const log = captureLog();

  beforeAll(async () => {
    fake = await startFakeTelegram({ maxPollMs: 200 });
    fx = await engineFixture();
    const registry = createCommandRegistry();
    registry.add(longCommand);
    registry.add(slowCommand);
    const dispatcher = new CommandDispatcher({ registry, services: fx.services, log, now: () => Date.now() });
    tg = await startTelegram({
      config: { botToken: fake.token, apiRoot: fake.apiRoot, signingSecret: 'test-secret', allowedUsers: [{ telegramId: TRADER, role: 'trader' }, { telegramId: VIEWER, role: 'viewer' }, { telegramId: ADMIN, role: 'admin' }] },
      dispatcher,
      registry,
      log,
      limits: FAST_LIMITS,
      progressEditMs: 20,
    });
  });

  afterAll(async () => {
    await tg.stop();
    await fake.close();
  });

  it('registers the commands with setMyCommands', () => {
    const names = fake.commands().map((c) => c.command);
    expect(names).toEqual(expect.arrayContaining(['status', 'strategies', 'approve', 'halt', 'longreport']));
    for (const c of fake.commands()) expect(c.description.length).toBeGreaterThan(0);
  });

  it('/status gets an HTML reply: a bold title and a monospace table', async () => {
    const m = await ask(fake, TRADER, TRADER, '/status');
    expect(m.state.text).toMatch(/^AutoPPM status at \d{4}-\d\d-\d\d \d\d:\d\d IST/);
    expect(m.state.text).toMatch(/Mode\s+paper/);
    expect(m.state.text).toMatch(/Trading\s+ACTIVE/);
    expect(m.state.entities.map((e) => e.type)).toEqual(expect.arrayContaining(['bold', 'pre']));
    expect(fake.calls('sendMessage').at(-1)?.params.parse_mode).toBe('HTML');
  });

  it('/strategies fits a phone without cutting a name: one small card per strategy', async () => {
    const m = await ask(fake, TRADER, TRADER, '/strategies');
    const pre = m.state.entities.find((e) => e.type === 'pre');
    expect(pre).toBeDefined();
    const table = m.state.text!.slice(pre!.offset, pre!.offset + pre!.length).split('\n');
    // Each card starts with the whole name, the line to type after /strategy or /run.
    for (const name of ['sma-cross', 'momentum', 'mean-reversion', 'multi-factor']) expect(table).toContain(name);
    expect(table.join(' ')).not.toContain('…');
    for (const line of table) expect([...line].length).toBeLessThanOrEqual(36);
    expect(m.state.text).toMatch(/Send \/strategy <name> for its parameters\.$/);
  });

  it('a reply over 4096 characters arrives as several whole-line messages, in order', async () => {
    const before = botMessages(fake, VIEWER).length;
    await fake.sendUserMessage({ chatId: VIEWER, fromId: VIEWER, text: '/longreport' });
    const deadline = Date.now() + 5000;
    let got = botMessages(fake, VIEWER).slice(before);
    while (got.map((m) => m.state.text).join('\n').split('\n').length < 400 && Date.now() < deadline) {
      await sleep(20);
      got = botMessages(fake, VIEWER).slice(before);
    }
    expect(got.length).toBeGreaterThan(1);
    const lines = got.map((m) => m.state.text!).join('\n').split('\n');
    expect(lines).toEqual(Array.from({ length: 400 }, (_, i) => `row ${i} <${i % 7}> & ${'x'.repeat(10)}`));
  });

  it('progress: one message edited a few times (not once per update), ending with the result', async () => {
    const first = await ask(fake, VIEWER, VIEWER, '/slowjob');
    expect(first.state.text).toBe('⏳ Working…');
    const done = await fake.waitFor((e) => e.kind === 'edit' && e.message.messageId === first.messageId && e.message.state.text === 'All done: 42 items.');
    const msg = done.kind === 'edit' ? done.message : first;
    expect(msg.edits.length).toBeGreaterThanOrEqual(1);
    expect(msg.edits.length).toBeLessThan(50);
    for (const e of msg.edits.slice(1)) expect(e.text).toMatch(/^⏳ Working: \d+%$/);
  });

  it('/backtest shows progress, then the metrics card, the equity chart as a photo and a Run-in-paper button', async () => {
    const before = fake.messages(TRADER).reduce((m, x) => Math.max(m, x.messageId), 0);
    await fake.sendUserMessage({ chatId: TRADER, fromId: TRADER, text: '/backtest sma-cross INFY fast=5 slow=20' });
    const photo = await fake.waitFor((e) => e.kind === 'message' && e.message.chatId === TRADER && e.message.messageId > before && e.message.photo !== undefined, 20_000);
    if (photo.kind !== 'message') throw new Error('expected a message');
    expect(photo.message.photo!.bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(photo.message.state.caption).toMatch(/sma-cross INFY/);
    const after = botMessages(fake, TRADER).filter((m) => m.messageId > before);
    expect(after.some((m) => /Final equity/.test(m.state.text ?? ''))).toBe(true);
    const button = await fake.waitFor((e) => e.kind === 'message' && e.message.chatId === TRADER && e.message.messageId > before && JSON.stringify(e.message.state.replyMarkup ?? '').includes('Run in paper'), 5_000);
    expect(button.kind).toBe('message');
  });

  it('/chart sends a photo with a caption', async () => {
    const m = await ask(fake, TRADER, TRADER, '/chart INFY day 60');
    expect(m.photo).toBeDefined();
    expect(m.photo!.bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(m.state.caption).toMatch(/INFY/);
  });

  it('an unknown user is refused once, politely, and logged every time', async () => {
    const first = await ask(fake, STRANGER, STRANGER, '/status');
    expect(first.state.text).toMatch(/private bot.*not on its list of users/);
    await fake.sendUserMessage({ chatId: STRANGER, fromId: STRANGER, text: '/portfolio' });
    const refusals = () => log.lines.filter((l) => l.msg === 'message from an unknown user refused' && (l.obj as { sender?: string }).sender === String(STRANGER));
    for (let i = 0; i < 250 && refusals().length < 2; i++) await sleep(20);
    await tg.settled();
    await tg.queue.idle();
    expect(refusals()).toHaveLength(2);
    expect(botMessages(fake, STRANGER)).toHaveLength(1);
  });

  it('in a group chat authority comes from the sender: a viewer cannot /halt, an admin confirms with a button', async () => {
    const refused = await ask(fake, GROUP, VIEWER, '/halt');
    expect(refused.state.text).toMatch(/needs the admin role and you are a viewer/);
    await fake.sendUserMessage({ chatId: GROUP, fromId: VIEWER, text: 'just chatting, not a command' });
    const prompt = await ask(fake, GROUP, ADMIN, '/halt');
    expect(prompt.state.text).toMatch(/Halt all trading\?/);
    const data = (prompt.state.replyMarkup as { inline_keyboard: { callback_data: string }[][] }).inline_keyboard[0]![0]!.callback_data;
    expect(data).toMatch(/^c:\d{6}$/);
    // the viewer taps the admin's confirmation: refused, nothing halts
    await fake.pressButton({ chatId: GROUP, messageId: prompt.messageId, fromId: VIEWER, data });
    await fake.waitFor((e) => e.kind === 'callbackAnswer' && e.answer.text === 'Not confirmed');
    expect(fx.services.trading?.state()).toBe('ACTIVE');
    await fake.pressButton({ chatId: GROUP, messageId: prompt.messageId, fromId: ADMIN, data });
    const halted = await fake.waitFor((e) => e.kind === 'message' && e.message.chatId === GROUP && /Trading is now HALTED/.test(e.message.state.text ?? ''));
    expect(halted.kind === 'message' && halted.message.fromBot).toBe(true);
    expect(fx.services.trading?.state()).toBe('HALTED');
    const edited = fake.messages(GROUP).find((m) => m.messageId === prompt.messageId)!;
    expect(edited.state.text).toMatch(/Confirmed by/);
    expect(edited.state.replyMarkup).toBeUndefined();
    // the group never saw a reply to plain chat
    expect(botMessages(fake, GROUP).some((m) => /just chatting/.test(m.state.text ?? ''))).toBe(false);
  });

  it('fuzzed messages always get an answer and never crash the bot', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom('/', '/approve', '/run', '/chart <b>', '/backtest x y from=2020-13-01', '/confirm 1', '/help@autoppm_fake_bot', '/status@otherbot x')), async (raw) => {
        const text = raw.trim() === '' ? '.' : raw;
        const m = await ask(fake, TRADER, TRADER, text.startsWith('/status@otherbot') ? '/status@otherbot' : text);
        expect((m.state.text ?? m.state.caption ?? '').length).toBeGreaterThan(0);
      }),
      { numRuns: 25 },
    );
  });

  it('fuzzed callback data always gets a short answer and changes nothing', async () => {
    const stateBefore = fx.services.trading?.state();
    const card = await ask(fake, TRADER, TRADER, '/help');
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ minLength: 1, maxLength: 64 }), fc.constantFrom('a:x:1:y:AAAAAAAAAAAAAAAA', 'b:nope', 'c:123456', 'c:')), async (data) => {
        const u = await fake.pressButton({ chatId: TRADER, messageId: card.messageId, fromId: TRADER, data, forge: true });
        const id = (u.callback_query as { id: string }).id;
        const ans = await fake.waitFor((e) => e.kind === 'callbackAnswer' && e.answer.callbackQueryId === id);
        expect(ans.kind === 'callbackAnswer' && (ans.answer.text ?? '').length).toBeGreaterThan(0);
      }),
      { numRuns: 25 },
    );
    expect(fx.services.trading?.state()).toBe(stateBefore);
  });
});
