/**
 * The per-step machinery of the kernel (see kernel.ts for the phases). Kept apart from the public
 * API so the hot loop reads in one place: `runSingle` is the one-symbol backtest path, `open` +
 * `finishStep` the general one (many symbols, streaming).
 */
import type { Bar } from '../core/bar';
import { SeriesBar } from '../core/barSeries';
import type { DomainEvents } from '../core/events';
import type { Interval } from '../core/interval';
import type { Signal } from '../core/signal';
import { intervalMs } from '../core/interval';
import { barCloseTime } from './barTime';
import type { InstanceRuntime } from './instanceRuntime';
import type { OrderRouter } from './orderRouter';
import { SymbolBook } from './symbolBook';

/**
 * Told once at the end of every step, after every `onBar` of the step (e.g. a backtest's equity
 * recorder reading the instances' ledgers). Called with the step's close time; it must not allocate.
 */
export interface StepObserver {
  afterStep(closeTime: number): void;
}

/**
 * A broker that fills on bars (backtests: the simulated broker). The kernel hands it each bar of a symbol that
 * has working orders or exits there (`setActive`), after the orders decided at the previous close went out at
 * the bar's open and before any strategy sees the bar.
 */
export interface BarVenue {
  handleBar(symbol: string, bar: Readonly<Bar>): void;
}

export abstract class KernelLoop {
  /** Optional end-of-step listener (one per kernel). */
  stepObserver: StepObserver | undefined = undefined;
  /**
   * Optional timing of every `onBar` call (the bot process's strategy timings on /metrics); unset in backtests,
   * where the cost of reading the clock twice per call would show.
   */
  barTimer: ((rt: InstanceRuntime, ms: number) => void) | undefined = undefined;
  /**
   * Optional: called once per step after the marks became the closes, before any strategy (a backtest squares
   * off MIS positions there, at the close, as the exit rules of the broker would).
   */
  beforeStrategies: ((closeTime: number) => void) | undefined = undefined;
  protected readonly books: SymbolBook[] = [];
  protected readonly bookIndex = new Map<string, number>();
  /** Per book: 1 while the venue has working orders or exits on the symbol (it then gets the bar). */
  protected readonly active: number[] = [];
  /** Signals waiting for the next open, per book. */
  protected readonly pendingCount: number[] = [];
  /** Paper/live, per book: the last tick that came while a step was being collected (NaN: none). */
  protected readonly lateTick: number[] = [];
  protected readonly instances: InstanceRuntime[] = [];
  /** Per book: runtimes and local indices of the instances trading it. */
  protected readonly subs: InstanceRuntime[][] = [];
  protected readonly subsLocal: number[][] = [];
  protected step = -1;
  protected stepStart = NaN;
  /** Books that got a bar in the current step (first `stepCount` entries). */
  protected stepBooks = new Int32Array(16);
  protected stepCount = 0;
  protected dirty = new Int32Array(16);
  protected dirtyCount = 0;
  /** The bar handed to the venue, read in place from the series (nothing copied per bar). */
  private readonly bar = new SeriesBar();

  constructor(
    readonly interval: Interval,
    readonly events: DomainEvents,
    /** Latest price per book (the position book's marks): the open during phases 1–2 of a step, the close after. */
    protected readonly marks: number[],
    protected readonly router: OrderRouter,
    protected readonly venue: BarVenue | undefined,
  ) {}

  /**
   * The current step's close time (the time of a signal decided in it); instances read it through StepClock.
   */
  stepTime(): number {
    return barCloseTime(this.stepStart, this.interval);
  }

  /** A strategy threw: the instance stops, the failure is reported (kernel.ts). */
  protected abstract fail(rt: InstanceRuntime, e: unknown): void;

