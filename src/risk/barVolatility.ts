/**
 * Stand-alone one-day VaR per rupee held, from a run of closes: z_α × the sample standard deviation (n − 1) of the
 * simple returns close[k]/close[k−1] − 1 for k in [first, last], scaled to a day by √(bars per day): 1 for daily
 * bars, the 375 minutes of an NSE session over the bar's minutes for intraday bars (the session's variance; the
 * overnight gap is left out). The kernel's bars (engine/kernelMarket.ts) and the daily history of symbols no
 * strategy streams (risk/dailyVolatility.ts) use it.
 */
import { SESSION_MINUTES } from '../calendar/ist';
import { intervalMs, type Interval } from '../core/interval';

export function varPerRupeeOfCloses(close: ArrayLike<number>, first: number, last: number, z: number, interval: Interval): number {
  const n = last - first + 1;
  let sum = 0;
  let sumSq = 0;
  for (let k = first; k <= last; k++) {
    const r = close[k]! / close[k - 1]! - 1;
    sum += r;
    sumSq += r * r;
  }
  const variance = Math.max(0, (sumSq - (sum * sum) / n) / (n - 1));
  const barsPerDay = interval === 'day' ? 1 : (SESSION_MINUTES * 60_000) / intervalMs(interval);
  return z * Math.sqrt(variance * barsPerDay);
}
