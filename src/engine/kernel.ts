/**
 * The trading kernel: one loop for backtest, paper and live (only clock, feed and venue differ).
 *
 * One step = every bar that closes at the same instant. For each step:
 *   1. each symbol's cursor moves to its new bar and its mark becomes the bar's open;
 *   2. signals decided at the previous close are sized at this open (`sizeAt: 'next-open'`) and
 *      routed — every position reduction of the step first, so sells free cash before buys are
 *      sized — and the venue fills working orders on the bar (market orders at the open);
 *   3. marks become the closes; every running instance with a new bar gets `onBar` once, in
 *      instance order (deterministic), seeing bars up to this one only;
 *   4. returned signals wait for the next open (or, with `sizeAt: 'decision'` for paper/live, are
 *      sized at the close right away and fill at the next bar at the earliest).
 * Signal → target: portfolio construction (weight × instance equity / price, whole shares) →
 * OMS diff (target − position − working orders, buys limited to the instance's cash) → trading
 * state → risk gate → venue. Each instance is its own sub-account (capital share, cash, positions).
 * Nothing in this loop allocates unless something happens (a signal, an order, an event).
 */
import type { Bar } from '../core/bar';
import type { BarSeries } from '../core/barSeries';
import type { ExecutionVenue, OrderUpdate } from '../core/broker';
import { DomainEvents, type InstanceStatus } from '../core/events';
import type { Fill } from '../core/fill';
import type { StrategyInstanceId } from '../core/ids';
import type { Interval } from '../core/interval';
import { err, ok, type Result } from '../core/result';
import type { Params } from '../core/strategy';
import type { RiskGate, TradingState } from '../core/tradingState';
import { InstanceRuntime, type InstanceSpec } from './instanceRuntime';
import { OrderRouter } from './orderRouter';
import { weightOfCapital, type PortfolioConstruction } from './portfolioConstruction';
import { passThroughRiskGate } from './riskGate';
import { KernelLoop } from './kernelLoop';
import { SymbolBook } from './symbolBook';

export interface KernelOptions {
  readonly interval: Interval;
  readonly venue: ExecutionVenue;
  readonly events?: DomainEvents;
  readonly risk?: RiskGate;
  readonly construction?: PortfolioConstruction;
  /** 'next-open' (backtests, default): size at the next bar's open. 'decision': size at the close. */
  readonly sizeAt?: 'next-open' | 'decision';
  /** Cash kept aside per buy for slippage, in bps (set it to the simulated slippage). */
  readonly cashBufferBps?: number;
}

export class Kernel extends KernelLoop {
  private readonly byId = new Map<StrategyInstanceId, InstanceRuntime>();

  constructor(o: KernelOptions) {
    const events = o.events ?? new DomainEvents();
    const router = new OrderRouter({
      venue: o.venue,
      events,
      risk: o.risk ?? passThroughRiskGate,
      construction: o.construction ?? weightOfCapital,
      cashBufferBps: o.cashBufferBps ?? 0,
    });
    super(o.interval, events, o.venue, router, (o.sizeAt ?? 'next-open') === 'next-open');
    o.venue.setListener((u) => this.handleOrderUpdate(u));
  }

  /** Backtests: hands the kernel a symbol's whole history; the loop reveals it bar by bar. */
  preload(series: BarSeries): void {
    if (this.bookIndex.has(series.symbol)) throw new Error(`symbol ${series.symbol} already loaded`);
    this.addBook(new SymbolBook(this.books.length, series, true));
  }

  /** Adds an instance; its symbols must be preloaded (backtest) or are created as streams. */
  addInstance(spec: InstanceSpec): Result<StrategyInstanceId, string> {
    if (this.byId.has(spec.id)) return err(`An instance with id ${spec.id} already exists; pick another id.`);
    if (spec.symbols.length === 0) return err('An instance needs at least one symbol; give it --symbols.');
    const parsed = spec.strategy.params.safeParse(spec.params);
    if (!parsed.success) return err(`Invalid parameters for ${spec.strategy.name}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}.`);
    const books = spec.symbols.map((s) => this.bookFor(s));
    const rt = new InstanceRuntime(this.instances.length, { ...spec, params: parsed.data as Params }, books, this.marks, this.stepTime);
    try {
      rt.hooks.init(rt.initContext());
    } catch (e) {
      return err(`Strategy ${spec.strategy.name} failed to start (${messageOf(e)}); check its parameters.`);
    }
    this.instances.push(rt);
    this.byId.set(spec.id, rt);
    books.forEach((b, j) => {
      this.subs[b.index]!.push(rt);
      this.subsLocal[b.index]!.push(j);
    });
    if (this.dirty.length < this.instances.length) this.dirty = new Int32Array(this.instances.length * 2);
    return ok(spec.id);
  }

