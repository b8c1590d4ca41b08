/**
 * One-tap approval cards end to end: the real telegraf against the fake Bot API, the approval service over an
 * OrderManager on the paper broker, the notification fan-out with the Telegram sink reporting the fill.
 */
import pino from 'pino';
import { PaperBroker } from '../../../src/brokers/paper/paperBroker';
import { MemoryPaperStateRepository } from '../../../src/brokers/paper/paperState';
import { SimulatedClock } from '../../../src/core/clock';
import { ZerodhaEquityCostModel } from '../../../src/core/costs';
import { approvalId, clientOrderId, strategyInstanceId, type ApprovalId } from '../../../src/core/ids';
import type { OrderIntent } from '../../../src/core/order';
import { Notifier } from '../../../src/notify';
import { MemoryApprovalRepository } from '../../../src/oms/approvalRepository';
import type { Approval, ApprovalFacts } from '../../../src/oms/approvals';
import { ApprovalService } from '../../../src/oms/approvalService';
import { OrderManager } from '../../../src/oms/orderManager';
import { MemoryOrderRepository } from '../../../src/oms/orderRepository';
import { OrderRateLimiter } from '../../../src/oms/rateLimiter';
import { startTelegram, type ApprovalEventSource, type TelegramTransport } from '../../../src/transports/telegram';
import { startFakeTelegram, type FakeTelegram, type StoredMessage } from '../../fakes/telegram';
import { captureLog, FAST_LIMITS } from './support';

const T1 = 111;
const T2 = 112;
const ADMIN = 333;
const VIEWER = 222;
const NOW = Date.parse('2025-01-08T05:30:00Z');

class ApprovalEvents implements ApprovalEventSource {
  private readonly listeners = new Set<(a: Approval) => void>();
  subscribe(l: (a: Approval) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  emit(a: Approval): void {
    for (const l of this.listeners) l(a);
  }
}

const facts: ApprovalFacts = {
  costs: new ZerodhaEquityCostModel(),
  exchange: () => 'NSE',
  margin: (i, p) => i.quantity * p,
  varChange: (i, p) => i.quantity * p * 0.02,
};

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
  let broker: PaperBroker;
  let oms: OrderManager;
  let service: ApprovalService;
  let notifier: Notifier;
  const events = new ApprovalEvents();
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

