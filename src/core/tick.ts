import type { InstrumentToken } from './ids';

/** A normalised market tick. Times are epoch milliseconds (UTC). */
export interface Tick {
  readonly token: InstrumentToken;
  /** Last traded price in rupees. */
  readonly price: number;
  /** Quantity of the last trade (0 when unknown). */
  readonly lastQuantity: number;
  /** Cumulative day volume as reported by the exchange (0 when unknown). */
  readonly volumeTraded: number;
  /** Exchange timestamp of the last trade, or the receive time when the feed gives none. */
  readonly time: number;
  readonly oi?: number;
}

/** A tick a feed writes in place and hands on (one reused object per feed: the tick path allocates nothing). */
export type MutableTick = { -readonly [K in keyof Tick]: Tick[K] };
