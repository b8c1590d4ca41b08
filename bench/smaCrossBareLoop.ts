/**
 * The baseline of the sma-cross benchmarks: a bare typed-array loop with precomputed SMAs, a cross on bar i's
 * close, all cash into whole units at bar i+1's open, exit on the cross below, the open position marked at the
 * last close (the reference rules of shared/reference/performance.md). Returns the final equity.
 * The cross is the sign of SMA(fast) − SMA(slow) with exact ties, as the strategy decides it (issue #15, item 6).
 */
import type { BarSeries } from '../src/core/barSeries';
import { SMA_TIE_TOLERANCE, smaCrossSign } from '../src/indicators/exactTies';
import { sma } from '../src/indicators/sma';

/**
 * The two SMA arrays, kept between calls: the benchmarks interleave this loop with the engine, and 16 MB of fresh
 * typed arrays per call would bill the engine's runs for collections of the baseline's garbage.
 */
let scratch: { fast: Float64Array; slow: Float64Array } | undefined;

export function smaCrossBareLoop(b: BarSeries, fast: number, slow: number): number {
  if (scratch === undefined || scratch.fast.length !== b.length) scratch = { fast: new Float64Array(b.length), slow: new Float64Array(b.length) };
  const f = sma(b.close.subarray(0, b.length), fast, scratch.fast);
  const s = sma(b.close.subarray(0, b.length), slow, scratch.slow);
  const open = b.open;
  const close = b.close;
  let cash = 1_000_000;
  let pos = 0;
  let want = 0;
  let before = NaN;
  const tie = SMA_TIE_TOLERANCE;
  for (let i = 1; i < b.length; i++) {
    if (want === 1 && pos === 0) {
      pos = Math.floor(cash / open[i]!);
      cash -= pos * open[i]!;
    } else if (want === -1 && pos > 0) {
      cash += pos * open[i]!;
      pos = 0;
    }
    want = 0;
    const d = f[i]! - s[i]!;
    // The float sign unless within the tie tolerance, where the exact decision is taken (rare).
    const now = Math.abs(d) > tie * Math.max(Math.abs(f[i]!), Math.abs(s[i]!)) ? Math.sign(d) : smaCrossSign(close, i, fast, slow, f[i]!, s[i]!);
    if (now > 0 && before <= 0 && pos === 0) want = 1;
    else if (now < 0 && before >= 0) want = -1;
    before = now;
  }
  return cash + pos * b.close[b.length - 1]!;
}
