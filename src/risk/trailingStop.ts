/**
 * A trailing stop that only ever moves in the position's favour: for a long it follows the
 * highest high by a percentage or by k × ATR (rounded up to the tick, toward the price); for a
 * short, the lowest low (rounded down). Allocation-free so it can run per bar in a backtest.
 *
 * `update(high, low, atr)` first checks the bar against the stop that was in force when the bar
 * opened (a long is stopped out if low ≤ stop), then — if still open — trails using the bar's
 * extreme. Checking before trailing is the conservative order: inside one bar we do not know
 * whether the high came before the low.
 */
import { ceilToTick, floorToTick } from '../core/money';
import type { PositionSide } from './stops';

export type TrailBy = { readonly kind: 'percent'; readonly pct: number } | { readonly kind: 'atr'; readonly multiple: number };

export class TrailingStop {
  /** Current stop price. */
  stop: number;
  /** Best price seen since entry (highest high for a long, lowest low for a short). */
  extreme: number;
  /** True once the stop has been hit; further updates do nothing. */
  triggered = false;

  constructor(
    readonly side: PositionSide,
    readonly trail: TrailBy,
    readonly tick: number,
    entry: number,
    initialStop: number,
  ) {
    if (trail.kind === 'percent' && !(trail.pct > 0 && trail.pct < 1)) throw new RangeError('trailing percent must be in (0, 1)');
    if (trail.kind === 'atr' && !(trail.multiple > 0)) throw new RangeError('trailing ATR multiple must be positive');
    this.extreme = entry;
    this.stop = initialStop;
  }

  /** Feeds one bar; returns true when this bar hits the stop. `atr` is needed for ATR trailing only. */
  update(high: number, low: number, atr = NaN): boolean {
    if (this.triggered) return false;
    const long = this.side === 'long';
    if (long ? low <= this.stop : high >= this.stop) {
      this.triggered = true;
      return true;
    }
    if (long) {
      if (high > this.extreme) this.extreme = high;
    } else if (low < this.extreme) this.extreme = low;
    const dist = this.trail.kind === 'percent' ? this.extreme * this.trail.pct : this.trail.multiple * atr;
    if (!(dist > 0)) return false; // ATR not warmed up: keep the stop where it is
    if (long) {
      const c = ceilToTick(this.extreme - dist, this.tick);
      if (c > this.stop) this.stop = c;
    } else {
      const c = floorToTick(this.extreme + dist, this.tick);
      if (c < this.stop) this.stop = c;
    }
    return false;
  }
}
