/**
 * One-tap approval cards end to end: the real telegraf against the fake Bot API, the approval stage of the order
 * pipeline over the simulated (paper) broker, the notification fan-out with the Telegram sink reporting the fill;
 * every card follows its order to its final state.
 */
import pino from 'pino';
import type { SimulatedBroker } from '../../../src/brokers/paper/simulatedBroker';
import { SimulatedClock } from '../../../src/core/clock';
import { ZerodhaEquityCostModel } from '../../../src/core/costs';
import { clientOrderId, strategyInstanceId, type ApprovalId } from '../../../src/core/ids';
import type { OrderIntent } from '../../../src/core/order';
import { Notifier } from '../../../src/notify';
import { approvalsService } from '../../../src/services/engine/approvalsService';
import type { Approval } from '../../../src/oms/approvals';
import type { Services } from '../../../src/services/services';
import { userId } from '../../../src/core/ids';
import type { UserRole } from '../../../src/services/user';
import { MemoryCardRefs, startTelegram, type TelegramTransport } from '../../../src/transports/telegram';
import { startFakeTelegram, type FakeTelegram, type StoredMessage } from '../../fakes/telegram';
import { paperBroker, pipelineOn, type Stack } from '../../support/brokers/pipelineStack';
import { captureLog, FAST_LIMITS } from './support';

const T1 = 111;
const T2 = 112;
const ADMIN = 333;
const VIEWER = 222;
const NOW = Date.parse('2025-01-08T05:30:00Z');

const costs = new ZerodhaEquityCostModel();

type Keyboard = { inline_keyboard: { text: string; callback_data?: string }[][] };
const buttonData = (m: StoredMessage, label: string): string => {
  const b = (m.state.replyMarkup as Keyboard | undefined)?.inline_keyboard.flat().find((x) => x.text.includes(label));
  if (!b?.callback_data) throw new Error(`no ${label} button on message ${m.messageId}`);
  return b.callback_data;
};