  /**
   * The one-symbol backtest loop: the same phases as `open` + `finishStep`, with the step
   * bookkeeping a single symbol does not need left out (this is the benchmark path).
   */
  protected runSingle(b: SymbolBook): void {
    const series = b.series;
    const n = series.length;
    const s = b.index;
    const subs = this.subs[s]!;
    const marks = this.marks;
    const active = this.active;
    const venue = this.venue;
    const before = this.beforeStrategies;
    const events = this.events;
    const ns = subs.length;
    const observer = this.stepObserver;
    // Who listens to 'bar' is fixed for the run (asked once, not per bar: a lookup per bar is measurable).
    const emitBars = events.wants('bar');
    // Close time = start + bar length for intraday bars (no call per bar); daily bars close at 15:30 IST.
    const daily = this.interval === 'day';
    const length = daily ? 0 : intervalMs(this.interval);
    this.stepBooks[0] = s;
    while (b.cursor + 1 < n) {
      const i = b.cursor + 1;
      b.moveTo(i);
      const step = ++this.step;
      this.stepStart = series.time[i]!;
      this.stepCount = 1;
      b.stamp = step;
      marks[s] = series.open[i]!;
      if (this.pendingCount[s]! > 0) this.resolvePending(s, series.open[i]!);
      if (active[s] !== 0) venue!.handleBar(b.symbol, this.bar.at(series, i));
      marks[s] = series.close[i]!;
      if (before !== undefined) before(daily ? barCloseTime(this.stepStart, 'day') : this.stepStart + length);
      if (emitBars) this.emitBars();
      for (let k = 0; k < ns; k++) {
        const rt = subs[k]!;
        rt.stamp = step;
        if (rt.status !== 'running' || i + 1 < rt.warmup) continue;
        this.callOnBar(rt);
      }
      if (observer !== undefined) observer.afterStep(daily ? barCloseTime(this.stepStart, 'day') : this.stepStart + length);
      this.stepCount = 0;
    }
  }

  /**
   * Sizes the signals waiting on book s at `price` (the bar's open) and routes the orders; with
   * `onlyReductions`, only those that shrink a position. Returns how many were routed.
   */
  protected resolvePending(s: number, price: number, onlyReductions = false): number {
    const subs = this.subs[s]!;
    const local = this.subsLocal[s]!;
    let routed = 0;
    for (let k = 0; k < subs.length; k++) {
      const rt = subs[k]!;
      const j = local[k]!;
      if (rt.pending[j] === undefined) continue;
      if (!this.router.resolve(rt, j, price, onlyReductions)) continue;
      this.pendingCount[s]!--;
      routed++;
    }
    return routed;
  }

  protected callOnBar(rt: InstanceRuntime): void {
    let out: readonly Signal[] | void;
    const timer = this.barTimer;
    try {
      if (timer === undefined) out = rt.hooks.onBar(rt.ctx, rt.hooks.setup);
      else {
        const t0 = performance.now();
        out = rt.hooks.onBar(rt.ctx, rt.hooks.setup);
        timer(rt, performance.now() - t0);
      }
    } catch (e) {
      this.fail(rt, e);
      return;
    }
    if (out !== undefined && out.length > 0) this.acceptSignals(rt, out);
  }

  protected beginStep(start: number): void {
    this.step++;
    this.stepStart = start;
    this.stepCount = 0;
  }

  /** Phase 1 for one symbol: move onto the bar; its mark becomes the open. */
  protected open(b: SymbolBook): void {
    const i = b.cursor + 1;
    b.moveTo(i);
    const s = b.index;
    b.stamp = this.step;
    this.stepBooks[this.stepCount++] = s;
    this.marks[s] = b.series.open[i]!;
    const subs = this.subs[s]!;
    for (let k = 0; k < subs.length; k++) {
      const rt = subs[k]!;
      if (rt.stamp !== this.step) {
        rt.stamp = this.step;
        this.dirty[this.dirtyCount++] = rt.index;
      }
    }
  }

