/**
 * One bot process (paper by default) with its fakes for one describe block, driven as people on phones drive it:
 * the real telegraf against the fake Telegram Bot API, the fake Discord and the MongoDB test server; ticks pushed by
 * the test. Commands, confirmations, taps on cards, and what landed at the broker and in the order store.
 */
import type { RunningApp } from '../../../src/app';
import type { Config } from '../../../src/config';
import { clientOrderId } from '../../../src/core/ids';
import type { Order } from '../../../src/core/order';
import type { StoredMessage } from '../../fakes/telegram';
import { e2eConfig, shiftedClock, startE2eApp, startFakes, type E2eOverrides, type Fakes, type StartedApp } from './appHarness';
import { buttonData, textOf, type Keyboard } from './telegramButtons';
import { eventually } from './waiting';
import { CONFIRM_TTL_MS } from '../../../commands/lib/dispatcher';

export { buttonData, textOf, type Keyboard };

export const TRADER = 111;
export const ADMIN = 333;
export const VIEWER = 555;
/** Every allowed user gets fill notices; traders and admins get approval cards. */
export const EVERYONE = [TRADER, ADMIN, VIEWER];
export const DECIDERS = [TRADER, ADMIN];
/** The fake Telegram's display name of a user (first_name `User<id>`, no username). */
export const nameOf = (id: number): string => `User${id}`;
/** Wednesday 2025-01-08, 09:15 IST: the session's first minute. */
export const OPEN = Date.parse('2025-01-08T03:45:00Z');
export const minute = (k: number): number => OPEN + k * 60_000 + 1_000;
export const ALL_STATUSES = ['PENDING_APPROVAL', 'APPROVED', 'SUBMITTED', 'OPEN', 'PARTIALLY_FILLED', 'FILLED', 'CANCELLED', 'REJECTED', 'EXPIRED', 'DENIED'] as const;
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export type Embed = { title?: string; description?: string; fields?: { name: string; value: string }[] };

