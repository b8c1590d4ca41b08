/**
 * Relative Strength Index with Wilder smoothing, NOT rounded.
 *
 * Convention (as TA-Lib): changes d_i = x_i − x_{i−1}; the average gain and loss are seeded with
 * the plain mean of the first `period` changes (d_1..d_period), so the first RSI is at index
 * `period` and entries 0..period-1 are NaN. Then avg ← (avg·(period−1) + current)/period.
 * RSI = 100·avgGain/(avgGain + avgLoss) (algebraically 100 − 100/(1+RS)); when both averages are
 * 0 (a flat window) the RSI is 50, the neutral value.
 * Note: technicalindicators rounds every RSI to 2 decimals (error up to 5e-3); this kernel does not.
 * Speed: gain = (d + |d|)/2 and loss = (|d| − d)/2 are exactly max(d, 0) and max(−d, 0) (doubling
 * and halving are exact), but branch-free: on real prices the sign of d is a coin flip, and a
 * mispredicted branch per bar cost 5× the whole kernel. A NaN input therefore makes every later
 * RSI NaN (never a misleading number); the branching form used to count it silently as "no change".
 * Batch and streaming perform the same floating-point operations in the same order.
 */
import { assertPeriod, fillNaN, outArray } from './validate';

function rsiOf(avgGain: number, avgLoss: number): number {
  const s = avgGain + avgLoss;
  return s === 0 ? 50 : (100 * avgGain) / s;
}

export function rsi(src: Float64Array, period = 14, out?: Float64Array): Float64Array {
  assertPeriod('rsi', 'period', period);
  const n = src.length;
  const o = outArray('rsi', n, out);
  fillNaN(o, 0, Math.min(period, n));
  if (n <= period) return o;
  let gain = 0;
  let loss = 0;
  let prev = src[0]!;
  for (let i = 1; i <= period; i++) {
    const x = src[i]!;
    const d = x - prev;
    prev = x;
    const ad = Math.abs(d);
    gain += (d + ad) * 0.5;
    loss += (ad - d) * 0.5;
  }
  let avgGain = gain / period;
  let avgLoss = loss / period;
  o[period] = rsiOf(avgGain, avgLoss);
  const pm1 = period - 1;
  const inv = 1 / period;
  for (let i = period + 1; i < n; i++) {
    const x = src[i]!;
    const d = x - prev;
    prev = x;
    const ad = Math.abs(d);
    avgGain = (avgGain * pm1 + (d + ad) * 0.5) * inv;
    avgLoss = (avgLoss * pm1 + (ad - d) * 0.5) * inv;
    o[i] = rsiOf(avgGain, avgLoss);
  }
  return o;
}

/** Streaming RSI: `next(x)` returns the current RSI (NaN during warm-up); allocates nothing. */
export class Rsi {
  readonly period: number;
  value = NaN;
  private count = 0;
  private prev = NaN;
  private avgGain = 0;
  private avgLoss = 0;

  constructor(period = 14) {
    assertPeriod('Rsi', 'period', period);
    this.period = period;
  }

  next(x: number): number {
    const p = this.period;
    const c = this.count++;
    const d = x - this.prev;
    this.prev = x;
    if (c === 0) return NaN;
    const ad = Math.abs(d);
    if (c > p) {
      const inv = 1 / p;
      this.avgGain = (this.avgGain * (p - 1) + (d + ad) * 0.5) * inv;
      this.avgLoss = (this.avgLoss * (p - 1) + (ad - d) * 0.5) * inv;
    } else {
      this.avgGain += (d + ad) * 0.5;
      this.avgLoss += (ad - d) * 0.5;
      if (c < p) return NaN;
      this.avgGain = this.avgGain / p;
      this.avgLoss = this.avgLoss / p;
    }
    this.value = rsiOf(this.avgGain, this.avgLoss);
    return this.value;
  }

  reset(): void {
    this.count = 0;
    this.prev = NaN;
    this.avgGain = 0;
    this.avgLoss = 0;
    this.value = NaN;
  }
}
