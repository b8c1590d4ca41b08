/**
 * Venue-side exits of one backtest instance, checked on each bar's full range once the bar has
 * closed (before the strategy sees it), and booked straight to the instance's ledger — as a broker's
 * OCO/GTT exit or the broker's MIS square-off would change a live position without an order of ours:
 *
 * Attached stop-loss / take-profit (from a signal's `stop` / `takeProfit`), active from the bar the
 * entry fills on:
 *  - the bar opens through the stop (long: open ≤ stop) → exit at the open ± slippage (gap);
 *  - the bar opens through the take-profit (long: open ≥ target) → exit at the open;
 *  - else the stop is touched (long: low ≤ stop) → exit at the stop ± slippage (a stop-market order);
 *  - else the take-profit is touched (long: high ≥ target) → exit at the target (a limit order);
 *  - both touched in one bar: the order inside the bar is unknown, so by default the STOP is assumed
 *    first (the pessimistic choice); `bothTouched: 'take-profit-first'` picks the target instead.
 *  Shorts mirror this. A flat signal drops the levels, as does a filled exit.
 *
 * MIS square-off: an intraday position still open at the close of the first bar that closes at or
 * after the day's square-off time (15:20 IST on regular days, from the NSE calendar) is closed at that
 * bar's close ± slippage; signals that would open MIS positions later that day are dropped.
 */
import type { NseCalendar } from '../calendar/nseCalendar';
import { istDayIndex } from '../calendar/ist';
import type { CostModel } from '../core/costs/types';
import type { Product, Side } from '../core/order';
import type { Signal } from '../core/signal';
import type { BarContext, JsonObject, Params } from '../core/strategy';
import type { InstanceLedger } from '../engine/ledger';
import { slippedPrice } from '../brokers/paper/simulatedFills';
import { chargesOf } from './backtestVenue';
import type { BothTouched, ExitReason, FillRecord } from './types';

export interface ExitDeskOptions {
  readonly symbols: readonly string[];
  readonly product: Product;
  readonly costs: CostModel;
  readonly slippageBps: number;
  readonly tickSize: number;
  readonly bothTouched: BothTouched;
  readonly calendar: NseCalendar;
  readonly record: (fill: FillRecord) => void;
}

export class ExitDesk {
  /** Set once the instance exists (the kernel creates the ledger). */
  ledger: InstanceLedger | undefined;
  private readonly stop: Float64Array;
  private readonly target: Float64Array;
  private readonly local = new Map<string, number>();
  private armed = 0;
  private squareOffDay = -1;
  private squareOffAt = NaN;
  private readonly tick: number | undefined;

  constructor(private readonly o: ExitDeskOptions) {
    const n = o.symbols.length;
    this.stop = new Float64Array(n).fill(NaN);
    this.target = new Float64Array(n).fill(NaN);
    o.symbols.forEach((s, j) => this.local.set(s, j));
    this.tick = o.tickSize > 0 ? o.tickSize : undefined;
  }

  /** Whether anything needs checking per bar (no stops armed and CNC: the loop skips the call). */
  get active(): boolean {
    return this.armed > 0 || this.o.product === 'MIS';
  }

  /** Exits for every symbol with a new bar at this step; call after the bar closed, before the strategy. */
  check(ctx: BarContext<Params, JsonObject>): void {
    const ledger = this.ledger;
    if (!ledger) return;
    const n = this.o.symbols.length;
    for (let j = 0; j < n; j++) {
      if (!ctx.updated(j)) continue;
      const pos = ledger.position[j]!;
      if (pos === 0) continue;
      const bars = ctx.universe[j]!;
      const i = bars.i;
      if (this.armed > 0 && (this.stop[j] === this.stop[j] || this.target[j] === this.target[j])) {
        if (this.checkLevels(j, pos, bars.time(i), bars.open(i), bars.high(i), bars.low(i))) continue;
      }
      if (this.o.product === 'MIS' && ctx.time >= this.squareOffTime(bars.time(i))) {
        const side: Side = pos > 0 ? 'SELL' : 'BUY';
        this.book(j, pos, slippedPrice(bars.close(i), side, this.o.slippageBps, this.tick), bars.time(i), 'mis-square-off');
      }
    }
  }

  /** Remembers attached levels; drops MIS entries after the square-off. Returns the signals to pass on. */
  filter(signals: readonly Signal[], time: number): readonly Signal[] {
    let out: Signal[] | undefined;
    for (let k = 0; k < signals.length; k++) {
      const s = signals[k]!;
      const j = this.local.get(s.symbol);
      const late = this.o.product === 'MIS' && s.direction !== 'flat' && time >= this.squareOffTime(time);
      if (late) {
        out ??= signals.slice(0, k);
        continue;
      }
      if (j !== undefined) this.arm(j, s);
      out?.push(s);
    }
    return out ?? signals;
  }

  private arm(j: number, s: Signal): void {
    const had = this.stop[j] === this.stop[j] || this.target[j] === this.target[j];
    this.stop[j] = s.direction === 'flat' || s.stop === undefined ? NaN : s.stop;
    this.target[j] = s.direction === 'flat' || s.takeProfit === undefined ? NaN : s.takeProfit;
    const has = this.stop[j] === this.stop[j] || this.target[j] === this.target[j];
    this.armed += (has ? 1 : 0) - (had ? 1 : 0);
  }

  private disarm(j: number): void {
    if (this.stop[j] === this.stop[j] || this.target[j] === this.target[j]) this.armed--;
    this.stop[j] = NaN;
    this.target[j] = NaN;
  }

  /** Stop / take-profit on one bar; returns whether the position was closed. */
  private checkLevels(j: number, pos: number, time: number, open: number, high: number, low: number): boolean {
    const long = pos > 0;
    const stop = this.stop[j]!;
    const target = this.target[j]!;
    const exitSide: Side = long ? 'SELL' : 'BUY';
    const slip = (p: number): number => slippedPrice(p, exitSide, this.o.slippageBps, this.tick);
    // NaN levels compare false everywhere, so a missing leg never fires.
    if (long ? open <= stop : open >= stop) return this.book(j, pos, slip(open), time, 'stop-loss');
    if (long ? open >= target : open <= target) return this.book(j, pos, open, time, 'take-profit');
    const stopHit = long ? low <= stop : high >= stop;
    const targetHit = long ? high >= target : low <= target;
    if (stopHit && (!targetHit || this.o.bothTouched === 'stop-first')) return this.book(j, pos, slip(stop), time, 'stop-loss');
    if (targetHit) return this.book(j, pos, target, time, 'take-profit');
    return false;
  }

  private book(j: number, pos: number, price: number, time: number, exit: ExitReason): boolean {
    const ledger = this.ledger!;
    const symbol = this.o.symbols[j]!;
    const side: Side = pos > 0 ? 'SELL' : 'BUY';
    const quantity = Math.abs(pos);
    const charges = chargesOf(this.o.costs, side, quantity, price, this.o.product, time, symbol);
    ledger.apply(j, -pos, price, charges.total);
    this.disarm(j);
    this.o.record({ symbol, side, quantity, price, time, charges, reason: exit, exit });
    return true;
  }

  /** Square-off instant of the IST day of `t` (cached per day). */
  private squareOffTime(t: number): number {
    const day = istDayIndex(t);
    if (day !== this.squareOffDay) {
      this.squareOffDay = day;
      this.squareOffAt = this.o.calendar.misSquareOffTime(t) ?? Infinity;
    }
    return this.squareOffAt;
  }
}