  /** Opens an approval and announces it (as the lead's wiring does after ApprovalService.request). */
  const open = async (quantity: number): Promise<Approval> => {
    const r = await service.request([{ intent: intent(quantity), sizingReason: `${quantity} shares: 1% of capital at risk to the stop`, signalPrice: 1500 }]);
    if (!r.ok || !r.value.approval) throw new Error('no approval');
    events.emit(r.value.approval);
    return r.value.approval;
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

  beforeAll(async () => {
    fake = await startFakeTelegram({ maxPollMs: 200 });
    clock = new SimulatedClock(NOW);
    broker = await PaperBroker.open({ clock, costs: new ZerodhaEquityCostModel(), instruments: () => ({ exchange: 'NSE', tickSize: 0.05, lotSize: 1 }), repository: new MemoryPaperStateRepository(), startingCash: 1_000_000 });
    notifier = new Notifier({ logger: pino({ level: 'silent' }), clock });
    oms = new OrderManager({
      repo: new MemoryOrderRepository(),
      broker,
      clock,
      limiter: new OrderRateLimiter({ clock, sleep: async () => undefined, windows: [{ limit: 1_000_000, windowMs: 1 }] }),
      rules: () => ({ tickSize: 0.05, lotSize: 1 }),
      validation: { marketProtection: -1 },
      onEvent: (e) => {
        if (e.type === 'order-filled') notifier.notify({ kind: 'fill', severity: 'info', title: `Filled ${e.fill.side} ${e.fill.quantity} ${e.fill.symbol} @ ${e.fill.price.toFixed(2)}`, fields: [{ name: 'Order', value: e.fill.clientOrderId }] });
      },
    });
    let n = 0;
    service = new ApprovalService({ repo: new MemoryApprovalRepository(), orders: oms, clock, facts, lastPrice: () => 1500, tickSize: () => 0.05, lotSize: () => 1, ttlMs: 120_000, newId: () => approvalId(`ap${++n}x`) });
    tg = await startTelegram({
      config: {
        botToken: fake.token,
        apiRoot: fake.apiRoot,
        signingSecret: Buffer.alloc(32, 9),
        maxOrderValue: 40_000,
        allowedUsers: [{ telegramId: T1, role: 'trader' }, { telegramId: T2, role: 'trader' }, { telegramId: ADMIN, role: 'admin' }, { telegramId: VIEWER, role: 'viewer' }],
      },
      services: {},
      log,
      approvals: { decider: service, events },
      limits: FAST_LIMITS,
      now: () => clock.now(),
    });
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
    expect(text).toContain('Stop 1,470.00 · at risk ₹300.00');
    expect(text).toContain('margin ₹15,000.00');
    expect(text).toContain('Portfolio VaR +₹300.00');
    const charges = facts.costs.charges({ side: 'BUY', quantity: 10, price: 1500, product: 'CNC', exchange: 'NSE', time: NOW, symbol: 'INFY' }).total;
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
    // the second trader's tap (same moment, old card) changes nothing
    expect(await tap(c2, T2, approve2)).toMatch(/already approved; nothing was changed/);
    const cid = a.lines[0]!.intent.clientOrderId;
    await oms.idle();
    expect((await oms.get(cid))?.status).toMatch(/^(SUBMITTED|OPEN|ACCEPTED)$/);
    expect((await service.get(a.id))?.status).toBe('APPROVED');

    clock.advance(60_000);
    broker.onTick('INFY', 1499.5, clock.now());
    await oms.idle();
    const fill1 = await fake.waitFor((e) => e.kind === 'message' && e.message.chatId === T1 && /Filled BUY 10 INFY @ 1499\.50/.test(e.message.state.text ?? ''));
    expect(fill1.kind).toBe('message');
    await fake.waitFor((e) => e.kind === 'message' && e.message.chatId === T2 && /Filled BUY 10 INFY/.test(e.message.state.text ?? ''));
    expect((await oms.get(cid))?.status).toBe('FILLED');
    expect(broker).toBeDefined();
    // exactly one fill message per chat: the order was placed once
    expect(fake.messages(T1).filter((m) => /Filled BUY/.test(m.state.text ?? ''))).toHaveLength(1);
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
    expect((await service.get(a.id))?.status).toBe('PENDING');
    expect((await service.get(a.id))?.version).toBe(0);
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
    // 2× is offered only within the max order value (₹40,000 at ₹1,500 → at most 26 shares)
    expect((current(c1).state.replyMarkup as Keyboard).inline_keyboard.flat().map((b) => b.text)).toContain('2×');
    expect(await tap(c1, T1, half)).toMatch(/out of date/);
    expect((await service.get(a.id))?.lines[0]!.intent.quantity).toBe(4);

    const stale = buttonData(current(c2), 'Approve');
    clock.advance(121_000);
    expect(await tap(current(c2), T2, stale)).toMatch(/expired/);
    expect((await service.get(a.id))?.status).toBe('EXPIRED');
    for (const c of [c1, c2]) {
      expect(current(c).state.text).toContain('⌛ Expired — nothing was placed');
      expect(current(c).state.replyMarkup).toBeUndefined();
    }
  });

  it('/approve <id> typed in a chat takes the same path and updates every card; a viewer may not', async () => {
    const a = await open(3);
    const c1 = await cardOf(T1, a.id);
    await fake.sendUserMessage({ chatId: VIEWER, fromId: VIEWER, text: `/approve ${a.id}` });
    const refused = await fake.waitFor((e) => e.kind === 'message' && e.message.chatId === VIEWER && /needs the trader role|Only a trader or an admin/.test(e.message.state.text ?? ''));
    expect(refused.kind).toBe('message');
    expect((await service.get(a.id))?.status).toBe('PENDING');
    await fake.sendUserMessage({ chatId: T2, fromId: T2, text: `/approve ${a.id}` });
    const reply = await fake.waitFor((e) => e.kind === 'message' && e.message.chatId === T2 && (e.message.state.text ?? '').startsWith(`Approval ${a.id}: 1 order sent`));
    expect(reply.kind).toBe('message');
    await tg.settled();
    await tg.queue.idle();
    expect(current(c1).state.text).toMatch(/✅ Approved by/);
    expect((await service.get(a.id))?.status).toBe('APPROVED');
  });
});
