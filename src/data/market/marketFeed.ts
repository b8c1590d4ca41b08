/**
 * Market data for paper and live: one tick source (KiteTicker when logged in, otherwise the synthetic demo market,
 * or a replay of stored bars in tests) fans out to the paper broker (fills on the tick), the last-price book
 * (approvals, services) and a bar aggregator whose closed bars drive the kernel (a BarFeed for `attachBarFeed`).
 * The market clock follows the latest tick (a replay fills paper orders at replayed times; the live ticker and the
 * synthetic market trade at wall-clock times); the rest of the process keeps the wall clock. The tick source can be
 * switched while running (`switchTicks`: quiet → KiteTicker after a login, and back after the session ends) and its
 * token map extended (`addSymbols`: a new instance's symbols subscribed on the live ticker); the per-tick path stays
 * allocation-free.
 */
import type { Clock } from '../../core/clock';
import type { BarFeed, BarHandler, StopFeed, TickFeed } from '../../core/feed';
import type { InstrumentToken } from '../../core/ids';
import type { Interval } from '../../core/interval';
import type { Tick } from '../../core/tick';
import { BarAggregator, type SessionMinutes } from '../bars/barAggregator';

export interface MarketFeedOptions {
  readonly ticks: TickFeed;
  /** Where the ticks come from, for /status (e.g. "Kite ticker", "synthetic market …"). */
  readonly source: string;
  /** Instrument token → trading symbol, for every token the tick source sends. */
  readonly symbols: ReadonlyMap<InstrumentToken, string>;
  readonly interval: Interval;
  /** Every tick, with its symbol (the paper broker's `onTick`). */
  readonly onTick?: (symbol: string, price: number, time: number) => void;
  /** Advanced to each tick's time (the paper broker's clock). */
  readonly clock: MarketClock;
  /** Flushes bars whose bucket has ended, every this many ms of wall time (default 1000; 0: never). */
  readonly flushEveryMs?: number;
  /** The hours that make bars (default the NSE session; the synthetic demo market trades round the clock). */
  readonly session?: (midnight: number) => SessionMinutes;
}

/** A clock that reads the time of the latest tick (never going back), or `fallback` before the first one. */
export class MarketClock implements Clock {
  private t = Number.NEGATIVE_INFINITY;

  constructor(private readonly fallback: Clock) {}

  now(): number {
    return Number.isFinite(this.t) ? this.t : this.fallback.now();
  }

  advance(t: number): void {
    if (t > this.t) this.t = t;
  }
}

export class MarketFeed implements BarFeed {
  readonly interval: Interval;
  readonly clock: MarketClock;
  private readonly last = new Map<string, number>();
  private lastTickAt: number | undefined;
  private lastReceivedAt: number | undefined;
  private handler: BarHandler = () => undefined;
  private tokens: Map<InstrumentToken, string>;
  private symbolList: readonly string[];
  private ticks: TickFeed;
  private stopTicks: StopFeed | undefined;
  private aggregator: BarAggregator | undefined;
  private sourceLabel: string;
  /** The hours that make bars for the current source (undefined: the NSE session). */
  private session: ((midnight: number) => SessionMinutes) | undefined;
  /** Serialises source switches (a switch waits for the previous one). */
  private switching: Promise<void> = Promise.resolve();

  constructor(
    private readonly o: MarketFeedOptions,
    private readonly wall: Clock,
  ) {
    this.interval = o.interval;
    this.clock = o.clock;
    this.ticks = o.ticks;
    this.sourceLabel = o.source;
    this.session = o.session;
    this.tokens = new Map(o.symbols);
    this.symbolList = [...new Set(this.tokens.values())];
  }

  /** Where the current ticks come from. */
  get source(): string {
    return this.sourceLabel;
  }

  /** The symbols the current tick source carries. */
  get symbols(): readonly string[] {
    return this.symbolList;
  }

  /** Extends the token map (tokens the current source has just been asked to send). */
  addSymbols(symbols: ReadonlyMap<InstrumentToken, string>): void {
    for (const [token, symbol] of symbols) this.tokens.set(token, symbol);
    this.symbolList = [...new Set(this.tokens.values())];
  }

  /**
   * Stops the current tick source and starts `ticks` in its place, with a new token map. The old source's bars
   * that have ended are flushed and those still forming dropped (their tokens may mean other symbols now); the
   * handler, clock and price book carry on.
   */
  switchTicks(ticks: TickFeed, symbols: ReadonlyMap<InstrumentToken, string>, source: string, session?: (midnight: number) => SessionMinutes): Promise<void> {
    const run = this.switching.then(async () => {
      const stop = this.stopTicks;
      this.stopTicks = undefined;
      if (stop) await stop();
      this.aggregator?.flush(this.clock.now());
      this.ticks = ticks;
      this.sourceLabel = source;
      this.session = session;
      this.tokens = new Map(symbols);
      this.symbolList = [...new Set(this.tokens.values())];
      if (this.aggregator) {
        this.aggregator = this.newAggregator();
        this.stopTicks = await ticks.start(this.onTick);
      }
    });
    this.switching = run.catch(() => undefined);
    return run;
  }

  lastPrice(symbol: string): number | undefined {
    return this.last.get(symbol);
  }

  /** Market time of the latest tick (ticker freshness, /status data age). */
  dataAsOf(): number | undefined {
    return this.lastTickAt;
  }

  /** Wall time the latest tick arrived (ticker freshness). */
  receivedAt(): number | undefined {
    return this.lastReceivedAt;
  }

  async start(onBar: BarHandler): Promise<StopFeed> {
    this.handler = onBar;
    this.aggregator = this.newAggregator();
    this.stopTicks = await this.ticks.start(this.onTick);
    const every = this.o.flushEveryMs ?? 1000;
    const timer = every > 0 ? setInterval(() => this.aggregator?.flush(this.clock.now()), every) : undefined;
    timer?.unref();
    return async () => {
      if (timer) clearInterval(timer);
      await this.switching;
      this.aggregator = undefined;
      const stop = this.stopTicks;
      this.stopTicks = undefined;
      await stop?.();
    };
  }

  private newAggregator(): BarAggregator {
    return new BarAggregator({
      interval: this.o.interval,
      ...(this.session ? { session: this.session } : {}),
      onBar: (token, b) => {
        const symbol = this.tokens.get(token);
        if (symbol === undefined) return;
        this.handler(symbol, b);
      },
    });
  }

  /** The per-tick path (bound once; allocates nothing). */
  private readonly onTick = (t: Tick): void => {
    const symbol = this.tokens.get(t.token);
    if (symbol === undefined) return;
    this.clock.advance(t.time);
    this.lastTickAt = t.time;
    this.lastReceivedAt = this.wall.now();
    this.last.set(symbol, t.price);
    this.aggregator?.handleTick(t);
    this.o.onTick?.(symbol, t.price, t.time);
  };
}