  instance(id: StrategyInstanceId): InstanceRuntime | undefined {
    return this.byId.get(id);
  }

  allInstances(): readonly InstanceRuntime[] {
    return this.instances;
  }

  /** running ↔ paused; stopped and errored are final (onStop runs once on stop). */
  setStatus(id: StrategyInstanceId, status: InstanceStatus, message?: string): Result<InstanceStatus, string> {
    const rt = this.byId.get(id);
    if (!rt) return err(`No instance ${id}; list instances to see the ids.`);
    if (rt.status === 'stopped' || rt.status === 'errored') return err(`Instance ${id} is ${rt.status}; start a new one instead.`);
    if (status === 'stopped') {
      try {
        rt.hooks.onStop(rt.ctx);
      } catch (e) {
        message = `onStop failed: ${messageOf(e)}`;
      }
    }
    rt.status = status;
    rt.message = message;
    this.clearPending(rt);
    this.events.emit({ type: 'instance-status', instanceId: id, status, ...(message ? { message } : {}), time: this.stepTime() });
    return ok(status);
  }

  setTradingState(state: TradingState, reason: string): void {
    this.router.tradingState = state;
    this.events.emit({ type: 'trading-state', state, reason, time: this.stepTime() });
  }

  get tradingState(): TradingState {
    return this.router.tradingState;
  }

  /** Backtests: runs every preloaded bar, steps merged by time across symbols. */
  run(): void {
    const books = this.books;
    if (books.length === 1) return this.runSingle(books[0]!);
    for (;;) {
      let t = Infinity;
      for (const b of books) if (b.preloaded && b.cursor + 1 < b.series.length) t = Math.min(t, b.series.time[b.cursor + 1]!);
      if (t === Infinity) return;
      this.beginStep(t);
      for (const b of books) if (b.preloaded && b.cursor + 1 < b.series.length && b.series.time[b.cursor + 1] === t) this.open(b);
      this.finishStep();
    }
  }

  /**
   * Paper/live warm-up: appends past bars to a streaming symbol (indicators update) without calling
   * any strategy or trading — e.g. the history before a restart. Bars must be older than live ones.
   */
  loadHistory(symbol: string, bars: readonly Readonly<Bar>[]): void {
    const b = this.bookFor(symbol);
    if (b.preloaded) throw new Error(`symbol ${symbol} is preloaded; it has its history already`);
    for (const bar of bars) b.append(bar.time, bar.open, bar.high, bar.low, bar.close, bar.volume);
    if (b.cursor >= 0) this.marks[b.index] = b.series.close[b.cursor]!;
  }

  /** Paper/live: a closed bar (from a feed or an aggregator). Call `endStep` when the bucket is complete. */
  handleBar(symbol: string, bar: Readonly<Bar>): void {
    const b = this.bookFor(symbol);
    if (b.preloaded) throw new Error(`symbol ${symbol} is preloaded; it cannot also stream`);
    if (this.step < 0 || bar.time !== this.stepStart) {
      if (this.stepCount > 0) this.finishStep();
      this.beginStep(bar.time);
    }
    b.append(bar.time, bar.open, bar.high, bar.low, bar.close, bar.volume);
    b.cursor--; // `open` moves it onto the new bar (and refreshes the indicator views)
    this.open(b);
  }

  /** Dispatches the bars collected since the last step began. */
  endStep(): void {
    if (this.stepCount > 0) this.finishStep();
  }

  handleOrderUpdate(u: OrderUpdate): void {
    this.router.handleUpdate(u, this.deliverFill);
  }

  private readonly deliverFill = (rt: InstanceRuntime, fill: Fill): void => {
    if (!rt.hooks.wantsFills || (rt.status !== 'running' && rt.status !== 'paused')) return;
    try {
      rt.hooks.onFill(rt.ctx, fill);
    } catch (e) {
      this.fail(rt, e);
    }
  };

  protected fail(rt: InstanceRuntime, e: unknown): void {
    rt.status = 'errored';
    rt.message = messageOf(e);
    this.clearPending(rt);
    const time = this.stepTime();
    this.events.emit({ type: 'instance-status', instanceId: rt.id, status: 'errored', message: rt.message, time });
    this.events.emit({
      type: 'alert',
      level: 'critical',
      message: `Strategy instance ${rt.id} (${rt.spec.strategy.name}) stopped after an error: ${rt.message}; fix it and start a new instance.`,
      time,
      instanceId: rt.id,
    });
  }

}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
