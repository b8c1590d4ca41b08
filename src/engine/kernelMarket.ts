/**
 * What the kernel's bars tell the risk engine (risk/bookSnapshot.ts `BookMarket`), in every mode:
 *  - VaR per rupee of a symbol: z_α × σ of its last `varWindow` closed-bar returns scaled to one day (closed bars
 *    only: no look-ahead; the scaling is risk/barVolatility.ts's); fewer than `minVarReturns` returns give no estimate, and the limits then refuse new
 *    exposure in the symbol;
 *  - the equity at the start of an IST day: every account's cash plus its positions at the last close before the
 *    day (the mark when there is none).
 * The prices themselves (last price, its time) come from the mode's market: the kernel's marks in a backtest, the
 * ticks in paper and live.
 */
import type { PositionBook } from '../oms/positionBook';
import { varPerRupeeOfCloses } from '../risk/barVolatility';
import { normalQuantile } from '../risk/stats';
import { barCloseTime } from './barTime';
import type { Kernel } from './kernel';

export interface KernelMarketOptions {
  /** Bar returns used for a symbol's volatility (default 60). */
  readonly varWindow?: number;
  /** Fewer returns than this: no estimate (default 20). */
  readonly minVarReturns?: number;
  /** VaR confidence (default 0.95). */
  readonly varConfidence?: number;
}

export class KernelMarket {
  private readonly z: number;
  private readonly cache = new Map<string, { readonly last: number; readonly perRupee: number | undefined }>();

  constructor(
    private readonly kernel: Pick<Kernel, 'seriesOf' | 'interval'>,
    private readonly book: PositionBook,
    private readonly o: KernelMarketOptions = {},
  ) {
    this.z = normalQuantile(o.varConfidence ?? 0.95);
  }

  /** z·σ_day of the symbol's closed-bar returns, or undefined with too little history. */
  varPerRupee(symbol: string, time: number): number | undefined {
    const s = this.kernel.seriesOf(symbol);
    if (!s) return undefined;
    const interval = this.kernel.interval;
    let last = Math.min(s.length, s.lowerBound(time + 1)) - 1;
    while (last >= 0 && barCloseTime(s.time[last]!, interval) > time) last--;
    const cached = this.cache.get(symbol);
    if (cached && cached.last === last) return cached.perRupee;
    const window = this.o.varWindow ?? 60;
    const first = Math.max(1, last - window + 1);
    const n = last - first + 1;
    let value: number | undefined;
    if (n >= Math.max(2, this.o.minVarReturns ?? 20)) {
      value = varPerRupeeOfCloses(s.close, first, last, this.z, interval);
    }
    this.cache.set(symbol, { last, perRupee: value });
    return value;
  }

  /** Σ accounts' cash + positions at the last close before `dayStart` (the mark when there is none). */
  equityAtDayStart(dayStart: number, extraCash = 0): number {
    let e = extraCash;
    for (const a of this.book.accounts()) {
      e += a.cash;
      for (let j = 0; j < a.size; j++) {
        const q = a.position[j]!;
        if (q !== 0) e += q * (this.closeBefore(a.symbols[j]!, dayStart) ?? a.mark(j));
      }
    }
    return e;
  }

  /** The close of `symbol`'s last bar that began before `time` (undefined: the kernel has none). */
  closeBefore(symbol: string, time: number): number | undefined {
    const s = this.kernel.seriesOf(symbol);
    if (!s) return undefined;
    let k = Math.min(s.length, s.lowerBound(time)) - 1;
    while (k >= 0 && s.time[k]! >= time) k--;
    return k >= 0 ? s.close[k]! : undefined;
  }
}
