/**
 * The order pipeline under random sequences of steps (fast-check), in paper mode as the app wires it (pipelineStack:
 * risk engine → approvals → OMS → write-ahead journal → BrokerExecution → SimulatedBroker with a participation cap):
 *  - orders of the portfolio (manual, source user) and of a strategy instance's account (source strategy): BUY or
 *    SELL, 1–40 shares, CNC or MIS, MARKET / LIMIT / SL (the simulated broker rejects SL: broker rejections), with
 *    no approval, a one-order approval, or a batch approval of several orders;
 *  - decisions on a pending approval: approve, ½× then approve, 2× then approve, reject, expiry (the clock past
 *    the TTL, then the sweep);
 *  - bars with volume (the participation cap fills partially) and ticks (fill what they reach);
 *  - cancellations of open orders (pending ones and working ones at the broker);
 *  - the kill switch (ACTIVE / REDUCING / HALTED, kept across restarts) and the MIS square-off (`squareOffNow`);
 *  - restarts: a new stack over the same order repository, approval repository and paper-state repository, then
 *    `replayFills` + `recoverOrders` + `ApprovalService.recover()` as src/app/tradingWiring.ts does at start.
 * After every step (once everything settled) the invariants hold:
 *  (a) no order sells more CNC shares than the account holds: the broker never rejects a sell for lack of
 *      holdings; no account has more CNC shares on open sells (pending approval included) than it holds; and no
 *      CNC position is negative — in any account of the book, or at the broker;
 *  (b) the position book equals the broker's positions, per symbol and product, summed over the accounts;
 *  (c) an order id reaches the broker once (placements counted per id, across restarts; ids in its book unique);
 *  (d) the book's cash moved as the broker's did (Σ over accounts of cash − capital = broker cash − starting cash);
 *  (e) the order store's open orders are the pipeline's (what a restart brings back is what is open).
 * A coverage check after the runs makes sure the interesting things happened (partial fills, broker rejections,
 * scaled approvals released, restarts with open orders, holdings refusals…), so the property is not vacuous.
 * Seed and path of a failure are printed by fast-check; replay with FC_SEED=<seed> (and FC_PATH=<path>); FC_RUNS
 * sets the number of runs (default 100, ~4 s), FC_SHRINK=0 skips shrinking (bounded by FC_TIME_MS, default 12 s).
 */
import fc from 'fast-check';
import type { SimulatedBroker } from '../../src/brokers/paper/simulatedBroker';
import { MemoryPaperStateRepository } from '../../src/brokers/paper/paperState';
import { SimulatedClock } from '../../src/core/clock';
import { approvalId, strategyInstanceId, userId } from '../../src/core/ids';
import type { OrderType, Product, Side } from '../../src/core/order';
import type { TradingState } from '../../src/core/tradingState';
import { isTerminal } from '../../src/core/orderStatus';
import { MemoryApprovalRepository } from '../../src/oms/approvalRepository';
import type { OrderDraft } from '../../src/oms/orderPipeline';
import { MemoryOrderRepository } from '../../src/core/ports/orderRepository';
import type { PendingLine } from '../../src/oms/pipelinePorts';
import { squareOffNow } from '../../src/oms/squareOff';
import { paperBroker, pipelineOn, type Stack } from '../support/brokers/pipelineStack';

const T0 = Date.parse('2025-01-08T04:00:00Z'); // Wednesday 09:30 IST
const SYMBOLS = ['INFY', 'TCS'] as const;
const START: Record<string, number> = { INFY: 1500, TCS: 3500 };
const INSTANCE = strategyInstanceId('alpha');
const CAPITAL = 300_000;
const STARTING_CASH = 1_000_000;
const PARTICIPATION = 0.2;
const TTL_MS = 120_000;
const trader = { userId: userId('trader1'), roles: ['trader'] };
const rules = (s: string) => ((SYMBOLS as readonly string[]).includes(s) ? { tickSize: 0.05, lotSize: 1 } : undefined);

// ---------------------------------------------------------------------------------------------------------------
// Steps
// ---------------------------------------------------------------------------------------------------------------

