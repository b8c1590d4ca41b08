/**
 * The market-data ports: what the engine, backtests and services use without knowing Kite or MongoDB.
 * Implementations: KiteHistoricalProvider, InstrumentMaster, KiteTickSource (src/data/kite), ReplayTickFeed
 * (src/data/replay); MongoCandleCache and MongoInstrumentRepository (src/store/*).
 */
import type { Bar } from '../core/bar';
import type { BarSeries } from '../core/barSeries';
import type { InstrumentToken } from '../core/ids';
import type { Instrument } from '../core/instrument';
import type { Interval } from '../core/interval';
import type { Result } from '../core/result';
import type { TickFeed } from '../core/feed';

/** A half-open time range [from, to) in epoch milliseconds. */
export interface TimeRange {
  readonly from: number;
  readonly to: number;
}

export interface HistoricalProgress {
  /** Kite windows fetched so far in this request (cache hits are not counted). */
  readonly windowsDone: number;
  readonly windowsTotal: number;
  /** Candles received from Kite so far. */
  readonly candles: number;
}

export interface HistoricalRequest {
  readonly token: InstrumentToken;
  readonly interval: Interval;
  /** First instant wanted, epoch ms (inclusive). */
  readonly from: number;
  /** Last instant wanted, epoch ms (inclusive, as Kite's `to`). */
  readonly to: number;
  /** Label for the returned series (defaults to the token). */
  readonly symbol?: string;
  readonly onProgress?: (p: HistoricalProgress) => void;
}

export interface HistoricalError {
  readonly kind: 'kite' | 'reply' | 'cache' | 'request';
  /** Kite's error_type when Kite answered (InputException, NetworkException, …). */
  readonly errorType?: string;
  /** One sentence for people: what went wrong and what to do. */
  readonly message: string;
  /** Attempts made for the failing window. */
  readonly attempts: number;
}

/** Candles for one instrument and interval, from a cache or the broker. */
export interface HistoricalProvider {
  fetch(req: HistoricalRequest): Promise<Result<BarSeries, HistoricalError>>;
}

/** The persistent candle cache: idempotent upserts plus a record of which ranges are complete. */
export interface CandleCache {
  /** Inserts or replaces candles keyed by (token, interval, time). */
  upsert(token: InstrumentToken, interval: Interval, bars: readonly Bar[]): Promise<void>;
  /** Candles with from <= time < to, ascending. */
  read(token: InstrumentToken, interval: Interval, range: TimeRange): Promise<Bar[]>;
  /** Records that every candle of `range` is stored (the broker was asked for all of it). */
  markComplete(token: InstrumentToken, interval: Interval, range: TimeRange): Promise<void>;
  /** The complete ranges, merged and sorted. */
  completeRanges(token: InstrumentToken, interval: Interval): Promise<TimeRange[]>;
}

/** A stored copy of the instruments master. */
export interface StoredInstruments {
  readonly instruments: readonly Instrument[];
  /** When the list was downloaded, epoch ms. */
  readonly fetchedAt: number;
}

export interface InstrumentRepository {
  /** Replaces the whole stored list. */
  replaceAll(list: readonly Instrument[], fetchedAt: number): Promise<void>;
  /** The stored list, or null when nothing was stored yet. */
  load(): Promise<StoredInstruments | null>;
}

export type TickMode = 'ltp' | 'quote' | 'full';

/** A live tick source with subscriptions (KiteTicker); `start` from TickFeed begins delivery. */
export interface LiveTickSource extends TickFeed {
  subscribe(tokens: readonly InstrumentToken[]): Result<void, string>;
  unsubscribe(tokens: readonly InstrumentToken[]): void;
}
