/**
 * MODE=live, the day's start (issue 16 item 4): Kite's `available.opening_balance` of the equity margins, read with the
 * real kiteconnect from the fake Kite, plus the delivery shares the book held when the day began at the close before
 * it. A purchase today moves cash into shares and is no loss; shares held overnight that fell are. The risk engine
 * fixes the figure once a day (an order's check or a report, `dayStartAt`) and hands it to its counters' store.
 */
import { KiteConnect } from 'kiteconnect';
import { KiteBroker } from '../../../src/brokers/kite/kiteBroker';
import { LiveEquity, withHeldShares } from '../../../src/brokers/kite/liveEquity';
import { istMidnight } from '../../../src/calendar/ist';
import { SimulatedClock } from '../../../src/core/clock';
import { clientOrderId, strategyInstanceId } from '../../../src/core/ids';
import type { OrderIntent } from '../../../src/core/order';
import { PositionBook } from '../../../src/oms/positionBook';
import type { BookMarket } from '../../../src/risk/bookSnapshot';
import type { DayStart } from '../../../src/risk/riskCounters';
import { RiskEngine } from '../../../src/risk/riskEngine';
import { DEFAULT_RISK_LIMITS } from '../../../src/risk/riskLimits';
import { startFakeKite, type FakeKite } from '../../fakes/kite';
import { INFY } from '../../fakes/kite/support';

/** 11:00 IST on a trading day. */
const NOW = Date.parse('2025-01-08T11:00:00+05:30');
const OPENING = 1_000_000;

describe('live: the day starts from Kite’s opening balance', () => {
  let fake: FakeKite;
  beforeAll(async () => {
    fake = await startFakeKite({ instruments: [INFY], cash: OPENING });
  });
  afterAll(() => fake.close());

  test('10 shares held overnight (close ₹1,500) and 20 bought today at ₹1,400: day start ₹10,15,000, day P&L −₹1,000 (the fall of the overnight shares, not the purchase)', async () => {
    const clock = new SimulatedClock(NOW);
    const kite = new KiteConnect({ api_key: fake.apiKey, access_token: 'fake_access_token', root: fake.root });
    const broker = new KiteBroker({ kite, clock, sleep: async () => undefined, retries: 1 });
    const live = new LiveEquity({ read: () => broker.equityMargins(), clock, warn: () => undefined });
    const book = new PositionBook();
    const account = book.portfolio;
    const k = book.intern('NSE:INFY');
    const j = account.slot('NSE:INFY', 'CNC', k);
    // yesterday's delivery purchase (settled: Kite's opening balance is after it)
    account.apply(j, 10, 1450, 0);
    const yesterdayClose = 1500;

    // today: 20 more bought at Kite at ₹1,400 (Kite's net drops by ₹28,000; the opening balance stays)
    fake.setLtp(INFY.token, 1400);
    const buy = { exchange: 'NSE', tradingsymbol: 'INFY', transaction_type: 'BUY', quantity: 20, product: 'CNC', order_type: 'MARKET', market_protection: -1 } as const;
    await kite.placeOrder('regular', buy);
    account.apply(j, 20, 1400, 0);
    book.marks[k] = 1400;
    live.handleFill(-28_000, { symbol: 'NSE:INFY', shares: 20, time: NOW - 60_000 });
    await live.settled();
    expect(live.value()).toBe(OPENING - 28_000);
    expect(live.openingBalance()).toBe(OPENING);

    const stored: DayStart[] = [];
    const market: BookMarket = {
      price: () => 1400,
      equity: () => withHeldShares(live.value() ?? Number.NaN, book),
      equityAtDayStart: (day) => live.dayStart(book, day, (s, d) => (s === 'NSE:INFY' && d === istMidnight(NOW) ? yesterdayClose : undefined)),
    };
    const risk = new RiskEngine({ book, limits: { ...DEFAULT_RISK_LIMITS, dailyLossFraction: 0.0005 }, market, squareOffTime: () => undefined, portfolioCash: () => live.value() ?? 0, counters: { orderSent: () => undefined, dayStarted: (d) => stored.push(d) } });

    const dayStart = risk.dayStartAt(NOW);
    expect(dayStart).toBe(OPENING + 10 * yesterdayClose);
    expect(market.equity()).toBe(OPENING - 28_000 + 30 * 1400);
    expect(market.equity() - dayStart).toBe(-1_000);
    // fixed once, and told to the counters' store
    expect(risk.dayStartAt(NOW + 60_000)).toBe(dayStart);
    expect(stored).toEqual([{ day: istMidnight(NOW), equity: dayStart }]);

    // after a restart the journal's fills tell what was bought today (countDeliveryFill): the same day start
    const restarted = new LiveEquity({ read: () => broker.equityMargins(), clock, warn: () => undefined });
    await restarted.refresh();
    restarted.countDeliveryFill('NSE:INFY', 10, NOW - 86_400_000);
    restarted.countDeliveryFill('NSE:INFY', 20, NOW - 60_000);
    expect(restarted.dayStart(book, NOW, () => yesterdayClose)).toBe(dayStart);

    // an order's check measures the day's loss from the same figure: ₹1,000 > 0.05% of ₹10,15,000 refuses a buy
    const intent: OrderIntent = { clientOrderId: clientOrderId('ds1'), symbol: 'NSE:INFY', side: 'BUY', quantity: 1, orderType: 'LIMIT', price: 1400, product: 'CNC', validity: 'DAY', source: { kind: 'strategy', instanceId: strategyInstanceId('s-1') }, reason: 'test', time: NOW };
    const r = risk.check({ intent, account, slot: j, stage: 'new', time: NOW });
    expect(r).toMatchObject({ ok: false, error: { rule: 'daily-loss' } });
    expect(risk.lastSnapshot?.dayStartEquity).toBe(dayStart);

    // the next day starts afresh from Kite's opening balance, with every share held overnight at the close before it
    const tomorrow = NOW + 86_400_000;
    const next = new RiskEngine({ book, limits: DEFAULT_RISK_LIMITS, market: { ...market, equityAtDayStart: (day) => live.dayStart(book, day, () => 1400) }, squareOffTime: () => undefined });
    expect(next.dayStartAt(tomorrow)).toBe(OPENING + 30 * 1400);
  });

  test('before Kite’s first read the day’s start is unknown (NaN), not the paper account’s figure', () => {
    const clock = new SimulatedClock(NOW);
    const live = new LiveEquity({ read: async () => ({ ok: false, error: { kind: 'network', message: 'down', retryable: true } }), clock, warn: () => undefined });
    expect(Number.isNaN(live.dayStart(new PositionBook(), NOW, () => undefined))).toBe(true);
  });
});
