import type { Interval } from '../../core/interval';
import type { Result } from '../../core/result';
import type { Refusal } from '../user';

export interface ChartImage {
  readonly png: Uint8Array;
  readonly caption: string;
  readonly bars: number;
}

export interface ChartService {
  /** Candles of the last `days` calendar days of `symbol`. */
  candles(symbol: string, interval: Interval, days: number): Promise<Result<ChartImage, Refusal>>;
}
