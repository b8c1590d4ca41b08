/**
 * Issue 14, "one order pipeline": every intent source, driven through its real entry point, in a state where the
 * risk engine must refuse — and nothing reaches the broker (the simulated broker's order book, or the fake Kite's
 * placements), while the refusal names the rule. Where the issue requires it, the positive side too: the MIS
 * square-off and the protective exits DO go out when trading is HALTED (they shrink a position), a ½× is accepted.
 *
 * The sources (the table `SOURCES` below is what the file iterates; a source without a `describeSource` block fails
 * the last test, and a new `OrderSource` kind without a row fails the type check):
 *
 *  | source                    | entry point driven here                                 | tests that prove it meets the gate (describe "<source> — …")
 *  |---------------------------|---------------------------------------------------------|---------------------------------------------------------------
 *  | strategy signal           | Kernel.handleBar / handleTick → OrderRouter → submit     | HALTED; REDUCING adding (the exit after it goes out); order-value;
 *  |                           | (paper); Kernel.run (backtest stack)                     | position-size; resize within the limit; CNC short not held; CNC
 *  |                           |                                                         | flip sells only what is held; backtest HALTED (+ ACTIVE control)
 *  | rebalance                 | rebalanceService.preview → submit (one batch approval,   | HALTED at preview; HALTED / REDUCING / a lowered limit between
 *  |                           | ApprovalService.decide → release)                        | preview and submit; order-value; a CNC sell of promised shares;
 *  |                           |                                                         | the kill switch cancels the batch
 *  | manual order              | ManualTradingService.place (/buy, /sell from chat) and   | the refusal table (HALTED, REDUCING, order-value, position-size,
 *  |                           | OrderPipeline.submit, source user (paper; live KiteBroker | CNC not held, CNC held only as MIS) on both brokers and from chat; REDUCING
 *  |                           | on the fake Kite)                                       |
 *  |                           |                                                         | crossing zero; promised shares with a buy working; resize to free
 *  | approval scaling (½×, 2×) | ApprovalService.decide scale (checked when tapped:      | 2× past order-value / position-size refused when tapped (1× within);
 *  |                           | OrderPipeline.preview) → approve → release (checked     | a 2× past a limit lowered before the approve refused at release; 2×
 *  |                           | again)                                                  | resized within the limit; 2× CNC sell beyond free shares; HALTED
 *  |                           |                                                         | after the card; ½× accepted; 2× and ½× on Kite
 *  | MIS square-off            | squareOffNow / squareOffDrafts (source risk)             | goes out HALTED and REDUCING; never doubled; a stale draft that no
 *  |                           |                                                         | longer shrinks is refused (HALTED, REDUCING)
 *  | protective exits          | exit legs the broker opens (handleOrderUpdate 'opened');          | stop leg HALTED; leg re-sized after a partial sell; exitNow HALTED;
 *  |                           | OrderPipeline.exitNow                                   | CNC never oversold with a sell working; closed once, never flipped;
 *  |                           |                                                         | a rejected order's stop; exit sized to free shares; another
 *  |                           |                                                         | account's shares; a risk order that grows is refused
 *  | kill switch               | tradingService halt / reduce / squareOff / cancelWorking | halt cancels cards (a late approve places nothing), refuses new
 *  |                           |                                                         | orders, its square-off goes out; reduce
 *  | restart release           | ApprovalService.recover; recoverOrders → resend          | a stored approval and an APPROVED order meet the restored HALTED
 *  | incoming alert            | alertsInService.receive (TradingView JSON, ChartInk, a   | the refusal table (HALTED, REDUCING, order-value, CNC not held)
 *  |                           | text line) → OrderPipeline.submit, source alert:<name>   | on paper and on Kite; a card, then HALTED: the tap places nothing;
 *  |                           |                                                         | a ChartInk batch HALTED; the control placed once on each broker
 *
 * Cases that fail show open bugs (each is reported with its minimal reproduction): the holdings rule nets working
 * buys against working sells (riskEngine.check); exits are sized to the whole position, shares promised to working
 * sells included, and a superseded exit still fires while exitNow or a replacement acts (protectiveExits.sync, the
 * simulated broker's exits); an order's stop guards the position before the order fills, even when it is rejected
 * (OrderPipeline.submit); an APPROVED order is resent at restart without the risk engine (OrderPipeline.resend).
 */
import { z } from 'zod';
import { backtestStack } from '../../src/backtest/backtestStack';
import { buildRequest } from '../../src/backtest/request';
import type { SimulatedBroker } from '../../src/brokers/paper/simulatedBroker';
import { NseCalendar } from '../../src/calendar/nseCalendar';
import { BarSeries } from '../../src/core/barSeries';
import { SimulatedClock } from '../../src/core/clock';
import { ZerodhaEquityCostModel, ZeroCostModel } from '../../src/core/costs';
import type { DomainEvent } from '../../src/core/events';
import { approvalId, strategyInstanceId, userId, type ClientOrderId, type StrategyInstanceId } from '../../src/core/ids';
import { newOrder, type OrderIntent, type OrderSource, type Product } from '../../src/core/order';
import { err, ok, unwrap, type Result } from '../../src/core/result';
import type { SignalDirection } from '../../src/core/signal';
import { defineStrategy } from '../../src/core/strategy';
import { Kernel } from '../../src/engine/kernel';
import { MemoryApprovalRepository } from '../../src/oms/approvalRepository';
import type { BrokerOrderSnapshot, OrderBookBroker } from '../../src/oms/brokerOrders';
import { transitionRecord } from '../../src/oms/orderLifecycle';
import type { OrderDraft, Refusal } from '../../src/oms/orderPipeline';
import { MemoryOrderRepository } from '../../src/core/ports/orderRepository';
import { squareOffDrafts, squareOffNow } from '../../src/oms/squareOff';
import { manualTradingService } from '../../src/services/engine/manualOrdersService';
import { listedUniverse } from '../../src/services/symbols';
import type { SnapshotRepository } from '../../src/portfolio/snapshots/snapshot';
import { nseSectorMap } from '../../src/portfolio/sectors/sectorMap';
import { parseRiskLimits, type RiskLimitsInput } from '../../src/risk/riskLimits';
import { rebalanceService } from '../../src/services/engine/rebalanceService';
import { tradingService } from '../../src/services/engine/tradingService';
import type { AlertSourceConfig } from '../../src/config/types';
import { MemoryAlertInbox } from '../../src/core/ports/alertInbox';
import { alertsInService } from '../../src/services/engine/alertsIn/alertsInService';
import { startFakeKite, type FakeKite } from '../fakes/kite';
import { INFY, RELIANCE } from '../fakes/kite/support';
import { kiteBrokerOn } from '../support/brokers/omsFixtures';
import { paperBroker, pipelineOn, type Stack, type StackOptions } from '../support/brokers/pipelineStack';

/** Wednesday 2025-01-08 11:00 IST: a trading day, the market open. */
const T0 = Date.parse('2025-01-08T05:30:00Z');
const SYMBOLS = ['INFY', 'RELIANCE'];
const PRICES: Readonly<Record<string, number>> = { INFY: 1500, RELIANCE: 2500 };
const rules = (s: string) => (SYMBOLS.includes(s) ? { tickSize: 0.05, lotSize: 1 } : undefined);
const TRADER = userId('trader1');
const trader = { userId: TRADER, roles: ['trader'] };
const admin = { id: userId('admin1'), role: 'admin' as const, name: 'asha' };

// ---------------------------------------------------------------------------------------------------------------
// The sources. Every row must have a `describeSource` block below (checked by the last test).
// ---------------------------------------------------------------------------------------------------------------
type SourceKey = 'strategy' | 'rebalance' | 'manual' | 'approvalScaling' | 'squareOff' | 'exits' | 'killSwitch' | 'restartRelease' | 'alert';

const SOURCES: Record<SourceKey, { readonly name: string; readonly entry: string }> = {
  strategy: { name: 'strategy signal', entry: 'Kernel.handleBar/handleTick → OrderRouter.resolve → OrderPipeline.submit (paper); Kernel.run (backtest)' },
  rebalance: { name: 'rebalance', entry: 'rebalanceService.preview (submit, batch) → rebalanceService.submit → ApprovalService.decide → release' },
  manual: { name: 'manual order', entry: 'ManualTradingService.place (/buy, /sell) and OrderPipeline.submit with source { kind: "user" } (paper broker, live KiteBroker on the fake Kite)' },
  approvalScaling: { name: 'approval scaling (½×, 2×)', entry: 'ApprovalService.decide scale ½× / 2× → approve → OrderPipeline.release (checked again)' },
  squareOff: { name: 'MIS square-off', entry: 'squareOffNow / squareOffDrafts → OrderPipeline.submit, source { kind: "risk", rule: "mis-square-off" }' },
  exits: { name: 'protective exits', entry: 'exit legs the broker opens (handleOrderUpdate "opened"), OrderPipeline.exitNow for a level already passed' },
  killSwitch: { name: 'kill switch', entry: 'tradingService halt / reduce / squareOff / cancelWorking' },
  restartRelease: { name: 'restart release', entry: 'ApprovalService.recover (stored decisions), recoverOrders → OrderPipeline.resend (APPROVED orders)' },
  alert: { name: 'incoming alert', entry: 'alertsInService.receive (TradingView JSON, ChartInk, a text line) → OrderPipeline.prepare, submit with source { kind: "alert" }' },
};