interface OrderSpec {
  readonly instance: boolean;
  readonly symbol: number;
  readonly side: Side;
  readonly quantity: number;
  /** Tenths of what the account holds in the slot (when it holds any): sells around the holding, some beyond it. */
  readonly ofHeld: number | undefined;
  readonly product: Product;
  readonly type: OrderType;
  /** Rupees from the last price away from the market (LIMIT, SL): > 0 rests (a buy below, a sell above), < 0 crosses. */
  readonly offset: number;
  /** A stop-loss this far from the last price, against the order's direction (a person's orders only). */
  readonly stop: number | undefined;
}

type Step =
  | { readonly kind: 'order'; readonly order: OrderSpec; readonly approval: 'never' | 'always' }
  | { readonly kind: 'batch'; readonly orders: readonly OrderSpec[] }
  | { readonly kind: 'decide'; readonly pick: number; readonly decision: 'approve' | 'half' | 'double' | 'reject' | 'expire' }
  | { readonly kind: 'bar'; readonly symbol: number; readonly move: number; readonly range: number; readonly volume: number }
  | { readonly kind: 'tick'; readonly symbol: number; readonly move: number }
  | { readonly kind: 'cancel'; readonly pick: number }
  | { readonly kind: 'restart' }
  | { readonly kind: 'state'; readonly state: TradingState }
  | { readonly kind: 'squareOff' };

/** Most orders on one symbol and in CNC, so that buys, sells, fills and holdings of one slot interleave. */
const symbolIndex = fc.constantFrom(0, 0, 0, 1);
const orderSpec: fc.Arbitrary<OrderSpec> = fc.record({
  instance: fc.constantFrom(false, false, true),
  symbol: symbolIndex,
  side: fc.constantFrom<Side>('BUY', 'SELL'),
  quantity: fc.integer({ min: 1, max: 40 }),
  ofHeld: fc.option(fc.integer({ min: 1, max: 15 }), { nil: undefined, freq: 2 }),
  product: fc.constantFrom<Product>('CNC', 'CNC', 'CNC', 'MIS'),
  type: fc.constantFrom<OrderType>('MARKET', 'MARKET', 'LIMIT', 'LIMIT', 'SL'),
  offset: fc.integer({ min: -5, max: 15 }),
  stop: fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined, freq: 3 }),
});

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('order' as const), order: orderSpec, approval: fc.constantFrom('never' as const, 'never' as const, 'always' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('batch' as const), orders: fc.array(orderSpec, { minLength: 2, maxLength: 3 }) }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('decide' as const), pick: fc.nat(), decision: fc.constantFrom('approve' as const, 'half' as const, 'double' as const, 'double' as const, 'reject' as const, 'expire' as const) }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('bar' as const), symbol: symbolIndex, move: fc.integer({ min: -20, max: 20 }), range: fc.integer({ min: 0, max: 15 }), volume: fc.integer({ min: 0, max: 150 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('tick' as const), symbol: symbolIndex, move: fc.integer({ min: -10, max: 10 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'restart' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('state' as const), state: fc.constantFrom<TradingState>('ACTIVE', 'ACTIVE', 'REDUCING', 'HALTED') }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'squareOff' as const }) },
);

// ---------------------------------------------------------------------------------------------------------------
// The world: the market, the stores that outlive a process, the process (stack + paper broker)
// ---------------------------------------------------------------------------------------------------------------

/** What happened, over every run (the coverage check reads it). */
const coverage = {
  placed: 0,
  filled: 0,
  partial: 0,
  brokerRejected: 0,
  holdingsRefused: 0,
  released: 0,
  releasedDouble: 0,
  releasedHalf: 0,
  refusedAtRelease: 0,
  expired: 0,
  rejectedApprovals: 0,
  cancelled: 0,
  restarts: 0,
  restartsWithOpenOrders: 0,
  instanceFills: 0,
  cncSellsFilled: 0,
  /** A CNC slot holding shares had a buy and a sell working at once. */
  mixedWorking: 0,
  squareOffs: 0,
  haltedRefusals: 0,
  /** A stop's exit leg fired, or a stop already passed was closed at the market. */
  stopExits: 0,
};

