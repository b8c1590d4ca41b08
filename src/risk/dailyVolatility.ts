/**
 * Paper and live: the volatility of a symbol no strategy streams (a rebalance's or a manual order's symbol), from
 * its daily closes — so the VaR limit can judge the order instead of refusing it for want of history. `prepare`
 * reads the last `lookbackDays` calendar days of daily bars from the mode's history (Kite historical in live, the
 * generated market in paper) once per IST day and symbol (a failed read is tried again at the next prepare); `perRupee` answers from memory (the risk check is
 * synchronous). The estimate is risk/barVolatility.ts's over the last `window` daily returns (at least
 * `minReturns`); a symbol whose history cannot be read has none, and the VaR limit refuses new exposure in it with
 * that reason.
 */
import { istMidnight } from '../calendar/ist';
import type { Clock } from '../core/clock';
import { varPerRupeeOfCloses } from './barVolatility';
import { normalQuantile } from './stats';
import type { BarSeries } from '../core/barSeries';
import type { Result } from '../core/result';

/** What the estimate reads: a symbol's daily bars over [from, to) (epoch ms), or why there are none. */
export interface DailyBars {
  bars(req: { readonly symbol: string; readonly interval: 'day'; readonly from: number; readonly to: number }): Promise<Result<BarSeries, string>>;
}

export interface DailyVolatilityOptions {
  /** The mode's daily bars (the services' BarHistory: Kite historical in live, the generated market in paper). */
  readonly history: DailyBars;
  readonly clock: Clock;
  /** Daily returns used (default 60, as the kernel's bars). */
  readonly window?: number;
  /** Fewer returns: no estimate (default 20). */
  readonly minReturns?: number;
  /** Calendar days of history read (default 120: about 80 sessions). */
  readonly lookbackDays?: number;
  readonly confidence?: number;
}

interface Estimate {
  readonly day: number;
  readonly perRupee: number | undefined;
  readonly problem?: string;
}

export class DailyVolatility {
  private readonly z: number;
  private readonly estimates = new Map<string, Estimate>();
  private readonly loading = new Map<string, Promise<void>>();

  constructor(private readonly o: DailyVolatilityOptions) {
    this.z = normalQuantile(o.confidence ?? 0.95);
  }

  /** The day's estimate of `symbol`, or undefined when it is not prepared or the history was too short. */
  perRupee(symbol: string): number | undefined {
    return this.estimates.get(symbol)?.perRupee;
  }

  /** Why `symbol` has no estimate (undefined when it has one or was never asked for). */
  problem(symbol: string): string | undefined {
    return this.estimates.get(symbol)?.problem;
  }

  /** Reads the daily history of the symbols without today's estimate (each once, however many ask at once). */
  async prepare(symbols: Iterable<string>): Promise<void> {
    const today = istMidnight(this.o.clock.now());
    const waits: Promise<void>[] = [];
    for (const s of symbols) {
      if (this.estimates.get(s)?.day === today) continue;
      let p = this.loading.get(s);
      if (!p) {
        p = this.load(s, today).finally(() => this.loading.delete(s));
        this.loading.set(s, p);
      }
      waits.push(p);
    }
    await Promise.all(waits);
  }

  private async load(symbol: string, today: number): Promise<void> {
    const days = this.o.lookbackDays ?? 120;
    const r = await this.o.history.bars({ symbol, interval: 'day', from: today - days * 86_400_000, to: today }).catch((e: unknown) => ({ ok: false as const, error: e instanceof Error ? e.message : String(e) }));
    if (!r.ok) {
      // Not kept for the day: the next order asks again (e.g. after the Kite login).
      this.estimates.set(symbol, { day: Number.NaN, perRupee: undefined, problem: r.error });
      return;
    }
    const close = r.value.close;
    const last = r.value.length - 1;
    const first = Math.max(1, last - (this.o.window ?? 60) + 1);
    const n = last - first + 1;
    if (n < Math.max(2, this.o.minReturns ?? 20)) {
      this.estimates.set(symbol, { day: today, perRupee: undefined, problem: `only ${Math.max(0, n)} daily returns of ${symbol} before today` });
      return;
    }
    this.estimates.set(symbol, { day: today, perRupee: varPerRupeeOfCloses(close, first, last, this.z, 'day') });
  }
}
