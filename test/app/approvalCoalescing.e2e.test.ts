/**
 * Issue 18 (part B), approvals from the phone through the real telegraf and the fake Telegram:
 *  - /pending answers with ONE message listing every waiting approval, with numbered buttons that act on each
 *    (a viewer's tap and a double tap place nothing more);
 *  - coalescing: a strategy instance whose newer signal for the same symbol arrives while its older card waits
 *    supersedes it — the older card is edited to say so (no buttons), its order is cancelled, and the newest card
 *    carries the whole change, so a burst of signals leaves at most one waiting card per instance and symbol.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../../src/config';
import { userId } from '../../src/core/ids';
import type { StoredMessage } from '../fakes/telegram';
import { e2eConfig, shiftedClock, startE2eApp, startFakes, type Fakes, type StartedApp } from '../support/e2e/appHarness';
import { asker, textOf } from '../support/e2e/chat';
import { eventually, eventuallyFilled, filledWhileTicking } from '../support/e2e/waiting';

const TRADER = 111;
const VIEWER = 555;
const OPEN = Date.parse('2025-01-08T03:45:00Z');
type Keyboard = { inline_keyboard: { text: string; callback_data?: string }[][] };
const buttons = (m: StoredMessage): string[] => ((m.state.replyMarkup as Keyboard | undefined)?.inline_keyboard.flat() ?? []).map((b) => b.text);
const buttonData = (m: StoredMessage, label: string): string => {
  const b = (m.state.replyMarkup as Keyboard | undefined)?.inline_keyboard.flat().find((x) => x.text === label);
  if (!b?.callback_data) throw new Error(`no ${label} button on message ${m.messageId}: ${textOf(m)}`);
  return b.callback_data;
};

describe('/pending in one message, and coalesced approval cards', () => {
  const clock = shiftedClock(Date.parse('2025-01-08T05:30:00Z'));
  const s = { fakes: undefined as unknown as Fakes, config: undefined as unknown as Config, running: undefined as StartedApp | undefined, minute: 0 };
  beforeAll(async () => {
    s.fakes = await startFakes('e2e_coalescing');
    s.config = e2eConfig(s.fakes, { TELEGRAM_ALLOWED_USERS: `${TRADER}:trader,${VIEWER}:viewer`, APPROVAL_POLICY: 'always' });
    s.running = await startE2eApp(s.config, ['INFY', 'TCS'], clock);
  });
  afterAll(async () => {
    await s.running?.app.stop();
    await s.fakes?.close();
  });
  const app = () => s.running!.app;
  const tg = () => s.fakes.telegram;
  const fromBot = (chat: number): StoredMessage[] => tg().messages(chat).filter((m) => m.fromBot);
  const now = (m: StoredMessage): StoredMessage => tg().messages(m.chatId).find((x) => x.messageId === m.messageId)!;
  const cards = (chat: number): StoredMessage[] => fromBot(chat).filter((m) => /^Order approval/.test(textOf(m)));
  const ask = asker(() => s.fakes.telegram);
  /** Taps a button (as `fromId`); returns the popup's answer and the messages the bot sent after it. */
  const tap = async (m: StoredMessage, label: string, fromId = m.chatId): Promise<{ answer: string; replies: () => StoredMessage[] }> => {
    const before = tg().callbackAnswers().length;
    const sent = tg().messages(m.chatId).length;
    await tg().pressButton({ chatId: m.chatId, messageId: m.messageId, fromId, data: buttonData(m, label) });
    const answer = await eventually('the answer to the tap', () => tg().callbackAnswers()[before]);
    return { answer: answer.text ?? '', replies: () => tg().messages(m.chatId).slice(sent).filter((x) => x.fromBot) };
  };
  const tick = (symbol: string, price: number): void => s.running!.ticks.push(symbol, price, OPEN + s.minute++ * 60_000 + 1_000);
  const pendingApprovals = async () => app().engine.repos.approvals.withStatus('PENDING');

  test('/pending: every waiting approval in one message, with numbered buttons that act on each', async () => {
    expect(textOf(await ask(VIEWER, '/pending', /./))).toBe('Nothing is waiting for approval.');
    for (let k = 0; k < 3; k++) {
      tick('INFY', 1500 + k);
      tick('TCS', 4000 + k);
    }
    await app().engine.trading.pipeline.prepare(['INFY', 'TCS']);
    const ids: string[] = [];
    for (const [symbol, quantity] of [['INFY', 3], ['TCS', 2]] as const) {
      const r = app().engine.trading.pipeline.submit(
        { symbol, side: 'BUY', quantity, orderType: 'MARKET', product: 'CNC', validity: 'DAY', source: { kind: 'user', userId: userId(String(TRADER)) }, reason: 'a person’s order', time: clock.now() },
        { approval: 'always' },
      );
      if (!r.ok) throw new Error(r.error.message);
      ids.push(r.value.intent.clientOrderId);
    }
    await eventually('both cards', () => (cards(TRADER).length === 2 ? true : undefined));
    const before = fromBot(VIEWER).length;
    const listing = await ask(TRADER, '/pending', /waiting/);
    expect(textOf(listing)).toMatch(new RegExp(`^2 approvals are waiting:\\n1\\. BUY 3 INFY MARKET[^\\n]*\\n {3}user ${TRADER}: a person’s order\\n {3}id ${ids[0]}, asked [^\\n]+\\n2\\. BUY 2 TCS MARKET[\\s\\S]*id ${ids[1]}, `));
    expect(buttons(listing)).toEqual(['✅ 1', '❌ 1', '½× 1', '2× 1', '✅ 2', '❌ 2', '½× 2', '2× 2']);
    // One message: nothing else came with it (observed: the reply to the next command is the very next message).
    const next = await ask(TRADER, '/version', /^AutoPPM/);
    expect(fromBot(TRADER).filter((m) => m.messageId > listing.messageId && m.messageId < next.messageId)).toEqual([]);
    // A viewer sees the list too; the viewer's tap decides nothing.
    const viewerList = await ask(VIEWER, '/pending', /waiting/);
    expect(fromBot(VIEWER).length).toBe(before + 1);
    const refused = await tap(viewerList, '✅ 1');
    expect(refused.answer).toBe('Not done');
    expect(textOf(await eventually('the refusal', () => refused.replies()[0]))).toBe('⚠️ /approve needs the trader role and you are a viewer; ask an admin if you need it.');
    expect((await app().engine.repos.orders.get(ids[0] as never))?.status).toBe('PENDING_APPROVAL');

    // The trader rejects the second and approves the first from the one message; a second tap places nothing more.
    const rejected = await tap(listing, '❌ 2');
    expect(textOf(await eventually('the rejection', () => rejected.replies()[0]))).toBe(`Order ${ids[1]} rejected by User${TRADER}; nothing was placed.`);
    expect((await app().engine.repos.orders.get(ids[1] as never))?.status).toBe('CANCELLED');
    const approved = await tap(listing, '✅ 1');
    expect(textOf(await eventually('the approval', () => approved.replies()[0]))).toBe(`Order ${ids[0]} approved by User${TRADER}.`);
    const filled = await filledWhileTicking('the INFY buy', () => app().engine.repos.orders.get(ids[0] as never), () => tick('INFY', 1505));
    expect(filled.filledQuantity).toBe(3);
    const again = await tap(listing, '✅ 1');
    expect(again.answer).toBe('Not done');
    const second = await eventually('the second tap’s answer', () => again.replies().find((m) => /nothing was placed/.test(textOf(m))));
    expect(textOf(second)).toBe(`⚠️ Order ${ids[0]} is FILLED, not waiting for approval; nothing was placed.`);
    const broker = await app().engine.trading.broker.orders();
    expect(broker.ok && broker.value.filter((o) => o.clientOrderId === ids[0])).toHaveLength(1);
    expect(textOf(await ask(TRADER, '/pending', /^Nothing is waiting|approvals? (is|are) waiting/))).toBe('Nothing is waiting for approval.');
    // The README's row and /help name the example run here.
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    expect(readme).toContain('| `/pending` | viewer | Every approval waiting for a decision, in one message with Approve, Reject, ½× and 2× buttons | `/pending` |');
    expect(textOf(await ask(VIEWER, '/help pending', /^\/pending/))).toContain('Example: /pending');
  });

  test('coalescing: a newer signal of the same instance and symbol supersedes the waiting card; a burst leaves one card', async () => {
    const started = await ask(TRADER, '/run sma-cross TCS fast=2 slow=4 capital=5%', /^Started|⚠️/);
    const instance = /^Started (\S+):/.exec(textOf(started))![1]!;
    let last = 0;
    const push = (p: number): void => {
      tick('TCS', p);
      last = p;
    };
    /** Falls for `bars` minutes, then jumps: sma-cross (2 over 4) crosses up — a BUY. */
    const up = (from: number, bars: number): void => {
      for (let k = 0; k < bars; k++) push(from - 2 * k);
      push(last + 20);
      push(last + 1);
    };
    /** Rises, then drops: it crosses down — a flat signal. */
    const down = (): void => {
      const from = last;
      for (let k = 1; k <= 6; k++) push(from + 2 * k);
      push(last - 20);
      push(last - 1);
    };
    const seen = new Set(cards(TRADER).map((m) => m.messageId));
    const tcsCards = () => cards(TRADER).filter((m) => !seen.has(m.messageId) && /^(BUY|SELL) \d+ TCS/m.test(textOf(m)));

    // 30 falling minutes first: the instance needs 20 bar returns for a volatility estimate (the VaR limit).
    up(4000, 30);
    const first = await eventually('the BUY card', () => tcsCards()[0]);
    const firstId = /^Order (?!approval)(\S+)/m.exec(textOf(first))![1]!;
    expect(textOf(first)).toMatch(/^BUY \d+ TCS/m);
    expect((await pendingApprovals()).map((a) => a.id)).toEqual([firstId]);

    // Before anyone decides, the strategy wants to be flat again: the BUY card is superseded, and no SELL card comes
    // (without coalescing, a SELL of the shares the waiting BUY would buy was asked for).
    down();
    const note = `Superseded by a newer signal of ${instance} for TCS`;
    await eventually('the first card superseded', () => (textOf(now(first)).includes(note) ? true : undefined));
    expect(textOf(now(first))).toContain('✖ Cancelled — nothing was placed');
    expect(buttons(now(first))).toEqual([]);
    expect((await app().engine.repos.orders.get(firstId as never))?.status).toBe('CANCELLED');
    expect((await app().engine.repos.orders.get(firstId as never))?.message).toContain(note);
    expect(await pendingApprovals()).toEqual([]);

    // The burst goes on: BUY again. One card waits; the chat holds two TCS cards in all, no SELL.
    up(last, 6);
    const second = await eventually('the second BUY card', () => tcsCards()[1]);
    const secondId = /^Order (?!approval)(\S+)/m.exec(textOf(second))![1]!;
    // Every bar of the burst has been decided once the engine is idle: no later card can come.
    await app().engine.trading.drainOrders();
    expect(tcsCards()).toHaveLength(2);
    expect(tcsCards().filter((m) => /^SELL/m.test(textOf(m)))).toEqual([]);
    expect((await pendingApprovals()).map((a) => a.id)).toEqual([secondId]);
    const listing = await ask(TRADER, '/pending', /approvals? (is|are) waiting/);
    expect(textOf(listing)).toMatch(new RegExp(`^1 approval is waiting:\\n1\\. BUY \\d+ TCS MARKET[\\s\\S]*id ${secondId},`));

    // The waiting card is the one that counts: approved from the list, it fills.
    const approved = await tap(listing, '✅ 1');
    expect(textOf(await eventually('the approval', () => approved.replies()[0]))).toBe(`Order ${secondId} approved by User${TRADER}.`);
    push(last + 1);
    await eventuallyFilled('the TCS buy', () => app().engine.repos.orders.get(secondId as never));
    expect((await app().engine.repos.orders.get(firstId as never))?.status).toBe('CANCELLED');
  });
});