class World {
  readonly clock = new SimulatedClock(T0);
  readonly prices = new Map<string, number>(Object.entries(START));
  readonly orders = new MemoryOrderRepository();
  readonly approvalsRepo = new MemoryApprovalRepository();
  readonly paperState = new MemoryPaperStateRepository();
  /** Placements the broker received, per client order id, over every process. */
  readonly placements = new Map<string, number>();
  /** The broker's refusals of placements: id and message. */
  readonly brokerRejections: { id: string; side: Side; product: Product; message: string }[] = [];
  broker!: SimulatedBroker;
  stack!: Stack;
  private incarnation = 0;
  /** The trading state (ACTIVE / REDUCING / HALTED): outlives a process, as the trading-state store does. */
  state: TradingState = 'ACTIVE';
  /** Which decision each approval got (for the coverage of ½× / 2× releases). */
  readonly scaled = new Map<string, 'half' | 'double'>();
  readonly log: string[] = [];

  async start(): Promise<void> {
    this.incarnation++;
    this.broker = await paperBroker(this.clock, SYMBOLS, { repository: this.paperState, participation: PARTICIPATION });
    const place = this.broker.place.bind(this.broker);
    this.broker.place = async (intent) => {
      const id = intent.clientOrderId;
      this.placements.set(id, (this.placements.get(id) ?? 0) + 1);
      const r = await place(intent);
      if (r.ok) coverage.placed++;
      else {
        coverage.brokerRejected++;
        this.brokerRejections.push({ id, side: intent.side, product: intent.product, message: r.error.message });
      }
      return r;
    };
    // The broker's last prices are the market's (a restarted paper broker hears the feed again).
    for (const [s, p] of this.prices) this.broker.mark(s, p);
    const broker = this.broker;
    const book = () => this.stack.book;
    this.stack = pipelineOn(this.broker, this.clock, {
      repo: this.orders,
      approvals: { repo: this.approvalsRepo, ttlMs: TTL_MS },
      prices: this.prices,
      rules,
      idPrefix: `p${this.incarnation}x`,
      // As the app: the portfolio spends the broker's cash less what the instances hold.
      portfolioCash: () => {
        let c = broker.cash;
        for (const a of book().accounts()) if (a !== book().portfolio) c -= a.cash;
        return c;
      },
    });
    this.stack.risk.setState(this.state);
    this.stack.book.openAccount(INSTANCE, CAPITAL, SYMBOLS.flatMap((symbol) => (['CNC', 'MIS'] as const).map((product) => ({ symbol, product }))));
    this.stack.events.on('risk-denied', (e) => {
      if (e.rule === 'holdings') coverage.holdingsRefused++;
      if (e.rule === 'trading-halted' || e.rule === 'reducing-only') coverage.haltedRefusals++;
    });
    this.stack.events.on('order-filled', (e) => {
      coverage.filled++;
      if (e.order && e.order.filledQuantity < e.order.intent.quantity) coverage.partial++;
      if (e.account === INSTANCE) coverage.instanceFills++;
      if (e.fill.side === 'SELL' && e.order?.intent.product === 'CNC') coverage.cncSellsFilled++;
      if (e.order?.intent.source.kind === 'risk' && e.order.intent.source.rule === 'stop-loss') coverage.stopExits++;
    });
  }

  /** A restart as the app does it: the old process stops cleanly, a new one recovers from the stores. */
  async restart(): Promise<void> {
    await this.stack.idle();
    if (this.stack.pipeline.openOrders().length > 0) coverage.restartsWithOpenOrders++;
    coverage.restarts++;
    await this.broker.flush();
    this.stack.close();
    await this.start();
    const recovered = await this.stack.recover();
    if (!recovered.ok) throw new Error(`recovery failed: ${recovered.error.message}`);
    this.log.push(`  recovered: ${recovered.value.alerts.join(' | ') || 'no alerts'}`);
    await this.stack.approvals.recover();
    await this.stack.idle();
  }