  /**
   * Phases 2–4 for the whole step: route waiting signals at the opens (every reduction of the step
   * first, so sells free cash before buys are sized), fill at the venue, marks to closes, then
   * `onBar` for every instance with a new bar, in instance order.
   */
  protected finishStep(): void {
    const books = this.books;
    const n = this.stepCount;
    let waiting = 0;
    for (let k = 0; k < n; k++) waiting += this.pendingCount[this.stepBooks[k]!]!;
    if (waiting > 0) for (let k = 0; k < n; k++) this.routeAtOpen(books[this.stepBooks[k]!]!, true);
    for (let k = 0; k < n; k++) this.fillAtVenue(books[this.stepBooks[k]!]!);
    if (waiting > 0) {
      for (let k = 0; k < n; k++) {
        const b = books[this.stepBooks[k]!]!;
        if (this.routeAtOpen(b, false) > 0) this.fillAtVenue(b);
      }
    }
    for (let k = 0; k < n; k++) {
      const b = books[this.stepBooks[k]!]!;
      this.marks[b.index] = b.series.close[b.cursor]!;
    }
    if (this.beforeStrategies !== undefined) this.beforeStrategies(this.stepTime());
    if (this.events.size > 0 && this.events.wants('bar')) this.emitBars();
    const nd = this.dirtyCount;
    const dirty = this.dirty;
    // Instance order, deterministic whatever order the symbols' bars came in (insertion sort in
    // place: the marks are nearly sorted already, and nothing is allocated).
    for (let a = 1; a < nd; a++) {
      const x = dirty[a]!;
      let c = a - 1;
      while (c >= 0 && dirty[c]! > x) {
        dirty[c + 1] = dirty[c]!;
        c--;
      }
      dirty[c + 1] = x;
    }
    this.dirtyCount = 0;
    for (let k = 0; k < nd; k++) {
      const rt = this.instances[dirty[k]!]!;
      if (rt.status !== 'running' || rt.books[0]!.cursor + 1 < rt.warmup) continue;
      this.callOnBar(rt);
    }
    if (this.stepObserver !== undefined) this.stepObserver.afterStep(this.stepTime());
    this.stepCount = 0;
  }

  private routeAtOpen(b: SymbolBook, onlyReductions: boolean): number {
    const s = b.index;
    if (this.pendingCount[s]! === 0) return 0;
    return this.resolvePending(s, b.series.open[b.cursor]!, onlyReductions);
  }

  private fillAtVenue(b: SymbolBook): void {
    if (this.active[b.index] !== 0) this.venue!.handleBar(b.symbol, this.bar.at(b.series, b.cursor));
  }

  protected acceptSignals(rt: InstanceRuntime, signals: readonly Signal[]): void {
    const ev = this.events;
    for (const s of signals) {
      const j = rt.localIndex(s.symbol);
      const problem =
        j < 0
          ? `it does not trade ${s.symbol}`
          : !(s.weight >= 0 && s.weight <= 1)
            ? `weight ${s.weight} is outside 0..1`
            : s.direction === 'short' && !rt.allowShort
              ? 'shorting is not enabled for it (MIS only)'
              : undefined;
      if (problem !== undefined) {
        ev.emit({ type: 'alert', level: 'warning', message: `Signal from ${rt.id} ignored: ${problem}.`, time: s.time, instanceId: rt.id });
        continue;
      }
      rt.lastSignal = s;
      const book = rt.books[j]!.index;
      if (rt.pending[j] === undefined) this.pendingCount[book]!++;
      rt.pending[j] = s;
      if (ev.wants('signal')) ev.emit({ type: 'signal', signal: s });
    }
  }

  protected clearPending(rt: InstanceRuntime): void {
    rt.pending.forEach((p, j) => {
      if (p !== undefined) this.pendingCount[rt.books[j]!.index]!--;
    });
    rt.pending.fill(undefined);
  }

  protected emitBars(): void {
    const time = this.stepTime();
    for (let k = 0; k < this.stepCount; k++) {
      const b = this.books[this.stepBooks[k]!]!;
      this.events.emit({ type: 'bar', symbol: b.symbol, time, close: b.series.close[b.cursor]! });
    }
  }

  /** The kernel's symbol book of `symbol` (streaming, created through the position book when new). */
  protected abstract bookFor(symbol: string): SymbolBook;

  /** Adds the symbol book the position book just interned (same index). */
  protected addBook(b: SymbolBook): SymbolBook {
    if (b.index !== this.books.length) throw new Error(`symbol book ${b.symbol} at ${b.index}, expected ${this.books.length}`);
    this.books.push(b);
    this.bookIndex.set(b.symbol, b.index);
    this.subs.push([]);
    this.subsLocal.push([]);
    this.pendingCount.push(0);
    this.lateTick.push(NaN);
    this.active.push(0);
    if (this.stepBooks.length < this.books.length) this.stepBooks = new Int32Array(this.books.length * 2);
    return b;
  }
}
