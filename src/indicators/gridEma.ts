/**
 * Exponential moving averages for exact crossing decisions (issue #15, item 6). An EMA of decimal prices
 * is a rational whose denominator grows without bound, so "exact" needs a defined grid: here each EMA
 * is kept in integers of 10⁻⁸ rupee, e_t = e_{t−1} + round(2·(x_t − e_{t−1}) / (n + 1)) with round half
 * to even, seeded with round(Σ first n / n) — the float `ema` recursion (same seed, same α = 2/(n+1))
 * carried on the grid. It stays within (n + 1)/4 grid units (far under a paisa) of the exact rational
 * EMA, and the sign of fast − slow is an integer comparison: identical in batch and streaming, a tie only
 * when the two grid values are equal. (With floats, two EMAs of a flat stretch both round to the price
 * and "tie" although the exact EMAs never meet; on the grid they stay apart as they do exactly.)
 * Prices beyond ±9·10⁷ rupees (outside the grid's safe range) throw.
 */
import { assertPeriod, outArray } from './validate';

const UNIT = 1e8;
const LIMIT = 9e7;

function units(x: number): number {
  if (!(Math.abs(x) < LIMIT)) throw new RangeError(`gridEma: price ${x} is outside ±${LIMIT}`);
  return Math.round(x * UNIT);
}

/** round(num / den), half to even, for safe integers num and a positive integer den. */
function divHalfEven(num: number, den: number): number {
  let q = Math.floor(num / den);
  let r = num - q * den;
  if (r < 0) {
    q -= 1;
    r += den;
  } else if (r >= den) {
    q += 1;
    r -= den;
  }
  if (2 * r > den || (2 * r === den && q % 2 !== 0)) q += 1;
  return q;
}

/** Streaming EMA on the 10⁻⁸-rupee grid; `next` returns the grid value (integer), NaN during warm-up. */
export class GridEma {
  readonly period: number;
  value = NaN;
  private count = 0;
  private seed = 0n;

  constructor(period: number) {
    assertPeriod('GridEma', 'period', period);
    this.period = period;
  }

  next(x: number): number {
    const u = units(x);
    if (this.count >= this.period) {
      this.value += divHalfEven(2 * (u - this.value), this.period + 1);
      return this.value;
    }
    this.seed += BigInt(u);
    if (++this.count === this.period) {
      const n = BigInt(this.period);
      // Half to even of seed / n in BigInt (the sum of n prices may pass 2⁵³).
      const q = this.seed / n - (this.seed % n < 0n ? 1n : 0n);
      const r = this.seed - q * n;
      this.value = Number(2n * r > n || (2n * r === n && q % 2n !== 0n) ? q + 1n : q);
    }
    return this.value;
  }
}

/** Sign of EMA(fast) − EMA(slow) on the grid for every bar (NaN until both are seeded). */
export function emaCrossSigns(src: Float64Array, fast: number, slow: number, out?: Float64Array): Float64Array {
  const o = outArray('emaCrossSigns', src.length, out);
  const cross = new EmaCross(fast, slow);
  for (let i = 0; i < src.length; i++) o[i] = cross.next(src[i]!);
  return o;
}

/** Streaming sign of EMA(fast) − EMA(slow) on the grid. */
export class EmaCross {
  private readonly fast: GridEma;
  private readonly slow: GridEma;

  constructor(fast: number, slow: number) {
    this.fast = new GridEma(fast);
    this.slow = new GridEma(slow);
  }

  next(x: number): number {
    const f = this.fast.next(x);
    const s = this.slow.next(x);
    return Number.isNaN(f) || Number.isNaN(s) ? NaN : Math.sign(f - s);
  }
}
