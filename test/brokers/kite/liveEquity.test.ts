/**
 * MODE=live equity for the risk gate: Kite's equity margin (`net`) read through KiteBroker with the real
 * kiteconnect against the fake Kite, cached by LiveEquity. The risk engine refuses with a clear reason before the first
 * read, follows Kite's figure after each refresh, and keeps the last figure (with one warning) when a read fails.
 */
import { KiteConnect } from 'kiteconnect';
import { LiveEquity, withHeldShares, type EquityFigures } from '../../../src/brokers/kite/liveEquity';
import { BarSeries } from '../../../src/core/barSeries';
import { unwrap } from '../../../src/core/result';
import { PositionBook } from '../../../src/oms/positionBook';
import { bookSnapshot, type BookMarket } from '../../../src/risk/bookSnapshot';
import { RiskEngine } from '../../../src/risk/riskEngine';
import { DEFAULT_RISK_LIMITS } from '../../../src/risk/riskLimits';
import { scriptedStrategy } from '../../engine/support/scriptedStrategy';
import { simKernel } from '../../engine/support/simKernel';
import { KiteBroker } from '../../../src/brokers/kite/kiteBroker';
import { SimulatedClock } from '../../../src/core/clock';
import { clientOrderId, strategyInstanceId } from '../../../src/core/ids';
import type { OrderIntent } from '../../../src/core/order';
import { startFakeKite, type FakeKite } from '../../fakes/kite';

const NOW = Date.parse('2025-01-08T05:30:00Z');
/** Kite's figures with no movement since the day opened. */
const figures = (net: number): EquityFigures => ({ net, openingBalance: net });

const intent: OrderIntent = {
  clientOrderId: clientOrderId('lq1'),
  symbol: 'INFY',
  side: 'BUY',
  quantity: 1,
  orderType: 'LIMIT',
  price: 1500,
  product: 'CNC',
  validity: 'DAY',
  source: { kind: 'strategy', instanceId: strategyInstanceId('s-1') },
  reason: 'test',
  time: NOW,
};

describe('live equity from Kite margins', () => {
  let fake: FakeKite;
  beforeAll(async () => {
    fake = await startFakeKite({ cash: 400_000 });
  });
  afterAll(async () => {
    await fake.close();
  });

  test('the gate refuses before the first read, then follows Kite, and keeps the last figure when Kite fails', async () => {
    const clock = new SimulatedClock(NOW);
    const kite = new KiteConnect({ api_key: fake.apiKey, access_token: 'fake_access_token', root: fake.root });
    const broker = new KiteBroker({ kite, clock, sleep: async () => undefined, retries: 1 });
    const warnings: string[] = [];
    const live = new LiveEquity({ read: () => broker.equityMargins(), clock, warn: (m, reason) => warnings.push(`${m} (${reason})`) });
    const book = new PositionBook();
    const market: BookMarket = { price: () => 1500, equity: () => withHeldShares(live.value() ?? Number.NaN, book), equityUnavailable: () => live.unavailableReason() };
    const risk = new RiskEngine({ book, limits: DEFAULT_RISK_LIMITS, market, squareOffTime: () => undefined, portfolioCash: () => live.value() ?? 0 });
    const account = book.portfolio;
    const slot = account.slot('INFY', 'CNC', book.intern('INFY'));
    const dayStart = { day: Number.NaN, equity: Number.NaN };
    const snapshot = () => bookSnapshot(book, market, { time: NOW, tradingState: 'ACTIVE', recent: [], dayStart });

    expect(risk.check({ intent, account, slot, stage: 'new', time: NOW })).toMatchObject({ ok: false, error: { rule: 'equity-unknown', message: expect.stringContaining("Kite's equity margin has not been read yet") } });

    await live.refresh();
    expect(live.value()).toBe(400_000);
    expect(snapshot().equity).toBe(400_000);

    fake.setCash(650_000);
    await live.refresh();
    expect(snapshot().equity).toBe(650_000);
    // the day started with the first figure the gate saw
    expect(snapshot().dayPnl).toBe(250_000);
    expect(warnings).toEqual([]);

    // Kite fails two reads (each tried twice): the last good figure stays, one warning for the run of failures
    const before = fake.requests.count({ route: 'user.margins.segment' });
    fake.faults.add({ route: 'user.margins.segment', times: 4, action: { kind: 'error', status: 503, message: 'margins down' } });
    fake.setCash(100_000);
    await live.refresh();
    await live.refresh();
    expect(snapshot().equity).toBe(650_000);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/keeps the last figure/);

    // back: the next read takes Kite's figure again
    await live.refresh();
    expect(snapshot().equity).toBe(100_000);
    expect(fake.requests.count({ route: 'user.margins.segment' }) - before).toBe(5);
  });

  test('the gate’s live equity is Kite’s net plus the book’s shares at their marks (a purchase is no loss)', () => {
    const T0 = Date.parse('2024-01-01T00:00:00+05:30');
    const s = new BarSeries('X', 'day', 30);
    for (let i = 0; i < 30; i++) s.push(T0 + i * 86_400_000, 100 + i, 100 + i, 100 + i, 100 + i, 1000, NaN);
    const run = (product: 'CNC' | 'MIS') => {
      const { kernel, book } = simKernel('day');
      kernel.preload(s);
      unwrap(kernel.addInstance({ id: strategyInstanceId(`s-${product}`), strategy: scriptedStrategy({ 20: ['long', 0.1] }, 'day'), params: {}, symbols: ['X'], capital: 100_000, product }));
      kernel.run();
      return book;
    };
    const book = run('CNC');
    const ledger = book.account('s-CNC')!;
    const held = ledger.position[0]!;
    expect(held).toBeGreaterThan(0);
    // marked at the last close, 129
    expect(withHeldShares(500_000, book)).toBeCloseTo(500_000 + held * 129, 6);
    expect(Number.isNaN(withHeldShares(Number.NaN, book))).toBe(true);

    // The same position held intraday (MIS): only its unrealised P&L counts, not its full value.
    const mis = run('MIS');
    const m = mis.account('s-MIS')!;
    const q = m.position[0]!;
    expect(q).toBe(held);
    expect(withHeldShares(500_000, mis)).toBeCloseTo(500_000 + q * (129 - m.averagePrice[0]!), 6);
  });

  test('start() reads at once and then every refreshMs until stop()', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'] });
    try {
      let reads = 0;
      const live = new LiveEquity({ read: async () => ({ ok: true, value: figures(1000 + ++reads) }), clock: new SimulatedClock(NOW), refreshMs: 60_000, warn: () => undefined });
      live.start();
      await jest.advanceTimersByTimeAsync(0);
      expect(reads).toBe(1);
      await jest.advanceTimersByTimeAsync(60_000);
      await jest.advanceTimersByTimeAsync(60_000);
      expect(reads).toBe(3);
      expect(live.value()).toBe(1003);
      await live.stop();
      await jest.advanceTimersByTimeAsync(180_000);
      expect(reads).toBe(3);
    } finally {
      jest.useRealTimers();
    }
  });

  test('a refresh asked during a read is followed by one more read (a fill during a read is not missed)', async () => {
    // Kite's figure as a port the test controls: a read sees the figure when it is sent and answers when the test says.
    const answers: (() => void)[] = [];
    let kiteNet = 200_000;
    const read = () => {
      const seen = kiteNet;
      return new Promise<{ ok: true; value: EquityFigures }>((resolve) => answers.push(() => resolve({ ok: true, value: figures(seen) })));
    };
    const live = new LiveEquity({ read, clock: new SimulatedClock(NOW), warn: () => undefined });
    const first = live.refresh();
    kiteNet = 300_000; // a fill changes Kite's figure after the read was sent…
    const second = live.refresh(); // …and asks for a refresh while it is under way
    answers.shift()!();
    await eventuallyTrue(() => answers.length === 1);
    answers.shift()!();
    await Promise.all([first, second]);
    expect(live.value()).toBe(300_000);
  });
});