  draft(o: OrderSpec): OrderDraft {
    const symbol = SYMBOLS[o.symbol]!;
    const last = this.prices.get(symbol)!;
    const price = Math.max(1, last - (o.side === 'BUY' ? 1 : -1) * o.offset);
    const account = this.stack.book.accountOf(o.instance ? { instanceId: INSTANCE } : {});
    const j = account.find(symbol, o.product);
    const held = j < 0 ? 0 : Math.abs(account.position[j]!);
    return {
      symbol,
      side: o.side,
      quantity: o.ofHeld !== undefined && held > 0 ? Math.max(1, Math.round((held * o.ofHeld) / 10)) : o.quantity,
      orderType: o.type,
      ...(o.type === 'LIMIT' || o.type === 'SL' ? { price } : {}),
      ...(o.type === 'SL' ? { trigger: price } : {}),
      ...(o.stop !== undefined && !o.instance ? { stop: o.side === 'BUY' ? last - o.stop : last + o.stop } : {}),
      product: o.product,
      validity: 'DAY',
      source: o.instance ? { kind: 'strategy', instanceId: INSTANCE } : { kind: 'user', userId: trader.userId },
      ...(o.instance ? { instanceId: INSTANCE } : {}),
      reason: 'property',
      time: this.clock.now(),
    };
  }

  private move(symbol: string, by: number): number {
    const p = Math.max(100, this.prices.get(symbol)! + by);
    this.prices.set(symbol, p);
    return p;
  }

  async run(s: Step): Promise<void> {
    const { pipeline, approvals } = this.stack;
    switch (s.kind) {
      case 'order': {
        const r = pipeline.submit(this.draft(s.order), { approval: s.approval });
        this.log.push(`  → ${r.ok ? `${r.value.intent.clientOrderId} ${r.value.status} ${r.value.intent.quantity}` : r.error.kind === 'denied' ? `denied ${r.error.rule}` : r.error.kind}`);
        if (r.ok && s.approval === 'always') await approvals.get(approvalId(r.value.intent.clientOrderId));
        return;
      }
      case 'batch': {
        const lines: PendingLine[] = [];
        for (const o of s.orders) {
          const r = pipeline.submit(this.draft(o), { approval: 'always', batch: true });
          if (r.ok) lines.push(pipeline.pendingLine(r.value, { approval: 'always', batch: true }));
        }
        const id = pipeline.openBatch(lines);
        if (id !== undefined) await approvals.get(approvalId(id));
        this.log.push(`  → batch ${id ?? '(none)'} of ${lines.length}`);
        return;
      }
      case 'decide': {
        const pending = (await this.stack.approvalRepo.withStatus('PENDING')).sort((a, b) => (a.id < b.id ? -1 : 1));
        if (pending.length === 0) return;
        const a = pending[s.pick % pending.length]!;
        if (s.decision === 'expire') {
          this.clock.advance(TTL_MS);
          coverage.expired += await approvals.sweepExpired();
          return;
        }
        if (s.decision === 'reject') {
          const r = await approvals.decide(a.id, { kind: 'reject' }, trader);
          if (r.ok) coverage.rejectedApprovals++;
          return;
        }
        if (s.decision === 'half' || s.decision === 'double') {
          const r = await approvals.decide(a.id, { kind: 'scale', factor: s.decision === 'half' ? 0.5 : 2, maxQuantity: Number.MAX_SAFE_INTEGER }, trader);
          if (!r.ok) return;
          this.scaled.set(a.id, s.decision);
        }
        const r = await approvals.decide(a.id, { kind: 'approve' }, trader);
        if (r.ok && r.value.kind === 'approved') {
          coverage.released += r.value.released.length;
          coverage.refusedAtRelease += r.value.refused.length;
          const how = this.scaled.get(a.id);
          if (how === 'double') coverage.releasedDouble += r.value.released.length;
          if (how === 'half') coverage.releasedHalf += r.value.released.length;
        }
        this.log.push(`  → ${r.ok ? `${r.value.kind}: ${r.value.message}` : r.error}`);
        return;
      }
      case 'bar': {
        const symbol = SYMBOLS[s.symbol]!;
        const open = this.prices.get(symbol)!;
        const close = this.move(symbol, s.move);
        this.clock.advance(10_000);
        this.broker.handleBar(symbol, { time: this.clock.now(), open, high: Math.max(open, close) + s.range, low: Math.max(1, Math.min(open, close) - s.range), close, volume: s.volume });
        return;
      }
      case 'tick': {
        const symbol = SYMBOLS[s.symbol]!;
        const p = this.move(symbol, s.move);
        this.clock.advance(1000);
        this.broker.handleTick(symbol, p, this.clock.now());
        return;
      }
      case 'cancel': {
        const open = pipeline.openOrders().sort((x, y) => (x.intent.clientOrderId < y.intent.clientOrderId ? -1 : 1));
        if (open.length === 0) return;
        const o = open[s.pick % open.length]!;
        const r = pipeline.cancel(o.intent.clientOrderId, { kind: 'user', userId: trader.userId }, 'Cancelled by the property.');
        if (r.ok) coverage.cancelled++;
        return;
      }
      case 'restart':
        return this.restart();
      case 'state':
        // The kill switch (saved, and restored by the next process before it recovers anything).
        this.state = s.state;
        this.stack.risk.setState(s.state);
        return;
      case 'squareOff': {
        const r = squareOffNow(this.stack.book, pipeline, this.clock.now());
        coverage.squareOffs += r.orders.length;
        this.log.push(`  → square-off: ${r.orders.map((o) => `${o.id} ${o.side} ${o.quantity} ${o.symbol}`).join(', ') || 'nothing'}${r.refused.length > 0 ? `; refused ${JSON.stringify(r.refused)}` : ''}`);
        return;
      }
    }
  }

