/**
 * Rolling mean and POPULATION standard deviation over a fixed window — the numeric core shared by
 * `stdev`, `bollinger` and `zscore`.
 *
 * Numerics (stable on prices around 1e4–1e5 with tiny variances, where a naive sum of squares
 * cancels catastrophically): all sums run on deviations from a shift c (the newest value at the
 * last recompute; x − c is exact for nearby prices). The mean is c + S/period with S the running
 * sum of (x − c) exactly as in `sma` (so Bollinger's middle band is bit-identical to `sma`), and
 * the sum of squared deviations M2 follows the Welford replace-one update on shifted values
 *     M2 ← M2 + (x − old)·((x_c − m_new) + (old_c − m_old)),   m = S/period,
 * clamped at 0. Every time the bar count is a multiple of `period` S, c and M2 are recomputed
 * exactly (two passes, oldest→newest), so drift is bounded to `period` updates.
 * stdev = sqrt(M2 / period). Batch and streaming perform the same operations in the same order.
 */
import { assertPeriod } from './validate';

/** What the batch core writes per bar. */
export const MomentsOutput = { Stdev: 0, Bollinger: 1, ZScore: 2 } as const;
export type MomentsOutput = (typeof MomentsOutput)[keyof typeof MomentsOutput];

/** A σ at or below this fraction of |mean| is rounding noise on a flat window: z-score is NaN. */
export const FLAT_SD_RATIO = 1e-10;

/** dev/sd with dev = x − mean, or NaN when the window is flat (sd ≈ 0); batch and streaming share it. */
export function zOf(dev: number, mean: number, sd: number): number {
  return sd > FLAT_SD_RATIO * Math.abs(mean) ? dev / sd : NaN;
}

/**
 * Batch core. Writes, from index period-1 on: Stdev → o1 = sd; Bollinger → o1 = mean + k·sd,
 * o2 = mean, o3 = mean − k·sd; ZScore → o1 = (x − mean)/sd. Warm-up entries are left untouched.
 */
export function rollingMomentsInto(
  src: Float64Array,
  period: number,
  mode: MomentsOutput,
  k: number,
  o1: Float64Array,
  o2: Float64Array,
  o3: Float64Array,
): void {
  const n = src.length;
  let sum = 0;
  let c = 0;
  let m = 0;
  let m2 = 0;
  let untilRecompute = period;
  for (let i = 0; i < n; i++) {
    const x = src[i]!;
    untilRecompute--;
    if (untilRecompute === 0) {
      untilRecompute = period;
      c = x;
      let s = 0;
      for (let j = i - period + 1; j <= i; j++) s += src[j]! - c;
      sum = s;
      m = sum / period;
      let q = 0;
      for (let j = i - period + 1; j <= i; j++) {
        const d = src[j]! - c - m;
        q += d * d;
      }
      m2 = q;
    } else if (i >= period) {
      const xc = x - c;
      const oc = src[i - period]! - c;
      const mOld = m;
      sum = sum + xc - oc;
      m = sum / period;
      m2 = m2 + (xc - oc) * (xc - m + (oc - mOld));
      if (m2 < 0) m2 = 0;
    } else {
      continue;
    }
    const mean = c + m;
    const sd = Math.sqrt(m2 / period);
    if (mode === MomentsOutput.Stdev) {
      o1[i] = sd;
    } else if (mode === MomentsOutput.Bollinger) {
      o1[i] = mean + k * sd;
      o2[i] = mean;
      o3[i] = mean - k * sd;
    } else {
      o1[i] = zOf(x - c - m, mean, sd);
    }
  }
}

/** Streaming core: after `next(x)` returns true, `mean` and `sd` describe the current window. */
export class RollingMoments {
  readonly period: number;
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
    this.buf = new Float64Array(period);
  }

  /** Adds `x`; returns whether the window is full (mean and sd are valid). */
  next(x: number): boolean {
    const p = this.period;
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
      const m = s / p;
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
      const mOld = this.m;
      this.sum = this.sum + xc - oc;
      const m = this.sum / p;
      let m2 = this.m2 + (xc - oc) * (xc - m + (oc - mOld));
      if (m2 < 0) m2 = 0;
      this.m = m;
      this.m2 = m2;
    } else {
      return false;
    }
    this.mean = this.c + this.m;
    this.dev = x - this.c - this.m;
    this.sd = Math.sqrt(this.m2 / p);
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
