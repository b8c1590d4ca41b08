/**
 * Where the services get historical bars (charts, optimisation): a port the composition root fills
 * with the Kite historical provider + candle cache, a CSV folder, or generated bars.
 */
import type { BarSeries } from '../../core/barSeries';
import type { Interval } from '../../core/interval';
import type { Result } from '../../core/result';

export interface BarHistoryRequest {
  readonly symbol: string;
  readonly interval: Interval;
  /** Epoch ms, [from, to). */
  readonly from: number;
  readonly to: number;
}

export interface BarHistory {
  /** Bars of the range, or one sentence saying why there are none. */
  bars(req: BarHistoryRequest): Promise<Result<BarSeries, string>>;
  /** True when the bars are generated rather than market data (charts say so). */
  readonly synthetic: boolean;
}