  /** The invariants, once everything settled. */
  async check(): Promise<void> {
    const { book } = this.stack;
    // (a) No CNC oversell: the broker never refused a sell for lack of shares; no CNC position below zero.
    const holdings = this.brokerRejections.filter((r) => r.side === 'SELL' && r.product === 'CNC' && /free shares|hold/.test(r.message));
    expect(holdings).toEqual([]);
    for (const a of book.accounts()) {
      for (let j = 0; j < a.size; j++) {
        if (a.products[j] === 'CNC' && a.position[j]! < 0) throw new Error(`account ${a.id} is short ${a.position[j]} ${a.symbols[j]} CNC`);
      }
    }
    // … and no account has promised more CNC shares to its open sells than it holds.
    const open = this.stack.pipeline.openOrders().filter((o) => o.intent.product === 'CNC');
    for (const a of book.accounts()) {
      for (let j = 0; j < a.size; j++) {
        if (a.products[j] !== 'CNC') continue;
        const mine = open.filter((o) => book.accountOf(o.intent) === a && o.intent.symbol === a.symbols[j]);
        const selling = mine.filter((o) => o.intent.side === 'SELL').reduce((q, o) => q + o.intent.quantity - o.filledQuantity, 0);
        if (selling > a.position[j]!) throw new Error(`account ${a.id} has ${selling} ${a.symbols[j]} CNC on open sells but holds ${a.position[j]}`);
        if (a.position[j]! > 0 && selling > 0 && mine.some((o) => o.intent.side === 'BUY')) coverage.mixedWorking++;
      }
    }
    const at = await this.broker.positions();
    if (!at.ok) throw new Error(at.error.message);
    for (const p of at.value) if (p.product === 'CNC' && p.quantity < 0) throw new Error(`the broker is short ${p.quantity} ${p.symbol} CNC`);
    // (b) The book equals the broker, per symbol and product.
    const key = (s: string, p: Product) => `${s} ${p}`;
    const ours = new Map<string, number>();
    for (const p of book.totals()) ours.set(key(p.symbol, p.product), p.quantity);
    const theirs = new Map<string, number>();
    for (const p of at.value) if (p.quantity !== 0) theirs.set(key(p.symbol, p.product), p.quantity);
    expect(Object.fromEntries([...ours].sort())).toEqual(Object.fromEntries([...theirs].sort()));
    // (c) Each id reached the broker once.
    const twice = [...this.placements].filter(([, n]) => n > 1);
    expect(twice).toEqual([]);
    const book2 = await this.broker.orders();
    if (!book2.ok) throw new Error(book2.error.message);
    const ids = book2.value.map((o) => o.clientOrderId);
    expect(ids.length).toBe(new Set(ids).size);
    expect(this.brokerRejections.filter((r) => /already exists/.test(r.message))).toEqual([]);
    // (d) The book's cash moved as the broker's did.
    let moved = 0;
    for (const a of book.accounts()) moved += a.cash - a.capital;
    expect(moved).toBeCloseTo(this.broker.cash - STARTING_CASH, 4);
    // (e) What a restart would bring back is what is open now: the store's open orders are the pipeline's.
    const stored = await this.orders.withStatus(['PENDING_APPROVAL', 'APPROVED', 'SUBMITTED', 'OPEN', 'PARTIALLY_FILLED']);
    const inMemory = this.stack.pipeline.openOrders();
    expect(stored.map((o) => `${o.intent.clientOrderId} ${o.status} ${o.filledQuantity}`).sort()).toEqual(inMemory.map((o) => `${o.intent.clientOrderId} ${o.status} ${o.filledQuantity}`).sort());
    for (const o of inMemory) expect(isTerminal(o.status)).toBe(false);
  }
}

