/**
 * The ticks a replay makes of one bar: four trades inside the bar — open, then low and high in the order a bar
 * of that direction most plausibly took them (up bar: open → low → high → close; down bar: open → high → low →
 * close), then the close — at 0, ¼, ½ and ¾ of the bar's span. The bar's volume is split into whole shares
 * q, q, q, v − 3q (q = ⌊v/4⌋). Fed to a BarAggregator of the same interval they rebuild the bar exactly.
 */
import { istMidnight } from '../../calendar/ist';
import type { BarSeries } from '../../core/barSeries';
import { intervalMs, type Interval } from '../../core/interval';
import { NSE_REGULAR_SESSION, type SessionMinutes } from '../bars/barAggregator';

export const TICKS_PER_BAR = 4;

/** Start and length (ms) of the span the ticks of a bar starting at `barTime` are spread over. */
export function barSpan(barTime: number, interval: Interval, session: SessionMinutes = NSE_REGULAR_SESSION): { start: number; length: number } {
  if (interval === 'day') return { start: barTime + session.open * 60_000, length: (session.close - session.open) * 60_000 };
  const end = Math.min(barTime + intervalMs(interval), istMidnight(barTime) + session.close * 60_000);
  return { start: barTime, length: end - barTime };
}

/** Time of tick k (0–3) of a bar (whole milliseconds, strictly inside the bar). */
export function tickTime(span: { start: number; length: number }, k: number): number {
  return span.start + Math.floor((span.length * k) / TICKS_PER_BAR);
}

/** Price of tick k of bar i of `s`. */
export function tickPrice(s: BarSeries, i: number, k: number): number {
  if (k === 0) return s.open[i]!;
  if (k === 3) return s.close[i]!;
  const up = s.close[i]! >= s.open[i]!;
  return (k === 1) === up ? s.low[i]! : s.high[i]!;
}

/** Shares traded by tick k of bar i. */
export function tickVolume(s: BarSeries, i: number, k: number): number {
  const v = s.volume[i]!;
  const q = Math.floor(v / TICKS_PER_BAR);
  return k < 3 ? q : v - 3 * q;
}
