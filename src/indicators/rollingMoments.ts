/**
 * Rolling mean and POPULATION standard deviation over a fixed window — the numeric core shared by
 * `stdev`, `bollinger` and `zscore`.
 *
 * Numerics (stable on prices around 1e4–1e5 with tiny variances, where a naive sum of squares
 * cancels catastrophically): all sums run on deviations from a shift c (the newest value at the
 * last recompute; x − c is exact for nearby prices). The mean is c + S/period with S the running
 * sum of (x − c) exactly as in `sma` (so Bollinger's middle band is bit-identical to `sma`), and
 * the sum of squared deviations M2 follows the Welford replace-one update on shifted values
 *     d = x_c − old_c,  S ← S + d,  m = S·r,  M2 ← M2 + d·((x_c − m_new) + (old_c − m_old)),
 * clamped at 0, with r = 1/period. Every time the bar count is a multiple of `period` S, c and M2
 * are recomputed exactly (two passes, oldest→newest), so drift is bounded to `period` updates.
 * stdev = sqrt(M2·r).
 * Multiplying by r rather than dividing by `period` moves m (a small deviation from c) and σ by at
 * most about an ulp of themselves, far inside the 1e-9 the tests demand, and it halves the time:
 * two divisions and a square root per bar saturate the CPU's divide/sqrt unit (measured on the
 * bench machine: Bollinger 10 → 4.7 ms per 1M bars).
 *
 * The batch kernels (stdev.ts, bollinger.ts, zscore.ts) each run their own block loop — one
 * `recomputeMoments`, then period−1 updates with no per-bar branch on warm-up or output kind —
 * and perform exactly the operations of `RollingMoments.next`, so batch equals streaming bit for bit.
 * Hot loops call no imported function per bar: under the CommonJS transpilers used here (tsx,
 * @swc/jest) an imported binding is a getter on the module object, which doubled z-score's time.
 */
import { assertPeriod } from './validate';

/**
 * A fresh scratch state for one batch pass: [0] c, [1] sum, [2] m, [3] m2. (Read it with literal
 * indices: indices imported as constants are module-object loads that cost the loop ~50%.)
 */
export function momentsState(): Float64Array {
  return new Float64Array(4);
}

/** Exact recompute over the window ending at `end`: c = src[end], sum, m = sum·inv, m2 (inv = 1/period). */
export function recomputeMoments(src: Float64Array, end: number, period: number, inv: number, st: Float64Array): void {
  const c = src[end]!;
  const from = end - period + 1;
  let s = 0;
  for (let j = from; j <= end; j++) s += src[j]! - c;
  const m = s * inv;
  let q = 0;
  for (let j = from; j <= end; j++) {
    const d = src[j]! - c - m;
    q += d * d;
  }
  st[0] = c;
  st[1] = s;
  st[2] = m;
  st[3] = q;
}

/** Streaming core: after `next(x)` returns true, `mean` and `sd` describe the current window. */
export class RollingMoments {
  readonly period: number;
  readonly inv: number;
  mean = NaN;
  sd = NaN;
  /** x − mean of the latest input, computed on shifted values for full precision. */
  dev = NaN;
  private readonly buf: Float64Array;
  private pos = 0;
  private count = 0;
  private sum = 0;
  private c = 0;
  private m = 0;
  private m2 = 0;

  constructor(kernel: string, period: number) {
    assertPeriod(kernel, 'period', period);
    this.period = period;
    this.inv = 1 / period;
    this.buf = new Float64Array(period);
  }

  /** Adds `x`; returns whether the window is full (mean and sd are valid). */
  next(x: number): boolean {
    const p = this.period;
    const inv = this.inv;
    const buf = this.buf;
    const old = buf[this.pos]!;
    buf[this.pos] = x;
    this.count++;
    if (++this.pos === p) {
      this.pos = 0;
      const c = x;
      let s = 0;
      for (let j = 0; j < p; j++) s += buf[j]! - c;
      this.sum = s;
      const m = s * inv;
      let q = 0;
      for (let j = 0; j < p; j++) {
        const d = buf[j]! - c - m;
        q += d * d;
      }
      this.c = c;
      this.m = m;
      this.m2 = q;
    } else if (this.count > p) {
      const c = this.c;
      const xc = x - c;
      const oc = old - c;
      const d = xc - oc;
      this.sum = this.sum + d;
      const m = this.sum * inv;
      let m2 = this.m2 + d * (xc - m + (oc - this.m));
      if (m2 < 0) m2 = 0;
      this.m = m;
      this.m2 = m2;
    } else {
      return false;
    }
    this.mean = this.c + this.m;
    this.dev = x - this.c - this.m;
    this.sd = Math.sqrt(this.m2 * inv);
    return true;
  }

  reset(): void {
    this.buf.fill(0);
    this.pos = 0;
    this.count = 0;
    this.sum = 0;
    this.c = 0;
    this.m = 0;
    this.m2 = 0;
    this.mean = NaN;
    this.sd = NaN;
    this.dev = NaN;
  }
}
