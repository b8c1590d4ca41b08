/**
 * Stress scenarios. An index shock moves each position by β_i × shock. A replay applies the
 * moves of a historical window (e.g. the March 2020 crash, October 2008) to today's positions:
 * position i's cumulative return on each index day of the window is close(day) / close(base) − 1,
 * where base is the last close before the window opens and a stock's close on a day it did not
 * trade is its last close before that day. A position without a close at or before the base
 * (not listed yet) is proxied by β_i × the index's cumulative return, and reported as proxied.
 */
import { istTime } from '../calendar/ist';
import type { RiskPosition } from './concentration';

export interface StressResult {
  readonly name: string;
  /** P&L in rupees at the end of the scenario (negative = loss). */
  readonly pnl: number;
  /** The lowest cumulative P&L reached during the scenario (= pnl for an instant shock). */
  readonly worstPnl: number;
  readonly pnlShareOfEquity: number;
  /** Symbols whose move came from β × index because their own prices did not cover the window. */
  readonly proxied: readonly string[];
}

/** Instant index move `shock` (e.g. −0.10) transmitted through each position's beta. */
export function indexShock(
  positions: readonly RiskPosition[],
  betas: Float64Array,
  shock: number,
  equity: number,
  name = `index ${shock >= 0 ? '+' : ''}${(shock * 100).toFixed(0)}%`,
): StressResult {
  let pnl = 0;
  positions.forEach((p, i) => {
    pnl += p.value * betas[i]! * shock;
  });
  return { name, pnl, worstPnl: Math.min(0, pnl), pnlShareOfEquity: pnl / equity, proxied: [] };
}

export interface PriceHistory {
  /** Bar times, epoch ms ascending (daily bars: 00:00 IST of the session). */
  readonly time: Float64Array;
  readonly close: Float64Array;
}

export interface ReplayWindow {
  readonly name: string;
  /** First and last IST dates of the window, `YYYY-MM-DD`, inclusive. */
  readonly from: string;
  readonly to: string;
}

export const REPLAY_WINDOWS: readonly ReplayWindow[] = [
  { name: '2020-03 COVID crash', from: '2020-03-01', to: '2020-03-31' },
  { name: '2008-10 global financial crisis', from: '2008-10-01', to: '2008-10-31' },
];

/** Index of the last element with time < t, or −1. */
function lastBefore(time: Float64Array, t: number): number {
  let lo = 0;
  let hi = time.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (time[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

export function replayWindow(
  window: ReplayWindow,
  positions: readonly RiskPosition[],
  betas: Float64Array,
  prices: ReadonlyMap<string, PriceHistory>,
  index: PriceHistory,
  equity: number,
): StressResult | null {
  const start = istTime(window.from);
  const end = istTime(window.to) + 86_400_000; // exclusive
  const base = lastBefore(index.time, start);
  const last = lastBefore(index.time, end);
  if (base < 0 || last <= base) return null; // the index does not cover this window
  const indexBase = index.close[base]!;
  const proxied: string[] = [];
  const cum = new Float64Array(last - base); // cumulative P&L on each window day
  positions.forEach((p, i) => {
    const h = prices.get(p.symbol);
    const hb = h ? lastBefore(h.time, start) : -1;
    if (!h || hb < 0) {
      proxied.push(p.symbol);
      for (let d = base + 1; d <= last; d++) {
        cum[d - base - 1] = cum[d - base - 1]! + p.value * betas[i]! * (index.close[d]! / indexBase - 1);
      }
      return;
    }
    const b = h.close[hb]!;
    let j = hb;
    for (let d = base + 1; d <= last; d++) {
      const t = index.time[d]!;
      while (j + 1 < h.time.length && h.time[j + 1]! <= t) j++;
      cum[d - base - 1] = cum[d - base - 1]! + p.value * (h.close[j]! / b - 1);
    }
  });
  let worst = 0;
  for (let d = 0; d < cum.length; d++) worst = Math.min(worst, cum[d]!);
  const pnl = cum[cum.length - 1]!;
  return { name: window.name, pnl, worstPnl: worst, pnlShareOfEquity: pnl / equity, proxied };
}