const describeStep = (s: Step): string => JSON.stringify(s);

/** Plays `steps` on a new world, checking the invariants after each (the failure names the steps so far). */
async function play(steps: readonly Step[]): Promise<void> {
  const w = new World();
  await w.start();
  try {
    for (const s of steps) {
      w.log.push(describeStep(s));
      await w.run(s);
      await w.stack.idle();
      try {
        await w.check();
      } catch (e) {
        throw new Error(`${e instanceof Error ? e.message : String(e)}\nafter the steps:\n${w.log.join('\n')}`, { cause: e });
      }
    }
  } finally {
    await w.stack.idle();
    w.stack.close();
  }
}

const buy1 = (instance: boolean, stop: number | undefined): OrderSpec => ({ instance, symbol: 0, side: 'BUY', quantity: 1, ofHeld: undefined, product: 'CNC', type: 'MARKET', offset: 0, stop });

describe('order pipeline property: random sources, approvals, partial fills, cancels, rejections and restarts', () => {
  const seed = process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : undefined;
  const path = process.env.FC_PATH;
  const numRuns = Number(process.env.FC_RUNS ?? 100);

  it('no CNC oversell, book = broker, one placement per id, cash in step — after every step', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 10, maxLength: 60, size: 'max' }), (steps) => play(steps)),
      {
        numRuns,
        ...(seed !== undefined ? { seed } : {}),
        ...(path !== undefined ? { path } : {}),
        // Shrinking replays whole sequences: bounded so that a failing run still ends well inside the suite's budget.
        endOnFailure: process.env.FC_SHRINK === '0',
        plugins: [fc.interruptAfterTimeLimit(Number(process.env.FC_TIME_MS ?? 12_000))],
      },
    );
    if (process.env.FC_COVERAGE) console.log(JSON.stringify(coverage));
    // Not vacuous: over the runs, each kind of event the invariants must survive happened.
    if (seed === undefined && numRuns >= 40) {
      for (const [k, v] of Object.entries(coverage)) expect([k, v > 0]).toEqual([k, true]);
    }
  }, 60_000);

  it('two fills of one slot in one tick, each with a stop, then a restart: one exit guards the position, none sells it twice (seed -1964300610)', async () => {
    await play([
      { kind: 'order', order: buy1(false, 1), approval: 'never' },
      { kind: 'order', order: buy1(false, 1), approval: 'never' },
      { kind: 'bar', symbol: 0, move: 7, range: 0, volume: 10 },
      { kind: 'order', order: buy1(false, 1), approval: 'never' },
      { kind: 'batch', orders: [buy1(true, undefined), buy1(false, undefined)] },
      { kind: 'restart' },
      { kind: 'bar', symbol: 0, move: -4, range: 0, volume: 142 },
      { kind: 'decide', pick: 0, decision: 'approve' },
      { kind: 'tick', symbol: 0, move: 4 },
      { kind: 'bar', symbol: 0, move: -11, range: 6, volume: 148 },
    ]);
  });
});