/** Every kind of `OrderSource` maps to the rows that cover it: a new kind without a row does not compile. */
const KINDS: Record<OrderSource['kind'], readonly SourceKey[]> = {
  strategy: ['strategy'],
  job: ['rebalance'],
  user: ['manual', 'approvalScaling', 'restartRelease'],
  risk: ['squareOff', 'exits', 'killSwitch'],
  alert: ['alert'],
};

const described = new Set<SourceKey>();
function describeSource(key: SourceKey, body: () => void): void {
  described.add(key);
  describe(`${SOURCES[key].name} — ${SOURCES[key].entry}`, body);
}

// ---------------------------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------------------------

/** Limits where only the one under test binds: no duplicate window, generous counters. */
function limitsOf(over: RiskLimitsInput): NonNullable<StackOptions['limits']> {
  return unwrap(parseRiskLimits({ duplicateWindowSeconds: 0, maxOrdersPerMinute: 600, maxOrdersPerDay: 10_000, allowResize: false, ...over }));
}

interface Denial {
  readonly rule: string | undefined;
  readonly intent: OrderIntent;
  readonly reason: string;
}

interface Fixture {
  readonly clock: SimulatedClock;
  readonly prices: Map<string, number>;
  readonly stack: Stack;
  readonly denials: Denial[];
  readonly rejections: string[];
  readonly alerts: string[];
  /** Orders the broker received (its order book: every placement, whatever became of it). */
  placed(): Promise<readonly BrokerOrderSnapshot[]>;
  /** Once what was sent is at the broker: a trade at `price` (the mode's last price moves with it); orders fill. */
  tick(symbol: string, price: number): Promise<void>;
  /** A manual (user) order as of now. */
  manual(over?: Partial<OrderDraft>): OrderDraft;
  /** The account's position in the book. */
  position(symbol: string, product?: Product, account?: string): number;
}

interface PaperFixture extends Fixture {
  readonly broker: SimulatedBroker;
  /** Buys `quantity` for the account (ACTIVE) and fills it. */
  hold(symbol: string, quantity: number, product?: Product, instanceId?: StrategyInstanceId): Promise<void>;
}

/** A fake Kite per test (INFY at ₹1,500, RELIANCE at ₹2,500) and the pipeline fixture on a KiteBroker against it. */
function onFakeKite(): { readonly fake: () => FakeKite; readonly fixture: (limits?: RiskLimitsInput) => Fixture } {
  let fake: FakeKite | undefined;
  beforeEach(async () => {
    fake = await startFakeKite({ instruments: [INFY, RELIANCE] });
    fake.setLtp(INFY.token, 1500);
    fake.setLtp(RELIANCE.token, 2500);
  });
  afterEach(() => fake?.close());
  const current = (): FakeKite => {
    if (!fake) throw new Error('the fake Kite starts in beforeEach');
    return fake;
  };
  return { fake: current, fixture: (limits) => fixtureOn(kiteBrokerOn(current()), new SimulatedClock(T0), { ...(limits ? { limits: limitsOf(limits) } : {}) }) };
}

function fixtureOn(broker: OrderBookBroker, clock: SimulatedClock, o: StackOptions & { readonly onTick?: (symbol: string, price: number, time: number) => void | Promise<void> }): Fixture {
  const prices = o.prices ?? new Map(Object.entries(PRICES));
  const stack = pipelineOn(broker, clock, { rules, ...o, prices });
  const denials: Denial[] = [];
  const rejections: string[] = [];
  const alerts: string[] = [];
  stack.events.on('risk-denied', (e) => denials.push({ rule: e.rule, intent: e.intent, reason: e.reason }));
  stack.events.on('order-rejected', (e) => rejections.push(e.message));
  stack.events.on('alert', (e) => alerts.push(e.message));
  return {
    clock,
    prices,
    stack,
    denials,
    rejections,
    alerts,
    async placed() {
      await stack.idle();
      const book = await broker.orders();
      if (!book.ok) throw new Error(book.error.message);
      return book.value;
    },
    async tick(symbol, price) {
      await stack.idle(); // everything sent so far is at the broker before the trade
      clock.advance(1000);
      prices.set(symbol, price);
      await o.onTick?.(symbol, price, clock.now());
      await stack.idle();
    },
    manual(over = {}) {
      return { symbol: 'INFY', side: 'BUY', quantity: 10, orderType: 'MARKET', product: 'CNC', validity: 'DAY', source: { kind: 'user', userId: TRADER }, reason: 'manual order', time: clock.now(), ...over };
    },
    position(symbol, product = 'CNC', account = 'portfolio') {
      const a = stack.book.account(account);
      const j = a?.find(symbol, product) ?? -1;
      return j < 0 ? 0 : a!.position[j]!;
    },
  };
}

async function paper(o: Omit<StackOptions, 'limits'> & { readonly limits?: RiskLimitsInput; readonly instances?: readonly { id: StrategyInstanceId; slots: readonly { symbol: string; product: Product }[] }[] } = {}): Promise<PaperFixture> {
  const clock = new SimulatedClock(T0);
  const broker = await paperBroker(clock, SYMBOLS);
  const { limits, instances, ...rest } = o;
  const fx = fixtureOn(broker, clock, { portfolioCash: () => broker.cash, ...rest, ...(limits ? { limits: limitsOf(limits) } : {}), onTick: (s, p, t) => broker.handleTick(s, p, t) });
  for (const i of instances ?? []) fx.stack.book.openAccount(i.id, 300_000, i.slots);
  for (const [s, p] of Object.entries(PRICES)) await fx.tick(s, p);
  return {
    ...fx,
    broker,
    async hold(symbol, quantity, product = 'CNC', instanceId) {
      const r = fx.stack.pipeline.submit(fx.manual({ symbol, quantity: Math.abs(quantity), side: quantity > 0 ? 'BUY' : 'SELL', product, ...(instanceId ? { instanceId } : {}) }));
      if (!r.ok) throw new Error(r.error.message);
      await fx.stack.idle();
      await fx.tick(symbol, fx.prices.get(symbol)!);
      expect(fx.stack.pipeline.get(r.value.intent.clientOrderId)?.status).toBe('FILLED');
    },
  };
}

function expectDenied(r: Result<unknown, Refusal>, rule: string): void {
  expect(r).toMatchObject({ ok: false, error: { kind: 'denied', rule } });
}

const placedIds = async (fx: Fixture): Promise<string[]> => (await fx.placed()).map((o) => o.clientOrderId ?? '?');

/** The broker's CNC sells of `symbol`, summed (what the account promised to deliver). */
const cncSold = async (fx: Fixture, symbol: string): Promise<number> =>
  (await fx.placed()).filter((o) => o.symbol === symbol && o.side === 'SELL' && o.product === 'CNC' && o.status !== 'REJECTED').reduce((s, o) => s + (o.status === 'CANCELLED' ? o.filledQuantity : o.quantity), 0);

// ---------------------------------------------------------------------------------------------------------------
// Strategy signals
// ---------------------------------------------------------------------------------------------------------------

/** A strategy that does what the script says on bar i: [direction, weight]. */
function scripted(script: Record<number, [SignalDirection, number]>) {
  return defineStrategy({
    name: 'scripted',
    summary: 'follows a script',
    params: z.object({}),
    universe: 'single',
    interval: '1m',
    warmup: () => 1,
    init: () => undefined,
    onBar(ctx) {
      const step = script[ctx.bars.i];
      return step ? [ctx.signal(step[0], `script ${ctx.bars.i}`, { weight: step[1] })] : undefined;
    },
  });
}

const S1 = strategyInstanceId('s1');

/** The paper kernel on the stack: one instance of a scripted strategy on INFY; `bar` closes a bar and ticks once. */
async function strategyOn(script: Record<number, [SignalDirection, number]>, o: { readonly product?: Product; readonly allowShort?: boolean; readonly limits?: RiskLimitsInput } = {}) {
  const clock = new SimulatedClock(T0);
  const broker = await paperBroker(clock, SYMBOLS);
  let kernel: Kernel | undefined;
  const fx = fixtureOn(broker, clock, {
    portfolioCash: () => broker.cash,
    ...(o.limits ? { limits: limitsOf(o.limits) } : {}),
    onTick: (s, p, t) => {
      kernel!.handleTick(s, p);
      broker.handleTick(s, p, t);
    },
  });
  kernel = new Kernel({ interval: '1m', book: fx.stack.book, orders: fx.stack.pipeline, events: fx.stack.events });
  unwrap(kernel.addInstance({ id: S1, strategy: scripted(script), params: {}, symbols: ['INFY'], capital: 1_000_000, product: o.product ?? 'CNC', allowShort: o.allowShort ?? false }));
  let n = 0;
  const k = kernel;
  return {
    ...fx,
    broker,
    kernel: k,
    /** Bar n closes at `price` (its signals are decided), then the first tick after it (they are sized and sent). */
    async bar(price: number) {
      const time = T0 - 3_600_000 + n++ * 60_000;
      k.handleBar('INFY', { time, open: price, high: price, low: price, close: price, volume: 10_000 });
      k.endStep();
      await fx.tick('INFY', price);
      await fx.tick('INFY', price); // a second trade: what went out fills
    },
  };
}

