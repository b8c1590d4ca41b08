/**
 * Intraday volume-weighted average price, reset at the start of every IST calendar day (so each
 * NSE session starts afresh): vwap = Σ typical·volume / Σ volume over the session so far, with
 * typical = (high + low + close)/3 (as technicalindicators). `time` holds epoch milliseconds.
 * While the session's cumulative volume is 0 the value is NaN (no trade, no price).
 * Batch and streaming perform the same floating-point operations in the same order.
 */
import { istMidnight } from '../calendar/ist';
import { assertSameLength, outArray } from './validate';

const DAY_MS = 86_400_000;

export function vwap(
  time: Float64Array,
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  volume: Float64Array,
  out?: Float64Array,
): Float64Array {
  const n = assertSameLength('vwap', time, high, low, close, volume);
  const o = outArray('vwap', n, out);
  // Session by session: the first bar opens a session (so a NaN or out-of-order time still
  // advances), then bars are summed while they stay inside its IST day.
  let i = 0;
  while (i < n) {
    const dayStart = istMidnight(time[i]!);
    const dayEnd = dayStart + DAY_MS;
    let v = volume[i]!;
    let pv = 0 + ((high[i]! + low[i]! + close[i]!) / 3) * v; // 0 + … as the streaming sum (−0 → +0)
    let vol = 0 + v;
    o[i] = vol > 0 ? pv / vol : NaN;
    for (i++; i < n; i++) {
      const t = time[i]!;
      if (!(t >= dayStart && t < dayEnd)) break;
      v = volume[i]!;
      pv += ((high[i]! + low[i]! + close[i]!) / 3) * v;
      vol += v;
      // An if with two stores: measurably faster than a select of NaN in this loop.
      if (vol > 0) o[i] = pv / vol;
      else o[i] = NaN;
    }
  }
  return o;
}

/** Streaming session VWAP: `next(time, high, low, close, volume)`; allocates nothing. */
export class Vwap {
  value = NaN;
  private dayStart = NaN;
  private dayEnd = NaN;
  private pv = 0;
  private vol = 0;

  next(time: number, high: number, low: number, close: number, volume: number): number {
    if (!(time >= this.dayStart && time < this.dayEnd)) {
      this.dayStart = istMidnight(time);
      this.dayEnd = this.dayStart + DAY_MS;
      this.pv = 0;
      this.vol = 0;
    }
    this.pv += ((high + low + close) / 3) * volume;
    this.vol += volume;
    this.value = this.vol > 0 ? this.pv / this.vol : NaN;
    return this.value;
  }

  reset(): void {
    this.dayStart = NaN;
    this.dayEnd = NaN;
    this.pv = 0;
    this.vol = 0;
    this.value = NaN;
  }
}
