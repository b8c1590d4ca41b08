/** One OHLCV bar. `time` is the bar's start instant in epoch milliseconds (UTC). */
export interface Bar {
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  readonly oi?: number;
}

/** A mutable bar used as a reusable buffer on hot paths (no allocation per bar). */
export interface MutableBar {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  oi: number;
}

export const emptyBar = (): MutableBar => ({ time: 0, open: NaN, high: NaN, low: NaN, close: NaN, volume: 0, oi: NaN });