describe('LiveEquity between reads', () => {
  test('a delivery fill counts its payment until Kite’s next figure, which then replaces it (no double count)', async () => {
    const answers: (() => void)[] = [];
    let kiteNet = 500_000;
    const read = () => {
      const seen = kiteNet;
      return new Promise<{ ok: true; value: EquityFigures }>((resolve) => answers.push(() => resolve({ ok: true, value: figures(seen) })));
    };
    const live = new LiveEquity({ read, clock: new SimulatedClock(NOW), warn: () => undefined });
    const first = live.refresh();
    answers.shift()!();
    await first;
    expect(live.value()).toBe(500_000);
    // bought ₹60,000 of shares (the ledger adds them at once; Kite's figure has the payment too by now): the
    // payment counts until the read the fill starts has answered
    kiteNet = 440_000;
    live.handleFill(-60_000);
    expect(live.value()).toBe(440_000);
    answers.shift()!();
    for (let k = 0; k < 5; k++) await new Promise((r) => setImmediate(r));
    expect(live.value()).toBe(440_000);
    // settled: the next figure from Kite is taken as it is (the payment is not taken off twice)
    kiteNet = 450_000;
    const next = live.refresh();
    answers.shift()!();
    await next;
    expect(live.value()).toBe(450_000);
  });

  test('a figure older than maxAge is not used: the gate refuses with the age', async () => {
    const clock = new SimulatedClock(NOW);
    let fail = false;
    const live = new LiveEquity({ read: async () => (fail ? { ok: false, error: { kind: 'network', message: 'down', retryable: true } as const } : { ok: true, value: figures(100_000) }), clock, refreshMs: 60_000, warn: () => undefined });
    await live.refresh();
    expect(live.unavailableReason()).toBeUndefined();
    fail = true;
    clock.advance(4 * 60_000);
    await live.refresh();
    expect(live.unavailableReason()).toBeUndefined();
    clock.advance(2 * 60_000);
    expect(live.unavailableReason()).toMatch(/^Kite's equity margin was last read 6 min ago \(reads are failing\)/);
    fail = false;
    await live.refresh();
    expect(live.unavailableReason()).toBeUndefined();
  });
});

async function eventuallyTrue(cond: () => boolean): Promise<void> {
  for (let k = 0; k < 1000 && !cond(); k++) await new Promise((r) => setImmediate(r));
  if (!cond()) throw new Error('the condition never held');
}