describe('approval cards on Telegram', () => {
  let fake: FakeTelegram;
  let tg: TelegramTransport;
  let clock: SimulatedClock;
  let broker: SimulatedBroker;
  let stack: Stack;
  let notifier: Notifier;
  const log = captureLog();
  let seq = 0;

  const intent = (quantity: number, over: Partial<OrderIntent> = {}): OrderIntent => ({
    clientOrderId: clientOrderId(`tg${++seq}`),
    symbol: 'INFY',
    side: 'BUY',
    quantity,
    orderType: 'LIMIT',
    price: 1500,
    stop: 1470,
    product: 'CNC',
    validity: 'DAY',
    source: { kind: 'strategy', instanceId: strategyInstanceId('sma-cross#1') },
    reason: 'fast SMA crossed above slow SMA',
    time: clock.now(),
    ...over,
  });

  /** An order that waits for approval: the pipeline opens its approval, which the cards announce. */
  const open = async (quantity: number): Promise<Approval> => {
    const r = await stack.request([{ intent: intent(quantity), sizingReason: `${quantity} shares: 1% of capital at risk to the stop`, signalPrice: 1500 }]);
    if (!r.approval) throw new Error('no approval');
    return r.approval;
  };

  const cardOf = async (chatId: number, id: ApprovalId): Promise<StoredMessage> => {
    const e = await fake.waitFor((ev) => ev.kind === 'message' && ev.message.chatId === chatId && (ev.message.state.text ?? '').includes(id));
    if (e.kind !== 'message') throw new Error('unexpected');
    return e.message;
  };
  const current = (m: StoredMessage): StoredMessage => fake.messages(m.chatId).find((x) => x.messageId === m.messageId)!;
  const tap = async (m: StoredMessage, from: number, data: string): Promise<string> => {
    const u = await fake.pressButton({ chatId: m.chatId, messageId: m.messageId, fromId: from, data, forge: true });
    const id = (u.callback_query as { id: string }).id;
    const a = await fake.waitFor((e) => e.kind === 'callbackAnswer' && e.answer.callbackQueryId === id);
    await tg.settled();
    await tg.queue.idle();
    return a.kind === 'callbackAnswer' ? (a.answer.text ?? '') : '';
  };

  let services: Services;
  const cards = new MemoryCardRefs();
  /** The transport over the stack: the cards decide through the services' approvals group, as every front end does. */
  const transport = (allowedUsers: { telegramId: number; role: UserRole }[]): Promise<TelegramTransport> =>
    startTelegram({
      config: { botToken: fake.token, apiRoot: fake.apiRoot, signingSecret: Buffer.alloc(32, 9), allowedUsers },
      services,
      log,
      store: { cards },
      approvals: { events: stack.approvals },
      limits: FAST_LIMITS,
      now: () => clock.now(),
    });

  beforeAll(async () => {
    fake = await startFakeTelegram({ maxPollMs: 200 });
    clock = new SimulatedClock(NOW);
    broker = await paperBroker(clock, ['INFY']);
    notifier = new Notifier({ logger: pino({ level: 'silent' }), clock });
    stack = pipelineOn(broker, clock, { prices: new Map([['INFY', 1500]]), idPrefix: 'tg' });
    stack.events.on('order-filled', (e) => {
      notifier.notify({ kind: 'fill', severity: 'info', title: `Filled ${e.fill.side} ${e.fill.quantity} ${e.fill.symbol} @ ${e.fill.price.toFixed(2)}`, fields: [{ name: 'Order', value: e.fill.clientOrderId }] });
    });
    services = { approvals: approvalsService({ desk: stack.approvals, repo: stack.approvalRepo, orders: stack.pipeline, now: () => clock.now(), lotSize: () => 1 }) };
    tg = await transport([{ telegramId: T1, role: 'trader' }, { telegramId: T2, role: 'trader' }, { telegramId: ADMIN, role: 'admin' }, { telegramId: VIEWER, role: 'viewer' }]);
    notifier.addSink(tg.sink, { kinds: ['fill'] });
  });

  afterAll(async () => {
    await notifier.stop();
    await tg.stop();
    await fake.close();
  });

  it('every trader and admin gets a card with the figures; a tap approves exactly once; all cards update; the paper fill is reported', async () => {
    const a = await open(10);
    const c1 = await cardOf(T1, a.id);
    const c2 = await cardOf(T2, a.id);
    const c3 = await cardOf(ADMIN, a.id);
    expect(fake.messages(VIEWER)).toHaveLength(0);
    const text = c1.state.text!;
    expect(text).toContain('BUY 10 INFY LIMIT @ 1,500.00');
    expect(text).toContain('Strategy: strategy sma-cross#1 — fast SMA crossed above slow SMA');
    expect(text).toContain('Sizing: 10 shares: 1% of capital at risk to the stop');
    // stop 1470 on 10 shares bought at 1500: ₹300.00 at risk; margin 10 × 1500; VaR change 2% of the value
    expect(text).toContain('Stop 1,470.00 · at risk ₹300.00 to the stop (₹15,000.00 without it)');
    expect(text).toContain('margin ₹15,000.00');
    expect(text).toContain('Portfolio VaR +₹300.00');
    const charges = costs.charges({ side: 'BUY', quantity: 10, price: 1500, product: 'CNC', exchange: 'NSE', time: NOW, symbol: 'INFY' }).total;
    expect(text).toContain(`Charges ≈ ₹${charges.toFixed(2)}`);
    const labels = (c1.state.replyMarkup as Keyboard).inline_keyboard.flat().map((b) => b.text);
    expect(labels).toEqual(['✅ Approve', '❌ Reject', '½×', '2×', 'Limit @ LTP']);
    for (const b of (c1.state.replyMarkup as Keyboard).inline_keyboard.flat()) expect(Buffer.byteLength(b.callback_data!)).toBeLessThanOrEqual(64);

    const approve2 = buttonData(c2, 'Approve');
    expect(await tap(c1, T1, buttonData(c1, 'Approve'))).toBe('Approved');
    for (const c of [c1, c2, c3]) {
      const now = current(c);
      expect(now.state.text).toMatch(/✅ Approved by \S+ at \d\d:\d\d:\d\d IST/);
      expect(now.state.replyMarkup).toBeUndefined();
    }
    // the second trader's tap (same moment, old card) changes nothing: the service answers it as it answers a
    // typed /approve or a REST call for the same order
    expect(await tap(c2, T2, approve2)).toBe(`Order ${a.id} is OPEN, not waiting for approval; nothing was placed.`);
    const cid = a.lines[0]!.intent.clientOrderId;
    expect(a.id).toBe(cid); // one id: the card's is the order's
    expect(c1.state.text).toContain(`Order ${cid}`);
    await stack.idle();
    expect(stack.pipeline.get(cid)?.status).toBe('OPEN');
    expect((await stack.approvals.get(a.id))?.status).toBe('APPROVED');
    await tg.settled();
    await tg.queue.idle();
    for (const c of [c1, c2, c3]) expect(current(c).state.text).toContain('⏳ At the broker, waiting for a fill');

    clock.advance(60_000);
    broker.handleTick('INFY', 1499.5, clock.now());
    await stack.idle();
    const fill1 = await fake.waitFor((e) => e.kind === 'message' && e.message.chatId === T1 && /Filled BUY 10 INFY @ 1499\.50/.test(e.message.state.text ?? ''));
    expect(fill1.kind).toBe('message');
    await fake.waitFor((e) => e.kind === 'message' && e.message.chatId === T2 && /Filled BUY 10 INFY/.test(e.message.state.text ?? ''));
    expect(stack.pipeline.get(cid)?.status).toBe('FILLED');
    // exactly one fill message per chat: the order was placed once
    expect(fake.messages(T1).filter((m) => /Filled BUY/.test(m.state.text ?? ''))).toHaveLength(1);
    // and every copy of the card now says how it ended
    await tg.settled();
    await tg.queue.idle();
    for (const c of [c1, c2, c3]) expect(current(c).state.text).toContain('✅ Filled 10 @ 1,499.50');
  });

  it('forged and other-user taps change nothing and are logged', async () => {
    const a = await open(4);
    const c1 = await cardOf(T1, a.id);
    const good = buttonData(c1, 'Approve');
    const forged = good.slice(0, -4) + (good.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect(await tap(c1, T1, forged)).toBe('This button is not valid; nothing was changed.');
    expect(await tap(c1, T1, good.replace(':y:', ':n:'))).toBe('This button is not valid; nothing was changed.');
    // T2 presses the button issued to T1
    expect(await tap(c1, T2, good)).toMatch(/sent to someone else/);
    // a viewer presses it
    expect(await tap(c1, VIEWER, good)).toMatch(/sent to someone else/);
    expect((await stack.approvals.get(a.id))?.status).toBe('PENDING');
    expect((await stack.approvals.get(a.id))?.version).toBe(0);
    expect(log.warnings('approval tap refused').map((l) => (l.obj as { reason: string }).reason)).toEqual(expect.arrayContaining(['forged', 'other-user']));
    expect(current(c1).state.text).toContain('⏳ Waiting for approval');
  });

  it('½× resizes every card; a replay of the old ½× button is refused as stale; an expired card says so', async () => {
    const a = await open(8);
    const c1 = await cardOf(T1, a.id);
    const c2 = await cardOf(T2, a.id);
    const half = buttonData(c1, '½');
    const approveV0 = buttonData(c2, 'Approve');
    expect(await tap(c1, T1, half)).toMatch(/Halved/);
    expect(current(c1).state.text).toContain('BUY 4 INFY');
    expect(current(c2).state.text).toContain('BUY 4 INFY');
    expect(buttonData(current(c2), 'Approve')).not.toBe(approveV0);
    // 2× is always offered: the risk engine checks the doubled order against the limits in force when it is approved
    expect((current(c1).state.replyMarkup as Keyboard).inline_keyboard.flat().map((b) => b.text)).toContain('2×');
    expect(await tap(c1, T1, half)).toMatch(/out of date/);
    expect((await stack.approvals.get(a.id))?.lines[0]!.intent.quantity).toBe(4);

    const stale = buttonData(current(c2), 'Approve');
    clock.advance(121_000);
    expect(await tap(current(c2), T2, stale)).toMatch(/expired/);
    expect((await stack.approvals.get(a.id))?.status).toBe('EXPIRED');
    for (const c of [c1, c2]) {
      expect(current(c).state.text).toContain('⌛ Expired — nothing was placed');
      expect(current(c).state.replyMarkup).toBeUndefined();
    }
  });

  it('/approve <id> typed in a chat goes through the dispatcher to the same service method as a tap and updates every card; a viewer may not', async () => {
    const a = await open(3);
    const c1 = await cardOf(T1, a.id);
    await fake.sendUserMessage({ chatId: VIEWER, fromId: VIEWER, text: `/approve ${a.id}` });
    const refused = await fake.waitFor((e) => e.kind === 'message' && e.message.chatId === VIEWER && /needs the trader role|Only a trader or an admin/.test(e.message.state.text ?? ''));
    expect(refused.kind).toBe('message');
    expect((await stack.approvals.get(a.id))?.status).toBe('PENDING');
    await fake.sendUserMessage({ chatId: T2, fromId: T2, text: `/approve ${a.id}` });
    const reply = await fake.waitFor((e) => e.kind === 'message' && e.message.chatId === T2 && (e.message.state.text ?? '').startsWith(`Order ${a.id} approved by`));
    expect(reply.kind).toBe('message');
    await tg.settled();
    await tg.queue.idle();
    expect(current(c1).state.text).toMatch(/✅ Approved by/);
    expect((await stack.approvals.get(a.id))?.status).toBe('APPROVED');
  });

  it('a decided card keeps who decided (by name) and when through later edits; an approval that places nothing does not answer "Approved"', async () => {
    const istClock = (t: number): string => new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Kolkata', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(new Date(t));
    const a = await open(5);
    const c1 = await cardOf(T1, a.id);
    const c3 = await cardOf(ADMIN, a.id);
    const decidedAt = clock.now();
    expect(await tap(c1, T1, buttonData(c1, 'Approve'))).toBe('Approved');
    await stack.idle();
    clock.advance(90_000);
    broker.handleTick('INFY', 1499, clock.now());
    await stack.idle();
    await tg.settled();
    await tg.queue.idle();
    for (const c of [c1, c3]) {
      const text = current(c).state.text!;
      expect(text).toContain('✅ Filled 5 @ 1,499.00');
      // the name the person has on Telegram, not the service id telegram:111; the time of the decision, not of the fill
      expect(text).toContain(`✅ Approved by User${T1} at ${istClock(decidedAt)} IST`);
    }

    // Refused when released (reducing only since the card was sent): the answer says nothing was placed, and why.
    const b = await open(2);
    const d1 = await cardOf(T1, b.id);
    stack.risk.setState('REDUCING');
    try {
      const answer = await tap(d1, T1, buttonData(d1, 'Approve'));
      expect(answer).not.toBe('Approved');
      expect(answer).toMatch(/nothing was placed.*reducing-only/);
      expect(answer.length).toBeLessThanOrEqual(200);
      expect(stack.pipeline.get(b.lines[0]!.intent.clientOrderId)?.status).toBe('DENIED');
      expect(current(d1).state.text).toContain('⛔ Refused by the risk checks: Trading is in reducing-only mode');
    } finally {
      stack.risk.setState('ACTIVE');
    }
  });

  it('a trader made a viewer after the card was sent (restart): the tap is refused by the service method, in the words it gives every front end', async () => {
    const a = await open(4);
    const c1 = await cardOf(T1, a.id);
    await tg.stop();
    tg = await transport([{ telegramId: T1, role: 'viewer' }, { telegramId: ADMIN, role: 'admin' }]);
    const answer = await tap(c1, T1, buttonData(c1, 'Approve'));
    expect(answer).toBe('Only a trader or an admin can decide approvals; you are a viewer.');
    const direct = await services.approvals!.decide({ id: a.id, choice: { kind: 'approve' } }, { id: userId('rest:viewer'), role: 'viewer' });
    expect(direct).toEqual({ ok: false, error: answer });
    expect((await stack.approvals.get(a.id))?.status).toBe('PENDING');
    expect(stack.pipeline.get(a.lines[0]!.intent.clientOrderId)?.status).toBe('PENDING_APPROVAL');
  });
});
