/**
 * Rolling maximum / minimum over the last `period` values (window includes the current one) and
 * Donchian channels (upper = rolling max of high, lower = rolling min of low, middle = their mean).
 * The first period-1 entries are NaN. Inputs must not contain NaN.
 *
 * Algorithms: batch uses van Herk / Gil-Werman blocks (three max operations per bar); streaming
 * keeps the current extremum and rescans its ring only when that extremum leaves the window.
 * The minimum is the maximum of the negated values (negation is exact). Results are input values,
 * so batch and streaming agree exactly.
 */
import { assertPeriod, assertSameLength, fillNaN, outArray } from './validate';

/**
 * Batch: van Herk / Gil-Werman blocks of `period` bars — the window ending at i is the suffix
 * maximum of the previous block joined with the prefix maximum of the current one, so every bar
 * costs three branch-free max operations whatever the data. sign = +1 for max, −1 for min.
 */
function rollingExtremum(kernel: string, src: Float64Array, period: number, sign: number, out: Float64Array | undefined): Float64Array {
  assertPeriod(kernel, 'period', period);
  const n = src.length;
  const o = outArray(kernel, n, out);
  fillNaN(o, 0, Math.min(period - 1, n));
  const suffix = new Float64Array(period);
  const last = period - 1;
  let prefix = -Infinity;
  let b = last;
  for (let i = 0; i < n; i++) {
    if (++b === period) {
      b = 0;
      prefix = -Infinity;
      if (i >= period) {
        let m = -Infinity;
        for (let j = last, k = i - 1; j >= 0; j--, k--) {
          m = Math.max(m, sign * src[k]!);
          suffix[j] = m;
        }
      }
    }
    prefix = Math.max(prefix, sign * src[i]!);
    if (i >= last) o[i] = sign * (b === last ? prefix : Math.max(suffix[b + 1]!, prefix));
  }
  return o;
}

export function rollingMax(src: Float64Array, period: number, out?: Float64Array): Float64Array {
  return rollingExtremum('rollingMax', src, period, 1, out);
}

export function rollingMin(src: Float64Array, period: number, out?: Float64Array): Float64Array {
  return rollingExtremum('rollingMin', src, period, -1, out);
}

export interface DonchianOut {
  upper: Float64Array;
  lower: Float64Array;
  middle: Float64Array;
}

export function donchian(high: Float64Array, low: Float64Array, period = 20, out?: DonchianOut): DonchianOut {
  const n = assertSameLength('donchian', high, low);
  const upper = rollingExtremum('donchian', high, period, 1, out?.upper);
  const lower = rollingExtremum('donchian', low, period, -1, out?.lower);
  const middle = outArray('donchian', n, out?.middle, 'out.middle');
  for (let i = 0; i < n; i++) middle[i] = (upper[i]! + lower[i]!) / 2;
  return out ?? { upper, lower, middle };
}

/** Streaming extremum over a ring of the last `period` inputs; `value` is NaN during warm-up. */
class Extremum {
  value = NaN;
  private readonly buf: Float64Array;
  private pos = 0;
  private count = 0;
  private best = -Infinity;
  private bestAt = -1;

  constructor(
    kernel: string,
    readonly period: number,
    private readonly sign: number,
  ) {
    assertPeriod(kernel, 'period', period);
    this.buf = new Float64Array(period);
  }

  next(x: number): number {
    const p = this.period;
    const sign = this.sign;
    const i = this.count++;
    const sx = sign * x;
    this.buf[this.pos] = sx;
    if (++this.pos === p) this.pos = 0;
    if (sx >= this.best) {
      this.best = sx;
      this.bestAt = i;
    } else if (this.bestAt <= i - p) {
      // The extremum left the window: rescan it oldest → newest (the ring's oldest slot is `pos`).
      let at = i - p + 1;
      let k = this.pos;
      let best = this.buf[k]!;
      let bestAt = at;
      for (let j = 1; j < p; j++) {
        if (++k === p) k = 0;
        at++;
        const v = this.buf[k]!;
        if (v >= best) {
          best = v;
          bestAt = at;
        }
      }
      this.best = best;
      this.bestAt = bestAt;
    }
    if (i >= p - 1) this.value = sign * this.best;
    return this.value;
  }

  reset(): void {
    this.buf.fill(0);
    this.pos = 0;
    this.count = 0;
    this.best = -Infinity;
    this.bestAt = -1;
    this.value = NaN;
  }
}

/** Streaming rolling maximum: `next(x)`. */
export class RollingMax extends Extremum {
  constructor(period: number) {
    super('RollingMax', period, 1);
  }
}

/** Streaming rolling minimum: `next(x)`. */
export class RollingMin extends Extremum {
  constructor(period: number) {
    super('RollingMin', period, -1);
  }
}

/** Streaming Donchian channels: `next(high, low)` updates `.upper .lower .middle`, returns middle. */
export class Donchian {
  upper = NaN;
  lower = NaN;
  middle = NaN;
  private readonly hi: Extremum;
  private readonly lo: Extremum;

  constructor(readonly period = 20) {
    this.hi = new Extremum('Donchian', period, 1);
    this.lo = new Extremum('Donchian', period, -1);
  }

  next(high: number, low: number): number {
    this.upper = this.hi.next(high);
    this.lower = this.lo.next(low);
    this.middle = (this.upper + this.lower) / 2;
    return this.middle;
  }

  reset(): void {
    this.hi.reset();
    this.lo.reset();
    this.upper = NaN;
    this.lower = NaN;
    this.middle = NaN;
  }
}
