import type { Bar } from './bar';
import type { Interval } from './interval';
import type { Tick } from './tick';

/** Receives closed bars, in time order per symbol. */
export type BarHandler = (symbol: string, bar: Readonly<Bar>) => void;
export type TickHandler = (tick: Tick) => void;

/** Stops a running feed. */
export type StopFeed = () => void | Promise<void>;

/**
 * A source of closed bars: historical (CSV, Mongo cache, Kite historical) in backtests, a
 * tick → bar aggregator in paper and live. `start` resolves once the feed is running (historical
 * feeds may deliver everything before resolving).
 */
export interface BarFeed {
  readonly interval: Interval;
  readonly symbols: readonly string[];
  start(onBar: BarHandler): Promise<StopFeed>;
}

/** A source of ticks (KiteTicker in live, a replay in tests and paper without a login). */
export interface TickFeed {
  start(onTick: TickHandler): Promise<StopFeed>;
}
