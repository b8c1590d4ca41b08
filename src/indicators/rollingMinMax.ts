/**
 * Rolling maximum / minimum over the last `period` values (window includes the current one) and
 * Donchian channels (upper = rolling max of high, lower = rolling min of low, middle = their mean).
 * The first period-1 entries are NaN. Inputs must be finite (no NaN, no ±Infinity).
 *
 * Algorithms: batch uses van Herk / Gil-Werman blocks (three branch-free comparisons per bar); streaming
 * keeps the current extremum and rescans its ring only when that extremum leaves the window (the
 * streaming minimum is the maximum of the negated values; negation is exact). Results are input
 * values, so batch and streaming agree exactly.
 */
import { assertPeriod, assertSameLength, fillNaN, outArray } from './validate';

/**
 * Branch-free exact max/min of two finite numbers: t = Number(a > b) is a 0/1 flag with no jump,
 * and a·t + b·(1 − t) is exactly a or b (a product with 0 or 1 is exact, adding ±0 is exact).
 * On prices a compare-and-branch is mispredicted at every new running high or low; the branching
 * version (ternary or Math.max) took 4× longer on a random walk than on a trend.
 */
function maxOf(a: number, b: number): number {
  const t = Number(a > b);
  return a * t + b * (1 - t);
}

function minOf(a: number, b: number): number {
  const t = Number(a < b);
  return a * t + b * (1 - t);
}

/*
 * Batch: van Herk / Gil-Werman blocks of `period` bars. The window ending at bar s+j of the block
 * starting at s is the suffix extremum of the previous block from s−period+j+1 joined with the
 * prefix extremum of the current block up to s+j, so every bar costs three comparisons whatever
 * the data. The select chains are latency-bound, so each block's loop runs its forward prefix
 * chain together with the backward suffix chain of the same block (needed by the next block): the
 * two independent chains overlap in the CPU. Suffix arrays have one spare slot, set to the block's
 * last value, so the last bar needs no special case (max(last, prefix) = prefix there).
 * `sign` = +1 gives the maximum, −1 the minimum (as −max(−x); negation is exact).
 */
function rollingExtremumInto(src: Float64Array, period: number, sign: number, o: Float64Array): void {
  const n = src.length;
  if (n < period) return;
  let prev = new Float64Array(period + 1);
  let next = new Float64Array(period + 1);
  let prefix = sign * src[0]!;
  let suffix = sign * src[period - 1]!;
  for (let j = 0; j < period; j++) {
    prefix = maxOf(sign * src[j]!, prefix);
    const q = period - 1 - j;
    suffix = maxOf(sign * src[q]!, suffix);
    prev[q] = suffix;
  }
  o[period - 1] = sign * prefix;
  let s = period;
  for (; s + period <= n; s += period) {
    const lastValue = sign * src[s + period - 1]!;
    prev[period] = lastValue;
    prefix = sign * src[s]!;
    suffix = lastValue;
    for (let j = 0; j < period; j++) {
      prefix = maxOf(sign * src[s + j]!, prefix);
      o[s + j] = sign * maxOf(prev[j + 1]!, prefix);
      const q = period - 1 - j;
      suffix = maxOf(sign * src[s + q]!, suffix);
      next[q] = suffix;
    }
    const t = prev;
    prev = next;
    next = t;
  }
  if (s < n) {
    prefix = sign * src[s]!;
    for (let i = s, j = 1; i < n; i++, j++) {
      prefix = maxOf(sign * src[i]!, prefix);
      o[i] = sign * maxOf(prev[j]!, prefix);
    }
  }
}

export function rollingMax(src: Float64Array, period: number, out?: Float64Array): Float64Array {
  assertPeriod('rollingMax', 'period', period);
  const o = outArray('rollingMax', src.length, out);
  fillNaN(o, 0, Math.min(period - 1, src.length));
  rollingExtremumInto(src, period, 1, o);
  return o;
}

export function rollingMin(src: Float64Array, period: number, out?: Float64Array): Float64Array {
  assertPeriod('rollingMin', 'period', period);
  const o = outArray('rollingMin', src.length, out);
  fillNaN(o, 0, Math.min(period - 1, src.length));
  rollingExtremumInto(src, period, -1, o);
  return o;
}

export interface DonchianOut {
  upper: Float64Array;
  lower: Float64Array;
  middle: Float64Array;
}

/** Donchian channels in one pass: the four block chains of rollingExtremumInto and the middle line. */
export function donchian(high: Float64Array, low: Float64Array, period = 20, out?: DonchianOut): DonchianOut {
  assertPeriod('donchian', 'period', period);
  const n = assertSameLength('donchian', high, low);
  const upper = outArray('donchian', n, out?.upper, 'out.upper');
  const lower = outArray('donchian', n, out?.lower, 'out.lower');
  const middle = outArray('donchian', n, out?.middle, 'out.middle');
  const w = Math.min(period - 1, n);
  fillNaN(upper, 0, w);
  fillNaN(lower, 0, w);
  fillNaN(middle, 0, w);
  if (n < period) return out ?? { upper, lower, middle };
  let prevHi = new Float64Array(period + 1);
  let prevLo = new Float64Array(period + 1);
  let nextHi = new Float64Array(period + 1);
  let nextLo = new Float64Array(period + 1);
  let preHi = high[0]!;
  let preLo = low[0]!;
  let sufHi = high[period - 1]!;
  let sufLo = low[period - 1]!;
  for (let j = 0; j < period; j++) {
    preHi = maxOf(high[j]!, preHi);
    preLo = minOf(low[j]!, preLo);
    const q = period - 1 - j;
    sufHi = maxOf(high[q]!, sufHi);
    sufLo = minOf(low[q]!, sufLo);
    prevHi[q] = sufHi;
    prevLo[q] = sufLo;
  }
  upper[period - 1] = preHi;
  lower[period - 1] = preLo;
  middle[period - 1] = (preHi + preLo) / 2;
  let s = period;
  for (; s + period <= n; s += period) {
    const last = s + period - 1;
    sufHi = high[last]!;
    sufLo = low[last]!;
    prevHi[period] = sufHi;
    prevLo[period] = sufLo;
    preHi = high[s]!;
    preLo = low[s]!;
    for (let j = 0; j < period; j++) {
      const i = s + j;
      preHi = maxOf(high[i]!, preHi);
      preLo = minOf(low[i]!, preLo);
      const u = maxOf(prevHi[j + 1]!, preHi);
      const d = minOf(prevLo[j + 1]!, preLo);
      upper[i] = u;
      lower[i] = d;
      middle[i] = (u + d) / 2;
      const q = period - 1 - j;
      sufHi = maxOf(high[s + q]!, sufHi);
      sufLo = minOf(low[s + q]!, sufLo);
      nextHi[q] = sufHi;
      nextLo[q] = sufLo;
    }
    let t = prevHi;
    prevHi = nextHi;
    nextHi = t;
    t = prevLo;
    prevLo = nextLo;
    nextLo = t;
  }
  if (s < n) {
    preHi = high[s]!;
    preLo = low[s]!;
    for (let i = s, j = 1; i < n; i++, j++) {
      preHi = maxOf(high[i]!, preHi);
      preLo = minOf(low[i]!, preLo);
      const u = maxOf(prevHi[j]!, preHi);
      const d = minOf(prevLo[j]!, preLo);
      upper[i] = u;
      lower[i] = d;
      middle[i] = (u + d) / 2;
    }
  }
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
