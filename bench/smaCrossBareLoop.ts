/**
 * The baseline of the sma-cross benchmarks: a bare typed-array loop with precomputed SMAs, a cross on bar i's
 * close, all cash into whole units at bar i+1's open, exit on the cross below, the open position marked at the
 * last close (the reference rules of shared/reference/performance.md). Returns the final equity.
 */
import type { BarSeries } from '../src/core/barSeries';
import { sma } from '../src/indicators/sma';

export function smaCrossBareLoop(b: BarSeries, fast: number, slow: number): number {
  const f = sma(b.close.subarray(0, b.length), fast);
  const s = sma(b.close.subarray(0, b.length), slow);
  const open = b.open;
  let cash = 1_000_000;
  let pos = 0;
  let want = 0;
  for (let i = 1; i < b.length; i++) {
    if (want === 1 && pos === 0) {
      pos = Math.floor(cash / open[i]!);
      cash -= pos * open[i]!;
    } else if (want === -1 && pos > 0) {
      cash += pos * open[i]!;
      pos = 0;
    }
    want = 0;
    if (f[i]! > s[i]! && f[i - 1]! <= s[i - 1]! && pos === 0) want = 1;
    else if (f[i]! < s[i]! && f[i - 1]! >= s[i - 1]!) want = -1;
  }
  return cash + pos * b.close[b.length - 1]!;
}
