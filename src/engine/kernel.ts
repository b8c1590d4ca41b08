/**
 * The trading kernel: one loop for backtest, paper and live (only the clock, the feed and the broker behind the
 * order pipeline differ).
 *
 * One step = every bar that closes at the same instant. For each step:
 *   1. each symbol's cursor moves to its new bar and its mark becomes the bar's open;
 *   2. signals decided at the previous close are sized at this open — the first price after the decision — and
 *      sent into the order pipeline (every position reduction of the step first, so sells free cash before buys
 *      are sized); a bar venue (the backtest's simulated broker) fills working orders and exits on the bar;
 *   3. marks become the closes (`beforeStrategies` runs: a backtest's MIS square-off); every running instance
 *      with a new bar gets `onBar` once, in instance order (deterministic), seeing bars up to this one only;
 *   4. returned signals wait for the next price: the next bar's open, or in paper and live the first tick
 *      (`handleTick`), which is that open.
 * Signal → order: the instance's sizing rule (portfolio construction) → target → diff against its account in the
 * position book (position + working orders) → intent → the order pipeline (risk engine, approval, OMS, broker).
 * Each instance is its own account of the book (capital share, cash, positions); fills reach it only through the
 * pipeline, which also hands them to the strategy's `onFill`.
 * Nothing in this loop allocates unless something happens (a signal, an order, an event).
 */
import type { Bar } from '../core/bar';
import type { BarSeries } from '../core/barSeries';
import type { DomainEvents, InstanceStatus } from '../core/events';
import type { Fill } from '../core/fill';
import type { StrategyInstanceId } from '../core/ids';
import type { Interval } from '../core/interval';
import { err, ok, type Result } from '../core/result';
import type { Params } from '../core/strategy';
import type { PositionBook } from '../oms/positionBook';
import { InstanceRuntime, type InstanceSpec } from './instanceRuntime';
import { KernelLoop, type BarVenue } from './kernelLoop';
import { OrderRouter, type OrderSink } from './orderRouter';
import { weightOfCapital, type PortfolioConstruction } from './portfolioConstruction';
import { SymbolBook } from './symbolBook';

export interface KernelOptions {
  readonly interval: Interval;
  /** The position book: instances' accounts and the marks (the kernel writes its prices there). */
  readonly book: PositionBook;
  /** The order pipeline every signal's order goes into. */
  readonly orders: OrderSink;
  /** The pipeline's event bus (order events, alerts); the kernel adds bars, signals and instance events. */
  readonly events: DomainEvents;
  /** The default sizing rule (an instance may carry its own). */
  readonly construction?: PortfolioConstruction;
  /** Backtests: the simulated broker, handed the bars of symbols where it has work. */
  readonly venue?: BarVenue;
}

export class Kernel extends KernelLoop {
  private readonly byId = new Map<StrategyInstanceId, InstanceRuntime>();
  private readonly book: PositionBook;
  private preloading: BarSeries | undefined;
  /** How many books hold a late tick (see `handleTick`). */
  private lateTicks = 0;

  constructor(o: KernelOptions) {
    super(o.interval, o.events, o.book.marks, new OrderRouter(o.orders, o.events, o.construction ?? weightOfCapital), o.venue);
    this.book = o.book;
    for (let k = 0; k < o.book.symbols.length; k++) this.addBook(SymbolBook.streaming(k, o.book.symbols[k]!, o.interval));
    o.book.onSymbol = (symbol, index) => this.addBook(this.preloading?.symbol === symbol ? new SymbolBook(index, this.preloading, true) : SymbolBook.streaming(index, symbol, o.interval));
    o.events.on('order-filled', (e) => {
      const rt = e.account !== undefined ? this.byId.get(e.account as StrategyInstanceId) : undefined;
      if (rt !== undefined) this.deliverFill(rt, e.fill);
    });
  }

  /** Backtests: hands the kernel a symbol's whole history; the loop reveals it bar by bar. */
  preload(series: BarSeries): void {
    if (this.bookIndex.has(series.symbol)) throw new Error(`symbol ${series.symbol} already loaded`);
    this.preloading = series;
    try {
      this.book.intern(series.symbol);
    } finally {
      this.preloading = undefined;
    }
  }

  /** The venue has (or no longer has) working orders or exits on `symbol`. */
  setActive(symbol: string, active: boolean): void {
    const k = this.bookIndex.get(symbol);
    if (k !== undefined) this.active[k] = active ? 1 : 0;
  }

  /** The current step's bar start (a backtest's clock: orders go out at this instant). */
  get barStart(): number {
    return this.stepStart;
  }

  /** The bars of a symbol so far (sizing rules read them). */
  seriesOf(symbol: string): BarSeries | undefined {
    const k = this.bookIndex.get(symbol);
    return k === undefined ? undefined : this.books[k]!.series;
  }

  protected bookFor(symbol: string): SymbolBook {
    return this.books[this.book.intern(symbol)]!;
  }

  /** Adds an instance; its symbols must be preloaded (backtest) or are created as streams. */
  addInstance(spec: InstanceSpec): Result<StrategyInstanceId, string> {
    if (this.byId.has(spec.id)) return err(`An instance with id ${spec.id} already exists; pick another id.`);
    if (spec.symbols.length === 0) return err('An instance needs at least one symbol; give it --symbols.');
    const parsed = spec.strategy.params.safeParse(spec.params);
    if (!parsed.success) return err(`Invalid parameters for ${spec.strategy.name}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}.`);
    const books = spec.symbols.map((s) => this.bookFor(s));
    const rt = new InstanceRuntime(this.instances.length, { ...spec, params: parsed.data as Params }, books, this.book, this);
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

  /** A backtest's run is over: its batch indicators' buffers go back for the next run (engine/batchBuffers.ts). */
  release(): void {
    for (const b of this.books) b.release();
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

  /** Dispatches the bars collected since the last step began, then the ticks that came meanwhile. */
  endStep(): void {
    if (this.stepCount === 0) return;
    this.finishStep();
    if (this.lateTicks === 0) return;
    this.lateTicks = 0;
    const late = this.lateTick;
    for (let k = 0; k < late.length; k++) {
      const p = late[k]!;
      if (p !== p) continue;
      late[k] = NaN;
      this.tickAt(k, p);
    }
  }

  /**
   * Paper/live: a trade of `symbol`. Signals decided at the last close are sized at this first price after the
   * decision (reductions first) and sent; the price becomes the symbol's mark. A tick that comes while a step is
   * being collected (the tick that closed a bar comes before the step is dispatched) is applied right after the
   * step: it is the first price after the step's decisions.
   */
  handleTick(symbol: string, price: number): void {
    const k = this.bookIndex.get(symbol);
    if (k === undefined || !(price > 0)) return;
    if (this.stepCount > 0) {
      if (this.lateTick[k] !== this.lateTick[k]) this.lateTicks++;
      this.lateTick[k] = price;
      return;
    }
    this.tickAt(k, price);
  }

  private tickAt(k: number, price: number): void {
    this.marks[k] = price;
    if (this.pendingCount[k]! === 0) return;
    this.resolvePending(k, price, true);
    this.resolvePending(k, price);
  }

  private deliverFill(rt: InstanceRuntime, fill: Fill): void {
    if (!rt.hooks.wantsFills || (rt.status !== 'running' && rt.status !== 'paused')) return;
    try {
      rt.hooks.onFill(rt.ctx, fill);
    } catch (e) {
      this.fail(rt, e);
    }
  }

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
