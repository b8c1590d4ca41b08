/**
 * True range: max(high − low, |high − prevClose|, |low − prevClose|).
 * Convention: the first bar has no previous close, so TR[0] = high[0] − low[0] (never NaN).
 * Batch and streaming compute the same expression.
 */
import { assertSameLength, outArray } from './validate';

/**
 * True range of one bar given the previous close (NaN previous close → high − low: the NaN
 * comparisons are false, so no separate test is needed). The batch loops of `trueRange` and `atr`
 * write this expression out rather than call it: an imported function is reached through a
 * module getter under the CommonJS transpilers, which costs a hot loop dearly.
 */
export function trueRangeOf(high: number, low: number, prevClose: number): number {
  let tr = high - low;
  const hc = Math.abs(high - prevClose);
  const lc = Math.abs(low - prevClose);
  if (hc > tr) tr = hc;
  if (lc > tr) tr = lc;
  return tr;
}

export function trueRange(high: Float64Array, low: Float64Array, close: Float64Array, out?: Float64Array): Float64Array {
  const n = assertSameLength('trueRange', high, low, close);
  const o = outArray('trueRange', n, out);
  if (n === 0) return o;
  o[0] = high[0]! - low[0]!;
  let pc = close[0]!;
  for (let i = 1; i < n; i++) {
    const h = high[i]!;
    const l = low[i]!;
    let tr = h - l;
    const hc = Math.abs(h - pc);
    const lc = Math.abs(l - pc);
    if (hc > tr) tr = hc;
    if (lc > tr) tr = lc;
    o[i] = tr;
    pc = close[i]!;
  }
  return o;
}

/** Streaming true range: `next(high, low, close)`; allocates nothing. */
export class TrueRange {
  value = NaN;
  private prevClose = NaN;

  next(high: number, low: number, close: number): number {
    this.value = trueRangeOf(high, low, this.prevClose);
    this.prevClose = close;
    return this.value;
  }

  reset(): void {
    this.prevClose = NaN;
    this.value = NaN;
  }
}