describeSource('strategy', () => {
  it('HALTED: a long signal places nothing; the denial names trading-halted and the instance', async () => {
    const fx = await strategyOn({ 0: ['long', 0.5] });
    fx.stack.risk.setState('HALTED');
    await fx.bar(1500);
    expect(await fx.placed()).toEqual([]);
    expect(fx.denials.map((d) => [d.rule, d.intent.instanceId, d.intent.side])).toEqual([['trading-halted', S1, 'BUY']]);
    expect(fx.position('INFY', 'CNC', S1)).toBe(0);
  });

  it('REDUCING: an entry that adds is refused (reducing-only); the exit that follows goes out', async () => {
    const fx = await strategyOn({ 0: ['long', 0.1], 2: ['long', 0.5], 3: ['flat', 0] });
    await fx.bar(1500); // bar 0: long 10% → 66 shares bought
    expect(fx.position('INFY', 'CNC', S1)).toBe(66);
    await fx.bar(1500);
    fx.stack.risk.setState('REDUCING');
    const before = await placedIds(fx);
    await fx.bar(1500); // bar 2: long 50% → would buy more
    expect(await placedIds(fx)).toEqual(before);
    expect(fx.denials.map((d) => d.rule)).toEqual(['reducing-only']);
    await fx.bar(1500); // bar 3: flat → sells the 66 (shrinks the position)
    const sells = (await fx.placed()).filter((x) => x.side === 'SELL');
    expect(sells.map((x) => [x.quantity, x.status])).toEqual([[66, 'FILLED']]);
    expect(fx.position('INFY', 'CNC', S1)).toBe(0);
  });

  it('an order-value limit the order would break: denied, with the rule, and nothing at the broker', async () => {
    // 50% of ₹10,00,000 at ₹1,500 = 333 shares = ₹4,99,500 > ₹1,00,000.
    const fx = await strategyOn({ 0: ['long', 0.5] }, { limits: { maxOrderValue: 100_000 } });
    await fx.bar(1500);
    expect(await fx.placed()).toEqual([]);
    expect(fx.denials.map((d) => [d.rule, d.intent.quantity])).toEqual([['order-value', 333]]);
  });

  it('a position-size limit the order would break: denied (position-size), nothing at the broker', async () => {
    // Equity ₹1,00,00,000 in the stack; 1% = ₹1,00,000; 333 × 1,500 breaks it, the order value (₹5,00,000 cap) does not.
    const fx = await strategyOn({ 0: ['long', 0.5] }, { limits: { maxPositionFraction: 0.01, maxOrderValue: 1_000_000 } });
    await fx.bar(1500);
    expect(await fx.placed()).toEqual([]);
    expect(fx.denials.map((d) => d.rule)).toEqual(['position-size']);
  });

  it('with resizing on, what reaches the broker is within the order-value limit', async () => {
    const fx = await strategyOn({ 0: ['long', 0.5] }, { limits: { maxOrderValue: 100_000, allowResize: true } });
    await fx.bar(1500);
    const out = await fx.placed();
    expect(out.map((x) => x.quantity)).toEqual([66]); // floor(1,00,000 / 1,500)
    expect(out.every((x) => x.quantity * 1500 <= 100_000)).toBe(true);
  });

  it('a CNC short signal (shorting allowed, delivery product) sells nothing it does not hold: denied (holdings)', async () => {
    const fx = await strategyOn({ 0: ['short', 0.5] }, { allowShort: true, product: 'CNC' });
    await fx.bar(1500);
    expect(await fx.placed()).toEqual([]);
    expect(fx.denials.map((d) => [d.rule, d.intent.side, d.intent.product])).toEqual([['holdings', 'SELL', 'CNC']]);
    expect(fx.rejections).toEqual([]);
  });

  it('a CNC flip from long to short sells only what the instance holds', async () => {
    const fx = await strategyOn({ 0: ['long', 0.01], 2: ['short', 0.5] }, { allowShort: true, product: 'CNC' });
    await fx.bar(1500); // 6 shares
    await fx.bar(1500);
    await fx.bar(1500); // short 50%: target −333 → a SELL of 339 asked, 6 held
    const sells = (await fx.placed()).filter((x) => x.side === 'SELL');
    expect(sells.map((x) => x.quantity)).toEqual([6]);
    expect(fx.position('INFY', 'CNC', S1)).toBe(0);
    expect(fx.rejections).toEqual([]);
  });

  it('backtest stack (Kernel.run): HALTED, no order is submitted and the simulated broker holds nothing', () => {
    const request = unwrap(buildRequest({ strategy: 'scripted', symbols: ['X'], interval: '1m', costs: 'none', tickSize: 0 }));
    const bt = backtestStack({ request, costs: new ZeroCostModel(), calendar: new NseCalendar(), cashBufferBps: 0, warn: () => undefined });
    const seen: DomainEvent[] = [];
    bt.events.onAny((e) => seen.push(e));
    const s = new BarSeries('X', '1m', 10);
    for (let i = 0; i < 10; i++) s.push(T0 + i * 60_000, 100, 100, 100, 100, 1000, NaN);
    bt.kernel.preload(s);
    unwrap(bt.kernel.addInstance({ id: S1, strategy: scripted({ 1: ['long', 0.5] }), params: {}, symbols: ['X'], capital: 1_000_000 }));
    bt.risk.setState('HALTED');
    bt.kernel.run();
    expect(seen.filter((e) => e.type === 'order-submitted')).toEqual([]);
    expect(seen.flatMap((e) => (e.type === 'risk-denied' ? [e.rule] : []))).toEqual(['trading-halted']);
    expect(bt.broker.held('X', 'CNC')).toBe(0);
    // The control: ACTIVE, the same script buys.
    const bt2 = backtestStack({ request, costs: new ZeroCostModel(), calendar: new NseCalendar(), cashBufferBps: 0, warn: () => undefined });
    bt2.kernel.preload(s);
    unwrap(bt2.kernel.addInstance({ id: S1, strategy: scripted({ 1: ['long', 0.5] }), params: {}, symbols: ['X'], capital: 1_000_000 }));
    bt2.kernel.run();
    expect(bt2.broker.held('X', 'CNC')).toBe(5000);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Rebalances
// ---------------------------------------------------------------------------------------------------------------

function rebalanceOn(fx: PaperFixture, weights: Readonly<Record<string, number>>) {
  const snapshots: SnapshotRepository = { save: async () => ok(undefined), latest: async () => ok(null), range: async () => ok([]) };
  return rebalanceService({
    optimise: { optimise: async (method) => ok({ method, weights: Object.entries(weights).map(([symbol, weight]) => ({ symbol, weight })), cash: 0, volatility: NaN, lookbackDays: 0 }) },
    book: {
      holdings() {
        const p = fx.stack.book.portfolio;
        const held = new Map<string, number>();
        for (let j = 0; j < p.size; j++) if (p.products[j] === 'CNC' && p.position[j]! > 0) held.set(p.symbols[j]!, p.position[j]!);
        return { held, cash: fx.broker.cash };
      },
    },
    orders: { submit: (d, o) => fx.stack.pipeline.submit(d, o), pendingLine: (x, o) => fx.stack.pipeline.pendingLine(x, o), openBatch: (l) => fx.stack.pipeline.openBatch(l), prepare: (s) => fx.stack.pipeline.prepare(s) },
    approvals: { decide: (id, d, a) => fx.stack.approvals.decide(id, d, a), get: (id) => fx.stack.approvals.get(id) },
    snapshots,
    prices: { price: async (s) => (fx.prices.has(s) ? ok(fx.prices.get(s)!) : err(`no price for ${s}`)) },
    costModel: new ZerodhaEquityCostModel(),
    sectors: nseSectorMap(),
    clock: fx.clock,
    lotSize: () => 1,
    cashBuffer: 0.02,
    minTradeValue: 1000,
  });
}

const tara = { id: TRADER, role: 'trader' as const, name: 'tara' };

describeSource('rebalance', () => {
  it('HALTED at preview: every line is refused (trading-halted), no approval opens, nothing at the broker', async () => {
    const fx = await paper();
    fx.stack.risk.setState('HALTED');
    const p = unwrap(await rebalanceOn(fx, { INFY: 0.5, RELIANCE: 0.5 }).preview('equal-weight'));
    expect(p.trades).toEqual([]);
    expect(p.id).toBe('');
    expect(p.notes.filter((n) => n.includes('risk checks')).sort()).toEqual([
      expect.stringMatching(/^BUY \d+ RELIANCE: cut by the risk checks \(Trading is halted/),
      expect.stringMatching(/^BUY \d+ INFY: cut by the risk checks \(Trading is halted/),
    ]);
    expect(fx.denials.map((d) => [d.rule, d.intent.source])).toEqual([
      ['trading-halted', { kind: 'job', job: 'rebalance' }],
      ['trading-halted', { kind: 'job', job: 'rebalance' }],
    ]);
    expect(await fx.placed()).toEqual([]);
  });

  it('HALTED between preview and submit: the release check refuses every line; nothing at the broker', async () => {
    const fx = await paper();
    const svc = rebalanceOn(fx, { INFY: 0.5, RELIANCE: 0.5 });
    const p = unwrap(await svc.preview('equal-weight'));
    expect(p.trades).toHaveLength(2);
    fx.stack.risk.setState('HALTED');
    const r = await svc.submit(p.id, tara);
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/nothing was placed.*Trading is halted/) });
    expect(fx.denials.map((d) => d.rule)).toEqual(['trading-halted', 'trading-halted']);
    for (const t of p.trades) expect(fx.stack.pipeline.get(t.id as ClientOrderId)?.status).toBe('DENIED');
    expect(await fx.placed()).toEqual([]);
  });

  it('REDUCING between preview and submit: the sell goes out, the buy is refused (reducing-only)', async () => {
    const fx = await paper();
    await fx.hold('INFY', 100);
    const svc = rebalanceOn(fx, { RELIANCE: 1 });
    const p = unwrap(await svc.preview('equal-weight'));
    expect(p.trades.map((t) => [t.side, t.symbol])).toEqual([['SELL', 'INFY'], ['BUY', 'RELIANCE']]);
    const before = (await fx.placed()).length;
    fx.stack.risk.setState('REDUCING');
    const r = unwrap(await svc.submit(p.id, tara));
    expect(r.orders).toBe(1);
    expect(r.message).toMatch(/RELIANCE: Trading is in reducing-only mode/);
    expect(fx.denials.map((d) => [d.rule, d.intent.symbol])).toEqual([['reducing-only', 'RELIANCE']]);
    const out = (await fx.placed()).slice(before);
    expect(out.map((x) => [x.side, x.symbol, x.quantity])).toEqual([['SELL', 'INFY', 100]]);
  });

  it('an order-value limit the lines would break: refused at preview with the rule; nothing at the broker', async () => {
    const fx = await paper({ limits: { maxOrderValue: 100_000 } });
    const p = unwrap(await rebalanceOn(fx, { INFY: 0.5, RELIANCE: 0.5 }).preview('equal-weight'));
    expect(p.trades).toEqual([]);
    expect(fx.denials.map((d) => d.rule)).toEqual(['order-value', 'order-value']);
    expect(p.notes.filter((n) => n.includes('risk checks')).sort()).toEqual([
      expect.stringMatching(/^BUY \d+ RELIANCE: cut by the risk checks \(Buying \d+ RELIANCE would break the maximum order value of ₹1,00,000/),
      expect.stringMatching(/^BUY \d+ INFY: cut by the risk checks \(Buying \d+ INFY would break the maximum order value of ₹1,00,000/),
    ]);
    expect(await fx.placed()).toEqual([]);
  });

  it('a limit lowered between preview and submit is applied at release (order-value); nothing at the broker', async () => {
    const fx = await paper({ limits: { maxOrderValue: 1_000_000 } });
    const svc = rebalanceOn(fx, { INFY: 0.5, RELIANCE: 0.5 });
    const p = unwrap(await svc.preview('equal-weight'));
    expect(p.trades).toHaveLength(2);
    fx.stack.risk.setLimits(limitsOf({ maxOrderValue: 100_000 }));
    expect((await svc.submit(p.id, tara)).ok).toBe(false);
    expect(fx.denials.map((d) => d.rule)).toEqual(['order-value', 'order-value']);
    expect(await fx.placed()).toEqual([]);
  });

  it('a CNC sell of shares already promised to a working sell is refused (holdings); the broker never gets a second sell', async () => {
    const fx = await paper();
    await fx.hold('INFY', 100);
    // A manual limit sell of all 100 rests above the market.
    expect(fx.stack.pipeline.submit(fx.manual({ side: 'SELL', quantity: 100, orderType: 'LIMIT', price: 1600 })).ok).toBe(true);
    await fx.stack.idle();
    const p = unwrap(await rebalanceOn(fx, { RELIANCE: 1 }).preview('equal-weight'));
    expect(p.trades.map((t) => [t.side, t.symbol])).toEqual([['BUY', 'RELIANCE']]);
    expect(fx.denials.map((d) => [d.rule, d.intent.side, d.intent.symbol, d.intent.quantity])).toEqual([['holdings', 'SELL', 'INFY', 100]]);
    expect(await cncSold(fx, 'INFY')).toBe(100);
  });

  it('the kill switch cancels the batch: a later submit places nothing', async () => {
    const fx = await paper();
    const svc = rebalanceOn(fx, { INFY: 0.5, RELIANCE: 0.5 });
    const p = unwrap(await svc.preview('equal-weight'));
    const t = tradingService(fx.stack.risk, { clock: fx.clock, emit: (e) => fx.stack.events.emit(e), cancelApprovals: (reason) => fx.stack.approvals.cancelAll(reason) });
    expect((await t.halt(admin)).cancelledApprovals).toBe(1);
    await t.resume(admin); // even resumed: the cancelled batch stays cancelled
    const r = await svc.submit(p.id, tara);
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/is cancelled/) });
    expect(await fx.placed()).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Manual orders — the same refusal table on paper and on live Kite (fake server)
// ---------------------------------------------------------------------------------------------------------------

interface ManualCase {
  readonly name: string;
  readonly rule: string;
  readonly limits?: RiskLimitsInput;
  readonly state?: 'HALTED' | 'REDUCING';
  /** What the portfolio holds first (paper only: bought and filled). */
  readonly held?: { readonly quantity: number; readonly product: Product };
  readonly order: Partial<OrderDraft>;
}

const MANUAL_CASES: readonly ManualCase[] = [
  { name: 'HALTED', rule: 'trading-halted', state: 'HALTED', order: { quantity: 1 } },
  { name: 'REDUCING, a buy that opens a position', rule: 'reducing-only', state: 'REDUCING', order: { quantity: 1 } },
  { name: 'an order-value limit it would break', rule: 'order-value', limits: { maxOrderValue: 100_000 }, order: { quantity: 67 } },
  { name: 'a position-size limit it would break', rule: 'position-size', limits: { maxPositionFraction: 0.01 }, order: { quantity: 67 } },
  { name: 'a CNC sell of shares not held', rule: 'holdings', order: { side: 'SELL', quantity: 5 } },
  { name: 'a CNC sell of shares held only intraday (MIS)', rule: 'holdings', held: { quantity: 5, product: 'MIS' }, order: { side: 'SELL', quantity: 5, product: 'CNC' } },
];

describeSource('manual', () => {
  describe('paper broker', () => {
    it.each(MANUAL_CASES)('$name → denied ($rule), nothing at the broker', async (c) => {
      const fx = await paper(c.limits ? { limits: c.limits } : {});
      if (c.held) await fx.hold('INFY', c.held.quantity, c.held.product);
      const before = await placedIds(fx);
      if (c.state) fx.stack.risk.setState(c.state);
      const r = fx.stack.pipeline.submit(fx.manual(c.order));
      expectDenied(r, c.rule);
      expect(await placedIds(fx)).toEqual(before);
      expect(fx.denials.map((d) => [d.rule, d.intent.source.kind])).toEqual([[c.rule, 'user']]);
      expect(fx.rejections).toEqual([]);
    });

    it.each(MANUAL_CASES)('from chat (/buy, /sell: ManualTradingService.place): $name → denied ($rule), nothing at the broker', async (c) => {
      const fx = await paper(c.limits ? { limits: c.limits } : {});
      if (c.held) await fx.hold('INFY', c.held.quantity, c.held.product);
      const before = await placedIds(fx);
      if (c.state) fx.stack.risk.setState(c.state);
      const chat = manualTradingService({
        pipeline: fx.stack.pipeline,
        book: fx.stack.book,
        universe: listedUniverse(() => SYMBOLS, 'a symbol of this market'),
        price: (symbol) => fx.prices.get(symbol),
        rules,
        stored: async () => undefined,
        trading: { cancelWorking: async () => ({ cancelled: [], kept: [], failed: [] }) },
        clock: fx.clock,
      });
      const r = await chat.place({ symbol: 'INFY', side: c.order.side ?? 'BUY', size: { quantity: c.order.quantity ?? 10 }, product: c.order.product ?? 'CNC' }, { id: TRADER, role: 'trader', name: 'ravi' });
      expect(r.ok).toBe(false);
      expect(fx.denials.map((d) => [d.rule, d.intent.source.kind])).toEqual([[c.rule, 'user']]);
      expect(r.ok ? '' : r.error).toBe(fx.denials[0]!.reason);
      expect(await placedIds(fx)).toEqual(before);
      expect(fx.rejections).toEqual([]);
    });

    it('REDUCING: a sell that would cross zero is refused; a sell that shrinks goes out', async () => {
      const fx = await paper();
      await fx.hold('INFY', 10, 'MIS');
      fx.stack.risk.setState('REDUCING');
      expectDenied(fx.stack.pipeline.submit(fx.manual({ side: 'SELL', quantity: 11, product: 'MIS' })), 'reducing-only');
      expect(fx.stack.pipeline.submit(fx.manual({ side: 'SELL', quantity: 10, product: 'MIS' })).ok).toBe(true);
      await fx.tick('INFY', 1500);
      expect(fx.position('INFY', 'MIS')).toBe(0);
      expect((await fx.placed()).map((x) => [x.side, x.quantity])).toEqual([['BUY', 10], ['SELL', 10]]);
    });

    it('a CNC sell of shares already promised to a working sell is refused while a buy is also working (holdings)', async () => {
      // The working buy (not yet held) must not make the promised shares look free again.
      const fx = await paper();
      await fx.hold('INFY', 10);
      expect(fx.stack.pipeline.submit(fx.manual({ side: 'SELL', quantity: 10, orderType: 'LIMIT', price: 1600 })).ok).toBe(true);
      expect(fx.stack.pipeline.submit(fx.manual({ side: 'BUY', quantity: 10, orderType: 'LIMIT', price: 1400 })).ok).toBe(true);
      const before = await placedIds(fx);
      expectDenied(fx.stack.pipeline.submit(fx.manual({ side: 'SELL', quantity: 10 })), 'holdings');
      await fx.tick('INFY', 1500);
      expect(await placedIds(fx)).toEqual(before);
      expect(fx.rejections).toEqual([]);
      expect(await cncSold(fx, 'INFY')).toBe(10);
    });

    it('a CNC sell beyond holdings is cut to what is held and not already promised', async () => {
      const fx = await paper();
      await fx.hold('INFY', 10);
      expect(fx.stack.pipeline.submit(fx.manual({ side: 'SELL', quantity: 4, orderType: 'LIMIT', price: 1600 })).ok).toBe(true);
      const r = fx.stack.pipeline.submit(fx.manual({ side: 'SELL', quantity: 50 }));
      expect(r.ok && r.value.intent.quantity).toBe(6);
      expectDenied(fx.stack.pipeline.submit(fx.manual({ side: 'SELL', quantity: 1 })), 'holdings');
      await fx.tick('INFY', 1500);
      expect(await cncSold(fx, 'INFY')).toBe(10);
      expect(fx.rejections).toEqual([]);
      expect(fx.broker.held('INFY', 'CNC')).toBe(4);
    });
  });

  describe('live: KiteBroker on the fake Kite', () => {
    const live = onFakeKite();

    const kite = live.fixture;

    it.each(MANUAL_CASES.filter((c) => c.held === undefined))('$name → denied ($rule), no placement at Kite', async (c) => {
      const fx = kite(c.limits);
      if (c.state) fx.stack.risk.setState(c.state);
      expectDenied(fx.stack.pipeline.submit(fx.manual(c.order)), c.rule);
      await fx.stack.idle();
      expect(live.fake().orders.orders()).toEqual([]);
      expect(fx.denials.map((d) => d.rule)).toEqual([c.rule]);
      fx.stack.close();
    });

    it('the control: an order the gate accepts is placed at Kite, once', async () => {
      const fx = kite({ maxOrderValue: 100_000 });
      const r = fx.stack.pipeline.submit(fx.manual({ quantity: 66 }));
      expect(r.ok).toBe(true);
      await fx.stack.idle();
      expect(live.fake().orders.orders().map((o) => [o.tag, o.quantity])).toEqual([[r.ok && r.value.intent.clientOrderId, 66]]);
      fx.stack.close();
    });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Approvals that scale an order (½×, 2×): the scaled order is checked again at release
// ---------------------------------------------------------------------------------------------------------------

async function pendingOrder(fx: Fixture, over: Partial<OrderDraft>) {
  const r = fx.stack.pipeline.submit(fx.manual(over), { approval: 'always' });
  if (!r.ok) throw new Error(r.error.message);
  const id = r.value.intent.clientOrderId;
  const a = await fx.stack.approvals.get(approvalId(id));
  expect(a?.status).toBe('PENDING');
  return id;
}

const MAX = Number.MAX_SAFE_INTEGER;

/** A ½× or 2× tap: the card changes to the size the checks would let out, or the tap is refused with their reason. */
const scale = (fx: Fixture, id: ClientOrderId, factor: 0.5 | 2) => fx.stack.approvals.decide(approvalId(id), { kind: 'scale', factor, maxQuantity: MAX }, trader);

async function scaleAndApprove(fx: Fixture, id: ClientOrderId, factor: 0.5 | 2) {
  const changed = await scale(fx, id, factor);
  expect(changed.ok && changed.value.kind).toBe('changed');
  const r = await fx.stack.approvals.decide(approvalId(id), { kind: 'approve' }, trader);
  await fx.stack.idle();
  return unwrap(r);
}

describeSource('approvalScaling', () => {
  it('2× past the order-value limit (1× within it): refused when tapped, with the rule’s reason; the card keeps 1×; nothing at the broker', async () => {
    const fx = await paper({ limits: { maxOrderValue: 100_000 } });
    const id = await pendingOrder(fx, { quantity: 40 }); // 40 × 1,500 = ₹60,000 passes
    const tap = await scale(fx, id, 2); // 80 × 1,500 = ₹1,20,000
    expect(tap).toEqual({ ok: false, error: expect.stringMatching(new RegExp(`^Not doubled: INFY: Buying 80 INFY would break the maximum order value .*; approval ${id} was not changed\\.$`)) });
    expect((await fx.stack.approvals.get(approvalId(id)))?.lines.map((l) => l.intent.quantity)).toEqual([40]);
    expect(fx.stack.pipeline.get(id)?.status).toBe('PENDING_APPROVAL');
    await fx.stack.idle();
    expect(await fx.placed()).toEqual([]);
    // The refused tap left the order as it was (its working shares too): approved as is, the 40 go out.
    expect(fx.position('INFY')).toBe(0);
    expect(unwrap(await fx.stack.approvals.decide(approvalId(id), { kind: 'approve' }, trader)).released).toEqual([id]);
    await fx.stack.idle();
    expect((await fx.placed()).map((x) => x.quantity)).toEqual([40]);
  });

  it('a 2× within the limit when tapped, past a limit lowered before the approve: refused at release with the rule, nothing at the broker', async () => {
    const fx = await paper({ limits: { maxOrderValue: 1_000_000 } });
    const id = await pendingOrder(fx, { quantity: 40 });
    const changed = unwrap(await scale(fx, id, 2)); // ₹1,20,000: within ₹10 lakh when tapped
    expect(changed.approval.lines.map((l) => l.intent.quantity)).toEqual([80]);
    // Lowered before the approve: the release is judged by the limit in force then.
    fx.stack.risk.setLimits(limitsOf({ maxOrderValue: 100_000 }));
    const r = unwrap(await fx.stack.approvals.decide(approvalId(id), { kind: 'approve' }, trader));
    await fx.stack.idle();
    expect(r.released).toEqual([]);
    expect(r.refused).toEqual([{ clientOrderId: id, symbol: 'INFY', message: expect.stringMatching(/^Buying 80 INFY would break the maximum order value/) }]);
    expect(fx.denials.map((d) => [d.rule, d.intent.quantity])).toEqual([['order-value', 80]]);
    expect(fx.stack.pipeline.get(id)?.status).toBe('DENIED');
    expect(await fx.placed()).toEqual([]);
  });

  it('2× past the position-size limit: refused when tapped (position-size); nothing at the broker', async () => {
    const fx = await paper({ limits: { maxPositionFraction: 0.01 } }); // ₹1,00,000 of the stack's ₹1 crore
    const id = await pendingOrder(fx, { quantity: 60 }); // ₹90,000
    const tap = await scale(fx, id, 2);
    expect(tap.ok ? 'changed' : tap.error).toMatch(/^Not doubled: INFY: .*position/);
    await fx.stack.idle();
    expect(await fx.placed()).toEqual([]);
  });

  it('2× with resizing on: the broker gets at most what the limit allows', async () => {
    const fx = await paper({ limits: { maxOrderValue: 100_000, allowResize: true } });
    const id = await pendingOrder(fx, { quantity: 40 });
    const r = await scaleAndApprove(fx, id, 2);
    expect(r.released).toEqual([id]);
    expect((await fx.placed()).map((x) => x.quantity)).toEqual([66]);
  });

  it('2× of a CNC sell beyond holdings: cut to the free shares when tapped, and again at release; the broker gets no more than is held and not promised', async () => {
    const fx = await paper();
    await fx.hold('INFY', 10);
    expect(fx.stack.pipeline.submit(fx.manual({ side: 'SELL', quantity: 4, orderType: 'LIMIT', price: 1600 })).ok).toBe(true);
    const id = await pendingOrder(fx, { side: 'SELL', quantity: 4 });
    const changed = unwrap(await scale(fx, id, 2)); // 8 asked, 6 free
    expect(changed.approval.lines.map((l) => [l.intent.quantity, l.intent.reason])).toEqual([[6, expect.stringMatching(/\[risk: resized from 8 to 6, the shares portfolio holds\]$/)]]);
    // While the card waits, another sell takes 2 of the 6 (the card's order still holds only its first 4).
    expect(fx.stack.pipeline.submit(fx.manual({ side: 'SELL', quantity: 2, orderType: 'LIMIT', price: 1600 })).ok).toBe(true);
    const r = unwrap(await fx.stack.approvals.decide(approvalId(id), { kind: 'approve' }, trader));
    await fx.stack.idle();
    expect(r.released).toEqual([id]);
    const out = (await fx.placed()).find((x) => x.clientOrderId === id);
    expect(out?.quantity).toBe(4);
    await fx.tick('INFY', 1500);
    expect(await cncSold(fx, 'INFY')).toBe(10);
    expect(fx.rejections).toEqual([]);
    // The market sell filled; the two limit sells (4 + 2 at ₹1,600) still rest on the 6 left.
    expect(fx.broker.held('INFY', 'CNC')).toBe(6);
  });

  it('2× of a CNC sell when everything else is already promised: refused (holdings)', async () => {
    const fx = await paper();
    await fx.hold('INFY', 10);
    const id = await pendingOrder(fx, { side: 'SELL', quantity: 5 });
    // While the card waits, a manual sell takes the other 5 (the pending 5 are promised too).
    expect(fx.stack.pipeline.submit(fx.manual({ side: 'SELL', quantity: 5, orderType: 'LIMIT', price: 1600 })).ok).toBe(true);
    expectDenied(fx.stack.pipeline.submit(fx.manual({ side: 'SELL', quantity: 1 })), 'holdings');
    // 10 asked; 5 free once its own 5 are not counted: the tap changes nothing and says why.
    const tap = await scale(fx, id, 2);
    expect(tap).toEqual({ ok: false, error: `Not doubled: INFY resized from 10 to 5, the shares portfolio holds; approval ${id} was not changed.` });
    const r = unwrap(await fx.stack.approvals.decide(approvalId(id), { kind: 'approve' }, trader));
    await fx.stack.idle();
    expect(r.released).toEqual([id]);
    expect((await fx.placed()).find((x) => x.clientOrderId === id)?.quantity).toBe(5);
    expect(await cncSold(fx, 'INFY')).toBe(10);
  });

  it('HALTED after the card was sent: an approve is refused (trading-halted), nothing at the broker', async () => {
    const fx = await paper();
    const id = await pendingOrder(fx, { quantity: 5 });
    fx.stack.risk.setState('HALTED');
    const r = unwrap(await fx.stack.approvals.decide(approvalId(id), { kind: 'approve' }, trader));
    await fx.stack.idle();
    expect(r.released).toEqual([]);
    expect(r.refused[0]?.message).toMatch(/^Trading is halted/);
    expect(fx.denials.map((d) => d.rule)).toEqual(['trading-halted']);
    expect(await fx.placed()).toEqual([]);
  });

  it('½× is accepted: the half goes to the broker (even when a limit lowered since would refuse the whole)', async () => {
    const fx = await paper({ limits: { maxOrderValue: 1_000_000 } });
    const id = await pendingOrder(fx, { quantity: 100 }); // ₹1,50,000
    fx.stack.risk.setLimits(limitsOf({ maxOrderValue: 100_000 }));
    const r = await scaleAndApprove(fx, id, 0.5); // 50 × 1,500 = ₹75,000
    expect(r.released).toEqual([id]);
    expect(fx.denials).toEqual([]);
    await fx.tick('INFY', 1500);
    expect((await fx.placed()).map((x) => [x.quantity, x.status])).toEqual([[50, 'FILLED']]);
    expect(fx.position('INFY')).toBe(50);
  });

  describe('live: KiteBroker on the fake Kite', () => {
    const live = onFakeKite();

    it('2× past the order-value limit: refused when tapped, no placement at Kite; ½× of the same card would have been placed', async () => {
      const fx = live.fixture({ maxOrderValue: 100_000 });
      const double = await pendingOrder(fx, { quantity: 40 });
      const tap = await scale(fx, double, 2);
      expect(tap.ok ? 'changed' : tap.error).toMatch(/^Not doubled: INFY: Buying 80 INFY would break the maximum order value/);
      await fx.stack.idle();
      expect(live.fake().orders.orders()).toEqual([]);
      const half = await pendingOrder(fx, { quantity: 40 });
      expect((await scaleAndApprove(fx, half, 0.5)).released).toEqual([half]);
      expect(live.fake().orders.orders().map((o) => [o.tag, o.quantity])).toEqual([[half, 20]]);
      fx.stack.close();
    });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// MIS square-off
// ---------------------------------------------------------------------------------------------------------------

const S2 = strategyInstanceId('s2');

describeSource('squareOff', () => {
  it('HALTED: the square-off of every MIS position goes out and closes it (portfolio long, an instance short)', async () => {
    const fx = await paper({ instances: [{ id: S2, slots: [{ symbol: 'RELIANCE', product: 'MIS' }] }] });
    await fx.hold('INFY', 10, 'MIS');
    await fx.hold('RELIANCE', -4, 'MIS', S2);
    fx.stack.risk.setState('HALTED');
    const r = squareOffNow(fx.stack.book, fx.stack.pipeline, fx.clock.now());
    expect(r.refused).toEqual([]);
    expect(r.orders.map((o) => [o.symbol, o.side, o.quantity])).toEqual([['INFY', 'SELL', 10], ['RELIANCE', 'BUY', 4]]);
    await fx.stack.idle();
    await fx.tick('INFY', 1500);
    await fx.tick('RELIANCE', 2500);
    expect(fx.position('INFY', 'MIS')).toBe(0);
    expect(fx.position('RELIANCE', 'MIS', S2)).toBe(0);
    expect(fx.broker.held('INFY', 'MIS')).toBe(0);
    expect(fx.broker.held('RELIANCE', 'MIS')).toBe(0);
    expect(fx.denials).toEqual([]);
  });

  it('REDUCING: the square-off goes out', async () => {
    const fx = await paper();
    await fx.hold('INFY', 7, 'MIS');
    fx.stack.risk.setState('REDUCING');
    expect(squareOffNow(fx.stack.book, fx.stack.pipeline, fx.clock.now()).orders).toHaveLength(1);
    await fx.tick('INFY', 1500);
    expect(fx.broker.held('INFY', 'MIS')).toBe(0);
  });

  it('run twice, the square-off is not doubled (drafts are net of the working square-off)', async () => {
    const fx = await paper();
    await fx.hold('INFY', 10, 'MIS');
    fx.stack.risk.setState('HALTED');
    expect(squareOffNow(fx.stack.book, fx.stack.pipeline, fx.clock.now()).orders).toHaveLength(1);
    expect(squareOffNow(fx.stack.book, fx.stack.pipeline, fx.clock.now())).toEqual({ orders: [], refused: [] });
    await fx.tick('INFY', 1500);
    expect(fx.broker.held('INFY', 'MIS')).toBe(0);
    expect((await fx.placed()).filter((x) => x.side === 'SELL')).toHaveLength(1);
  });

  it('HALTED: a stale square-off draft, once the position was closed, would open a short — refused (trading-halted)', async () => {
    const fx = await paper();
    await fx.hold('INFY', 10, 'MIS');
    const [stale] = squareOffDrafts(fx.stack.book, fx.clock.now());
    expect(stale).toMatchObject({ side: 'SELL', quantity: 10, source: { kind: 'risk', rule: 'mis-square-off' } });
    await fx.hold('INFY', -10, 'MIS'); // closed meanwhile by hand
    fx.stack.risk.setState('HALTED');
    const before = await placedIds(fx);
    expectDenied(fx.stack.pipeline.submit({ ...stale!, time: fx.clock.now() }, { approval: 'never' }), 'trading-halted');
    expect(await placedIds(fx)).toEqual(before);
    fx.stack.risk.setState('REDUCING');
    expectDenied(fx.stack.pipeline.submit({ ...stale!, time: fx.clock.now() }, { approval: 'never' }), 'reducing-only');
    expect(await placedIds(fx)).toEqual(before);
    expect(fx.broker.held('INFY', 'MIS')).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Protective exits
// ---------------------------------------------------------------------------------------------------------------

describeSource('exits', () => {
  it('HALTED: the stop leg the broker opens goes through and closes the position (booked, never negative)', async () => {
    const fx = await paper();
    const entry = fx.stack.pipeline.submit(fx.manual({ quantity: 10, stop: 1470, takeProfit: 1560 }));
    expect(entry.ok).toBe(true);
    await fx.tick('INFY', 1500);
    const exitId = fx.stack.pipeline.get(entry.ok ? entry.value.intent.clientOrderId : ('' as ClientOrderId))?.exitId;
    expect(exitId).toMatch(/^E\d+$/);
    fx.stack.risk.setState('HALTED');
    await fx.tick('INFY', 1465);
    const leg = (await fx.placed()).find((x) => x.clientOrderId === `${exitId}S`);
    expect(leg).toMatchObject({ side: 'SELL', quantity: 10, status: 'FILLED' });
    expect(fx.position('INFY')).toBe(0);
    expect(fx.broker.held('INFY', 'CNC')).toBe(0);
    expect(fx.alerts.filter((m) => /unknown order|refused/.test(m))).toEqual([]);
  });

  it('after a partial sell the exit guards only what is left; HALTED, its leg sells that, not the original size', async () => {
    const fx = await paper();
    expect(fx.stack.pipeline.submit(fx.manual({ quantity: 10, stop: 1470 })).ok).toBe(true);
    await fx.tick('INFY', 1500);
    expect(fx.stack.pipeline.submit(fx.manual({ side: 'SELL', quantity: 6 })).ok).toBe(true);
    await fx.tick('INFY', 1500);
    expect(fx.position('INFY')).toBe(4);
    fx.stack.risk.setState('HALTED');
    await fx.tick('INFY', 1460);
    const legs = (await fx.placed()).filter((x) => /^E\d+S$/.test(x.clientOrderId ?? ''));
    expect(legs.map((x) => [x.quantity, x.status])).toEqual([[4, 'FILLED']]);
    expect(fx.position('INFY')).toBe(0);
    expect(fx.broker.held('INFY', 'CNC')).toBe(0);
    expect(fx.rejections).toEqual([]);
  });

  it('HALTED: an entry that fills through its stop is closed at once by exitNow (a risk order that shrinks)', async () => {
    const fx = await paper();
    const entry = fx.stack.pipeline.submit(fx.manual({ quantity: 10, stop: 1470 }));
    expect(entry.ok).toBe(true);
    await fx.stack.idle();
    fx.stack.risk.setState('HALTED');
    await fx.tick('INFY', 1460); // the entry fills at 1460, already below its stop
    const exits = (await fx.placed()).filter((x) => x.side === 'SELL');
    expect(exits.map((x) => x.quantity)).toEqual([10]);
    const exitOrder = fx.stack.pipeline.get(exits[0]!.clientOrderId!);
    expect(exitOrder?.intent.source).toEqual({ kind: 'risk', rule: 'stop-loss' });
    await fx.tick('INFY', 1460);
    expect(fx.position('INFY')).toBe(0);
    expect(fx.denials).toEqual([]);
  });

  it('HALTED, an entry fills through its stop while the rest of the position is promised to a working sell: CNC sells never exceed what is held', async () => {
    const fx = await paper();
    await fx.hold('INFY', 10);
    expect(fx.stack.pipeline.submit(fx.manual({ side: 'SELL', quantity: 10, orderType: 'LIMIT', price: 1600 })).ok).toBe(true);
    expect(fx.stack.pipeline.submit(fx.manual({ quantity: 5, stop: 1470 })).ok).toBe(true);
    await fx.stack.idle();
    fx.stack.risk.setState('HALTED');
    await fx.tick('INFY', 1460); // the 5 fill through the stop: exitNow for 15 held − 10 being sold = 5
    await fx.tick('INFY', 1460);
    expect(fx.rejections).toEqual([]);
    expect(await cncSold(fx, 'INFY')).toBe(15);
    expect(fx.broker.held('INFY', 'CNC')).toBe(10);
    expect(fx.position('INFY')).toBe(10);
    await fx.tick('INFY', 1600); // the working sell fills
    expect(fx.broker.held('INFY', 'CNC')).toBe(0);
    expect(fx.position('INFY')).toBe(0);
  });

  it('an entry adding to a guarded position fills through the stop: the position is closed once, never flipped (MIS)', async () => {
    const fx = await paper();
    await fx.hold('INFY', 10, 'MIS');
    // The new entry's stop guards the slot's whole position: an exit for the 10 held is attached at once.
    expect(fx.stack.pipeline.submit(fx.manual({ quantity: 5, product: 'MIS', stop: 1470 })).ok).toBe(true);
    await fx.stack.idle();
    fx.stack.risk.setState('HALTED');
    await fx.tick('INFY', 1465); // the 5 fill at 1465, through the stop
    await fx.tick('INFY', 1465);
    await fx.tick('INFY', 1465);
    expect(fx.position('INFY', 'MIS')).toBe(0);
    expect(fx.broker.held('INFY', 'MIS')).toBe(0);
    const sold = (await fx.placed()).filter((x) => x.side === 'SELL' && x.status !== 'REJECTED').reduce((q, x) => q + x.filledQuantity, 0);
    expect(sold).toBe(15);
  });

  it('the stop of an order a person rejected never guards (nor sells) the position', async () => {
    // "A stop or a take-profit on the order guards the position once it fills" (OrderPipeline.submit).
    const fx = await paper();
    await fx.hold('INFY', 10);
    const id = await pendingOrder(fx, { quantity: 5, stop: 1470 });
    expect(unwrap(await fx.stack.approvals.decide(approvalId(id), { kind: 'reject' }, trader)).kind).toBe('rejected');
    await fx.tick('INFY', 1465);
    await fx.tick('INFY', 1465);
    expect((await fx.placed()).filter((x) => x.side === 'SELL')).toEqual([]);
    expect(fx.position('INFY')).toBe(10);
    expect(fx.broker.held('INFY', 'CNC')).toBe(10);
  });

  it('an exit guards only the shares not already promised to a working sell (CNC: the leg and the sell never oversell)', async () => {
    const fx = await paper();
    await fx.hold('INFY', 10);
    expect(fx.stack.pipeline.submit(fx.manual({ side: 'SELL', quantity: 10, orderType: 'LIMIT', price: 1600 })).ok).toBe(true);
    // A resting buy with a stop: the stop guards the slot's position from now on (all 10 of which are being sold).
    expect(fx.stack.pipeline.submit(fx.manual({ quantity: 5, orderType: 'LIMIT', price: 1400, stop: 1470 })).ok).toBe(true);
    await fx.stack.idle();
    await fx.tick('INFY', 1465); // touches the stop, not the buy
    await fx.tick('INFY', 1600); // the working sell's price
    expect(fx.rejections).toEqual([]);
    expect(await cncSold(fx, 'INFY')).toBeLessThanOrEqual(10);
    expect(fx.broker.held('INFY', 'CNC')).toBeGreaterThanOrEqual(0);
    expect(fx.position('INFY')).toBeGreaterThanOrEqual(0);
  });

  it('an exit leg never sells shares its account does not hold (another account holds the same symbol)', async () => {
    // Instance s2 holds 10 INFY CNC guarded by a stop; the portfolio holds 5 INFY CNC of its own. s2 sells its 10 at
    // the market on the same trade that passes its stop: the exit must not fire for the portfolio's 5.
    const fx = await paper({ instances: [{ id: S2, slots: [{ symbol: 'INFY', product: 'CNC' }] }] });
    await fx.hold('INFY', 5);
    expect(fx.stack.pipeline.submit(fx.manual({ quantity: 10, stop: 1470, instanceId: S2, source: { kind: 'strategy', instanceId: S2 } })).ok).toBe(true);
    await fx.tick('INFY', 1500);
    expect(fx.position('INFY', 'CNC', S2)).toBe(10);
    expect(fx.stack.pipeline.submit(fx.manual({ side: 'SELL', quantity: 10, instanceId: S2, source: { kind: 'strategy', instanceId: S2 } })).ok).toBe(true);
    await fx.stack.idle();
    await fx.tick('INFY', 1465);
    await fx.tick('INFY', 1465);
    expect(fx.position('INFY', 'CNC', S2)).toBe(0);
    expect(fx.position('INFY', 'CNC')).toBe(5);
    expect(fx.broker.held('INFY', 'CNC')).toBe(5);
    expect(await cncSold(fx, 'INFY')).toBe(10);
  });

  it('HALTED: a risk-source order that would grow a position is refused (trading-halted); only shrinking passes', async () => {
    const fx = await paper();
    fx.stack.risk.setState('HALTED');
    const grow = fx.manual({ side: 'BUY', quantity: 5, source: { kind: 'risk', rule: 'stop-loss' } });
    expectDenied(fx.stack.pipeline.submit(grow, { approval: 'never' }), 'trading-halted');
    expectDenied(fx.stack.pipeline.submit({ ...grow, side: 'SELL', product: 'MIS' }, { approval: 'never' }), 'trading-halted');
    expect(await fx.placed()).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Kill switch
// ---------------------------------------------------------------------------------------------------------------

describeSource('killSwitch', () => {
  it('halt: pending cards are cancelled (a late approve places nothing), new orders are refused, its square-off goes out', async () => {
    const fx = await paper();
    await fx.hold('INFY', 10, 'MIS');
    const pending = await pendingOrder(fx, { symbol: 'RELIANCE', quantity: 2 });
    const working = fx.stack.pipeline.submit(fx.manual({ quantity: 3, orderType: 'LIMIT', price: 1400 }));
    expect(working.ok).toBe(true);
    await fx.stack.idle();
    const t = tradingService(fx.stack.risk, {
      clock: fx.clock,
      emit: (e) => fx.stack.events.emit(e),
      cancelApprovals: (reason) => fx.stack.approvals.cancelAll(reason),
      squareOff: () => squareOffNow(fx.stack.book, fx.stack.pipeline, fx.clock.now()),
      orders: fx.stack.pipeline,
    });
    expect(await t.halt(admin)).toMatchObject({ state: 'HALTED', cancelledApprovals: 1, workingOrders: 1 });
    const late = await fx.stack.approvals.decide(approvalId(pending), { kind: 'approve' }, trader);
    expect(late).toMatchObject({ ok: false, error: expect.stringMatching(/already cancelled/) });
    expectDenied(fx.stack.pipeline.submit(fx.manual({ quantity: 1 })), 'trading-halted');
    // "/halt cancel": the working orders are cancelled; then the square-off (the 15:20 job, or the operator).
    expect((await t.cancelWorking(admin)).cancelled).toEqual([working.ok && working.value.intent.clientOrderId]);
    const before = await placedIds(fx);
    const sq = await t.squareOff();
    expect(sq.orders.map((o) => [o.symbol, o.side, o.quantity])).toEqual([['INFY', 'SELL', 10]]);
    await fx.tick('INFY', 1500);
    const after = await placedIds(fx);
    expect(after.filter((x) => !before.includes(x))).toEqual([sq.orders[0]!.id]);
    expect(after).not.toContain(pending);
    expect(fx.broker.held('INFY', 'MIS')).toBe(0);
    expect(fx.position('INFY', 'CNC')).toBe(0);
  });

  it('reduce: an entry is refused (reducing-only), an exit goes out', async () => {
    const fx = await paper();
    await fx.hold('INFY', 10);
    const t = tradingService(fx.stack.risk, { clock: fx.clock, emit: (e) => fx.stack.events.emit(e) });
    await t.reduce(admin);
    expectDenied(fx.stack.pipeline.submit(fx.manual({ quantity: 1 })), 'reducing-only');
    expect(fx.stack.pipeline.submit(fx.manual({ side: 'SELL', quantity: 10 })).ok).toBe(true);
    await fx.tick('INFY', 1500);
    expect(fx.broker.held('INFY', 'CNC')).toBe(0);
    expect((await fx.placed()).map((x) => x.side)).toEqual(['BUY', 'SELL']);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Restart: what a new process releases is checked against the state it restored
// ---------------------------------------------------------------------------------------------------------------

describeSource('restartRelease', () => {
  it('a decision stored before a stop (approval APPROVED, order still pending) is refused at restart when HALTED', async () => {
    const clock = new SimulatedClock(T0);
    const broker = await paperBroker(clock, SYMBOLS);
    broker.handleTick('INFY', 1500, T0);
    const repo = new MemoryOrderRepository();
    const approvals = new MemoryApprovalRepository();
    const p1 = fixtureOn(broker, clock, { repo, approvals: { repo: approvals }, idPrefix: 'p1' });
    const id = await pendingOrder(p1, { quantity: 5 });
    const a = (await approvals.get(approvalId(id)))!;
    // The process stored the decision, then stopped before releasing the order.
    expect(await approvals.replace({ ...a, status: 'APPROVED', decidedBy: TRADER, version: a.version + 1 }, a.version)).toBe(true);
    await p1.stack.idle();
    p1.stack.close();

    const p2 = fixtureOn(broker, clock, { repo, approvals: { repo: approvals }, idPrefix: 'p2' });
    p2.stack.risk.setState('HALTED'); // restoreTradingState runs before recovery in the app
    expect((await p2.stack.recover()).ok).toBe(true);
    const rec = await p2.stack.approvals.recover();
    await p2.stack.idle();
    expect(rec.released).toEqual([]);
    expect(rec.refused.map((x) => x.message)).toEqual([expect.stringMatching(/^Trading is halted/)]);
    expect(p2.denials.map((d) => d.rule)).toEqual(['trading-halted']);
    expect(await p2.placed()).toEqual([]);
    p2.stack.close();
  });

  it('an order stored APPROVED that never went out is not sent at restart when HALTED', async () => {
    const clock = new SimulatedClock(T0);
    const broker = await paperBroker(clock, SYMBOLS);
    broker.handleTick('INFY', 1500, T0);
    const repo = new MemoryOrderRepository();
    // The dead process: the order was approved and stored APPROVED; the stop came before SUBMITTED was stored.
    const intent: OrderIntent = { clientOrderId: 'deadO1' as ClientOrderId, symbol: 'INFY', side: 'BUY', quantity: 5, orderType: 'MARKET', product: 'CNC', validity: 'DAY', source: { kind: 'user', userId: TRADER }, reason: 'manual order', time: T0 };
    const stored = newOrder(intent, 'APPROVED');
    await repo.create(stored, transitionRecord(stored, 'PENDING_APPROVAL', { kind: 'approval', userId: TRADER, detail: 'approve' }, T0));

    const p2 = fixtureOn(broker, clock, { repo, idPrefix: 'p2' });
    p2.stack.risk.setState('HALTED');
    expect((await p2.stack.recover()).ok).toBe(true);
    await p2.stack.approvals.recover();
    await p2.stack.idle();
    expect(await p2.placed()).toEqual([]);
    expect(p2.stack.pipeline.get(intent.clientOrderId)?.status).not.toBe('SUBMITTED');
    p2.stack.close();
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Incoming alerts: TradingView JSON, ChartInk's scan and a text line, through alertsInService.receive
// ---------------------------------------------------------------------------------------------------------------

const ALERT_SECRET = 'tv-secret-0123456789';

/** The alert intake over the fixture's pipeline: one source "tv" (paper price, the stack's book and equity). */
function alertsOn(fx: Fixture, over: Partial<AlertSourceConfig> = {}) {
  const source: AlertSourceConfig = { name: 'tv', secret: ALERT_SECRET, product: 'CNC', sizing: { kind: 'qty', quantity: 1 }, approval: { kind: 'policy' }, symbols: [], action: 'buy', ...over };
  return alertsInService({
    sources: [source],
    perMinute: 600,
    duplicateWindowMs: 600_000,
    inbox: new MemoryAlertInbox(),
    orders: fx.stack.pipeline,
    order: async (id) => fx.stack.pipeline.get(id),
    market: {
      price: async (sym) => (fx.prices.has(sym) ? ok(fx.prices.get(sym)!) : err(`no price for ${sym}`)),
      equity: () => 10_000_000,
      position: (sym, product) => fx.position(sym, product),
      lotSize: () => 1,
      tickSize: () => 0.05,
    },
    clock: fx.clock,
    emit: (e) => fx.stack.events.emit(e),
  });
}

const tvAlert = (over: Record<string, unknown> = {}): string => JSON.stringify({ secret: ALERT_SECRET, symbol: 'NSE:INFY', action: 'buy', qty: 1, id: `t${Math.random()}`, ...over });

interface AlertCase {
  readonly name: string;
  readonly rule: string;
  readonly limits?: RiskLimitsInput;
  readonly state?: 'HALTED' | 'REDUCING';
  /** The body (TradingView JSON with its secret, or a text line sent with the secret beside it). */
  readonly body: string;
  readonly pathSecret?: boolean;
}

const ALERT_CASES: readonly AlertCase[] = [
  { name: 'HALTED, a TradingView buy', rule: 'trading-halted', state: 'HALTED', body: tvAlert() },
  { name: 'REDUCING, a buy that opens a position', rule: 'reducing-only', state: 'REDUCING', body: tvAlert() },
  { name: 'an order-value limit it would break', rule: 'order-value', limits: { maxOrderValue: 100_000 }, body: tvAlert({ qty: 67 }) },
  { name: 'a CNC sell of shares not held (a text line)', rule: 'holdings', body: 'SELL INFY 5', pathSecret: true },
];

describeSource('alert', () => {
  describe('paper broker', () => {
    it.each(ALERT_CASES)('$name → refused ($rule), nothing at the broker, the refusal kept with the alert', async (c) => {
      const fx = await paper(c.limits ? { limits: c.limits } : {});
      const before = await placedIds(fx);
      if (c.state) fx.stack.risk.setState(c.state);
      const alerts = alertsOn(fx);
      const r = await alerts.receive({ source: 'tv', body: c.body, ...(c.pathSecret ? { secret: ALERT_SECRET } : {}) });
      expect(r.kind).toBe('accepted');
      const line = r.kind === 'accepted' ? r.alert.orders[0] : undefined;
      expect(line?.orderId).toBeUndefined();
      expect(line?.refused).toEqual(fx.denials[0]?.reason);
      expect(fx.denials.map((d) => [d.rule, d.intent.source])).toEqual([[c.rule, { kind: 'alert', source: 'tv' }]]);
      expect(await placedIds(fx)).toEqual(before);
      expect((await alerts.recent())[0]?.orders[0]?.refused).toEqual(line?.refused);
    });

    it('a ChartInk scan when HALTED: every stock refused, no card, nothing at the broker', async () => {
      const fx = await paper();
      fx.stack.risk.setState('HALTED');
      const r = await alertsOn(fx, { approval: { kind: 'always' } }).receive({ source: 'tv', secret: ALERT_SECRET, body: JSON.stringify({ stocks: 'INFY,RELIANCE', trigger_prices: '1500,2500', triggered_at: '11:00 am', scan_name: 'breakouts' }) });
      expect(r.kind === 'accepted' && r.alert.orders.map((x) => x.refused)).toEqual([expect.stringMatching(/^Trading is halted/), expect.stringMatching(/^Trading is halted/)]);
      expect(fx.denials.map((d) => d.rule)).toEqual(['trading-halted', 'trading-halted']);
      expect(await fx.stack.approvalRepo.withStatus('PENDING')).toEqual([]);
      expect(await fx.placed()).toEqual([]);
    });

    it('a card, then HALTED: the tap is refused at release and nothing reaches the broker', async () => {
      const fx = await paper();
      const r = await alertsOn(fx, { approval: { kind: 'always' } }).receive({ source: 'tv', body: tvAlert({ qty: 5 }) });
      const id = r.kind === 'accepted' ? r.alert.orders[0]!.orderId! : '';
      expect(fx.stack.pipeline.get(id as ClientOrderId)?.status).toBe('PENDING_APPROVAL');
      fx.stack.risk.setState('HALTED');
      const tap = unwrap(await fx.stack.approvals.decide(approvalId(id), { kind: 'approve' }, trader));
      expect(tap.kind === 'approved' && tap.released).toEqual([]);
      expect(fx.denials.map((d) => [d.rule, d.intent.source.kind])).toEqual([['trading-halted', 'alert']]);
      expect(await fx.placed()).toEqual([]);
    });

    it('the control: ACTIVE, the alert is placed once and fills into the portfolio book', async () => {
      const fx = await paper();
      const r = await alertsOn(fx).receive({ source: 'tv', body: tvAlert({ qty: 10 }) });
      const id = r.kind === 'accepted' ? r.alert.orders[0]!.orderId : undefined;
      await fx.tick('INFY', 1500);
      expect(await placedIds(fx)).toEqual([id]);
      expect(fx.stack.pipeline.get(id as ClientOrderId)?.intent.source).toEqual({ kind: 'alert', source: 'tv' });
      expect(fx.position('INFY')).toBe(10);
    });
  });

  describe('live: KiteBroker on the fake Kite', () => {
    const live = onFakeKite();

    const kite = live.fixture;

    it.each(ALERT_CASES)('$name → refused ($rule), no placement at Kite', async (c) => {
      const fx = kite(c.limits);
      if (c.state) fx.stack.risk.setState(c.state);
      const r = await alertsOn(fx).receive({ source: 'tv', body: c.body, ...(c.pathSecret ? { secret: ALERT_SECRET } : {}) });
      expect(r.kind === 'accepted' && r.alert.orders[0]?.refused).toEqual(expect.any(String));
      await fx.stack.idle();
      expect(live.fake().orders.orders()).toEqual([]);
      expect(fx.denials.map((d) => d.rule)).toEqual([c.rule]);
      fx.stack.close();
    });

    it('the control: an alert the gate accepts is placed at Kite, once, tagged with its order id', async () => {
      const fx = kite({ maxOrderValue: 100_000 });
      const r = await alertsOn(fx).receive({ source: 'tv', body: tvAlert({ qty: 66 }) });
      const id = r.kind === 'accepted' ? r.alert.orders[0]!.orderId : undefined;
      await fx.stack.idle();
      expect(live.fake().orders.orders().map((o) => [o.tag, o.quantity])).toEqual([[id, 66]]);
      fx.stack.close();
    });
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('the sources table', () => {
  it('every source has its describe block, and every OrderSource kind maps to covered sources', () => {
    expect([...described].sort()).toEqual(Object.keys(SOURCES).sort());
    for (const keys of Object.values(KINDS)) for (const k of keys) expect(described.has(k)).toBe(true);
  });
});
