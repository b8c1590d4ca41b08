/**
 * Market data for paper and live: one tick source (KiteTicker when logged in, otherwise a replay of stored or
 * synthetic bars) fans out to the paper broker (fills on the tick), the last-price book (approvals, services)
 * and a bar aggregator whose closed bars drive the kernel (a BarFeed for `attachBarFeed`).
 * The market clock follows the latest tick, so a replayed day fills paper orders at replayed prices; the rest
 * of the process keeps the wall clock.
 */
import { BarAggregator } from '../data/bars/barAggregator';
import type { Clock } from '../core/clock';
import type { BarFeed, BarHandler, StopFeed, TickFeed } from '../core/feed';
import type { InstrumentToken } from '../core/ids';
import type { Interval } from '../core/interval';
import type { Tick } from '../core/tick';

export interface MarketFeedOptions {
  readonly ticks: TickFeed;
  /** Instrument token → trading symbol, for every token the tick source sends. */
  readonly symbols: ReadonlyMap<InstrumentToken, string>;
  readonly interval: Interval;
  /** Every tick, with its symbol (the paper broker's `onTick`). */
  readonly onTick?: (symbol: string, price: number, time: number) => void;
  /** Advanced to each tick's time (the paper broker's clock). */
  readonly clock: MarketClock;
  /** Flushes bars whose bucket has ended, every this many ms of wall time (default 1000; 0: never). */
  readonly flushEveryMs?: number;
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
  readonly symbols: readonly string[];
  readonly clock: MarketClock;
  private readonly last = new Map<string, number>();
  private lastTickAt: number | undefined;
  private lastReceivedAt: number | undefined;
  private handler: BarHandler = () => undefined;

  constructor(
    private readonly o: MarketFeedOptions,
    private readonly wall: Clock,
  ) {
    this.interval = o.interval;
    this.symbols = [...new Set(o.symbols.values())];
    this.clock = o.clock;
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
    const aggregator = new BarAggregator({
      interval: this.o.interval,
      onBar: (token, b) => {
        const symbol = this.o.symbols.get(token);
        if (symbol === undefined) return;
        this.handler(symbol, b);
      },
    });
    const stopTicks = await this.o.ticks.start((t: Tick) => {
      const symbol = this.o.symbols.get(t.token);
      if (symbol === undefined) return;
      this.clock.advance(t.time);
      this.lastTickAt = t.time;
      this.lastReceivedAt = this.wall.now();
      this.last.set(symbol, t.price);
      aggregator.onTick(t);
      this.o.onTick?.(symbol, t.price, t.time);
    });
    const every = this.o.flushEveryMs ?? 1000;
    const timer = every > 0 ? setInterval(() => aggregator.flush(this.clock.now()), every) : undefined;
    timer?.unref();
    return async () => {
      if (timer) clearInterval(timer);
      await stopTicks();
    };
  }
}