export const hasButtons = (m: StoredMessage): boolean => ((m.state.replyMarkup as Keyboard | undefined)?.inline_keyboard.flat().length ?? 0) > 0;
/** The order ids an approval card names ("Order <id>" under each order line). */
export const cardOrderIds = (m: StoredMessage): string[] => [...textOf(m).matchAll(/^Order (?!approval)([a-z0-9]+)/gm)].map((x) => x[1]!);
/** "BUY 34 INFY" on a one-order card: side and quantity. */
export const cardLine = (m: StoredMessage): { side: string; quantity: number } => {
  const x = /^(BUY|SELL) (\d+) [A-Z]/m.exec(textOf(m));
  if (!x) throw new Error(`no order line on the card: ${textOf(m)}`);
  return { side: x[1]!, quantity: Number(x[2]) };
};
/** Rupees as the bot prints them: ₹1,23,456.50 (Indian grouping). */
export const inr = (x: number): string => `₹${x.toLocaleString('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
/** A price as the bot prints it (no ₹): 1,463.00. */
export const px = (x: number): string => x.toLocaleString('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
export const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One bot process with its fakes for one describe block (restartable on the same database). */
/** `over`: the harness's knobs (e.g. MODE=live's look-up schedule of an unanswered placement). */
export function chatBot(label: string, symbols: readonly string[], env: Record<string, string> = {}, over: E2eOverrides = {}) {
  const clock = shiftedClock(Date.parse('2025-01-08T05:30:00Z'));
  const s = { fakes: undefined as unknown as Fakes, config: undefined as unknown as Config, running: undefined as StartedApp | undefined, minute: 0 };
  beforeAll(async () => {
    s.fakes = await startFakes(label);
    s.config = e2eConfig(s.fakes, { TELEGRAM_ALLOWED_USERS: `${TRADER}:trader,${ADMIN}:admin,${VIEWER}:viewer`, APPROVAL_POLICY: 'always', ...env });
    s.running = await startE2eApp(s.config, symbols, clock, undefined, over);
  });
  afterAll(async () => {
    await s.running?.app.stop();
    await s.fakes?.close();
  });

  const app = (): RunningApp => s.running!.app;
  const tg = () => s.fakes.telegram;
  const fromBot = (chatId: number): StoredMessage[] => tg().messages(chatId).filter((m) => m.fromBot);
  /** Approval cards in a chat, pending or decided (a decided card has no buttons any more). */
  const cards = (chatId: number): StoredMessage[] => fromBot(chatId).filter((m) => /^(Order|Batch) approval/.test(textOf(m)));
  /** The cards in a chat that show approval `id` (a one-order approval's id is its order's id). */
  const cardsFor = (chatId: number, id: string): StoredMessage[] => cards(chatId).filter((m) => textOf(m).includes(id));
  /**
   * Waits for a new card in the trader's chat matching `side` — or, given the order's id, for that order's card (which
   * may arrive before the reply that named the id) — and for every decider's copy; returns the trader's.
   */
  const nextCard = async (side: 'BUY' | 'SELL', orderId?: string): Promise<{ card: StoredMessage; id: string; quantity: number }> => {
    const seen = new Set(orderId === undefined ? cards(TRADER).map((m) => m.messageId) : []);
    const card = await eventually(`a new ${side} card`, () => cards(TRADER).find((m) => !seen.has(m.messageId) && cardLine(m).side === side && (orderId === undefined || cardOrderIds(m).includes(orderId)))).catch((e: unknown) => {
      throw new Error(`${String(e)}; the bot said: ${JSON.stringify(fromBot(TRADER).slice(-4).map(textOf))}`);
    });
    const [id] = cardOrderIds(card);
    for (const chat of DECIDERS) await eventually(`user ${chat}'s card`, () => cardsFor(chat, id!)[0]);
    // …and for the bot to have noted where each copy went (it edits them all, and knows whose buttons they carry).
    await eventually('the card refs', async () => ((await app().engine.repos.telegramCards.list(id!)).length === DECIDERS.length ? true : undefined));
    return { card, id: id!, quantity: cardLine(card).quantity };
  };
  /** Sends a command and returns the first new bot message matching `expected`. */
  const ask = async (chatId: number, text: string, expected: RegExp): Promise<StoredMessage> => {
    const before = tg().messages(chatId).length;
    await tg().sendUserMessage({ chatId, fromId: chatId, text });
    const fresh = () => tg().messages(chatId).slice(before).filter((m) => m.fromBot);
    return eventually(`the ${text} reply`, () => fresh().find((m) => expected.test(textOf(m)))).catch((e: unknown) => {
      throw new Error(`${String(e)}; the bot said: ${JSON.stringify(fresh().map(textOf))}`);
    });
  };
  /** A command that asks for a confirmation: sends it, taps Confirm, returns the result. */
  const confirmed = async (chatId: number, text: string, expected: RegExp): Promise<string> => {
    const prompt = await ask(chatId, text, /Tap Confirm/);
    // The time left that the prompt states is the code's own (it once mixed the bot's clock with the real one: "within
    // 60324025 s" on a shifted clock).
    const left = Number(/Tap Confirm within (\d+) s/.exec(textOf(prompt))?.[1]);
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThanOrEqual(CONFIRM_TTL_MS / 1000);
    const before = tg().messages(chatId).length;
    await tap(chatId, prompt, buttonData(prompt, 'Confirm'));
    const fresh = () => tg().messages(chatId).slice(before).filter((m) => m.fromBot);
    const reply = await eventually(`the result of ${text}`, () => fresh().find((m) => expected.test(textOf(m)))).catch((e: unknown) => {
      throw new Error(`${String(e)}; the bot said: ${JSON.stringify(fresh().map(textOf))}`);
    });
    return textOf(reply);
  };
  /** Taps a button on a message (as `fromId`, default the chat's user); returns the answer the popup shows. */
  const tap = async (chatId: number, m: StoredMessage, data: string, fromId = chatId, forge = false): Promise<string> => {
    const before = tg().callbackAnswers().length;
    await tg().pressButton({ chatId, messageId: m.messageId, fromId, data, ...(forge ? { forge } : {}) });
    const answer = await eventually('the answer to the tap', () => tg().callbackAnswers()[before]);
    return answer.text ?? '';
  };
  /** The message as it is now (edits applied). */
  const now = (m: StoredMessage): StoredMessage => tg().messages(m.chatId).find((x) => x.messageId === m.messageId)!;
  const tick = (symbol: string, price: number): void => s.running!.ticks.push(symbol, price, minute(s.minute++));
  const order = (id: string): Promise<Order | undefined> => app().engine.repos.orders.get(clientOrderId(id));
  const orders = (): Promise<Order[]> => app().engine.repos.orders.withStatus(ALL_STATUSES);
  const embeds = (): Embed[] => s.fakes.discord.messages(s.fakes.alerts.channelId).flatMap((m) => m.current.embeds as Embed[]);
  /** Orders the paper broker took (any status), by our id. */
  const atBroker = async (id?: string) => {
    const r = await app().engine.trading.broker.orders();
    if (!r.ok) throw new Error(r.error.message);
    return id === undefined ? r.value : r.value.filter((o) => o.clientOrderId === id);
  };
  /** Fill notices on Telegram in a chat, with the order id each names. */
  const fillNotices = (chatId: number): { text: string; id: string | undefined }[] =>
    fromBot(chatId)
      .filter((m) => /Filled: (BUY|SELL)/.test(textOf(m)))
      .map((m) => ({ text: textOf(m), id: /^Order: (\S+)$/m.exec(textOf(m))?.[1] }));
  /** Fill alerts on Discord, with the order id each names. */
  const discordFills = (): { title: string; id: string | undefined }[] =>
    embeds()
      .filter((e) => (e.title ?? '').startsWith('Filled:'))
      .map((e) => ({ title: e.title!, id: e.fields?.find((f) => f.name === 'Order')?.value }));
  /** Lets every order call, journal write and notification finish, then a little more for a late duplicate. */
  const settle = async (): Promise<void> => {
    await app().engine.trading.drainOrders();
    await app().engine.notifier.idle();
    await app().transports?.telegram?.queue.idle();
    await sleep(400);
    await app().engine.notifier.idle();
    await app().transports?.telegram?.queue.idle();
  };
  /** Lets every order call and journal write finish (enough to look at the broker). */
  const settleOrders = async (): Promise<void> => {
    await app().engine.trading.drainOrders();
    await sleep(200);
    await app().engine.trading.drainOrders();
  };
  const restart = async (): Promise<void> => {
    await s.running!.app.stop();
    s.running = undefined;
    s.running = await startE2eApp(s.config, symbols, clock);
  };
  return { s, clock, app, tg, fromBot, cards, cardsFor, nextCard, ask, confirmed, tap, now, tick, order, orders, embeds, atBroker, fillNotices, discordFills, settle, settleOrders, restart };
}

