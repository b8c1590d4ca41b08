/**
 * A backtest's market as its risk engine and order pipeline read it (risk/bookSnapshot.ts BookMarket): the last
 * price is the book's mark (the bar's open while orders go out, its close after), the equity every account's cash
 * and positions at the marks, the day's start and VaR from the kernel's bars (engine/kernelMarket.ts). And its
 * clock: the start of the bar being run, when the orders decided at the previous close go out.
 */
import type { Clock } from '../core/clock';
import type { Kernel } from '../engine/kernel';
import type { KernelMarket } from '../engine/kernelMarket';
import type { PositionBook } from '../oms/positionBook';
import type { BookMarket } from '../risk/bookSnapshot';

export class BacktestMarket implements BookMarket {
  /** The kernel's bars (set once the kernel exists). */
  kernel: KernelMarket | undefined;

  constructor(private readonly book: PositionBook) {}

  price(symbol: string): number | undefined {
    const p = this.book.mark(symbol);
    return p > 0 ? p : undefined;
  }

  equity(): number {
    let e = 0;
    for (const a of this.book.accounts()) e += a.equity();
    return e;
  }

  equityAtDayStart(dayStart: number): number {
    return this.kernel!.equityAtDayStart(dayStart);
  }

  varPerRupee(symbol: string, time: number): number | undefined {
    return this.kernel!.varPerRupee(symbol, time);
  }
}

/** The time orders go out at: the start of the kernel's current bar. */
export class BarStartClock implements Clock {
  /** Set once the kernel exists. */
  kernel: Pick<Kernel, 'barStart'> | undefined;

  now(): number {
    return this.kernel!.barStart;
  }
}
