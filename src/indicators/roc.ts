/**
 * Rate of change and momentum over `period` bars.
 *   roc[i]      = (x[i] − x[i−period]) / x[i−period] · 100   (percent, as technicalindicators)
 *   momentum[i] = x[i] − x[i−period]
 * The first `period` entries are NaN; a zero base price gives NaN for roc.
 * Batch and streaming compute the same expressions.
 */
import { assertPeriod, fillNaN, outArray } from './validate';

function rocOf(x: number, past: number): number {
  return past === 0 ? NaN : ((x - past) / past) * 100;
}

export function roc(src: Float64Array, period = 10, out?: Float64Array): Float64Array {
  assertPeriod('roc', 'period', period);
  const n = src.length;
  const o = outArray('roc', n, out);
  fillNaN(o, 0, Math.min(period, n));
  for (let i = period; i < n; i++) o[i] = rocOf(src[i]!, src[i - period]!);
  return o;
}

export function momentum(src: Float64Array, period = 10, out?: Float64Array): Float64Array {
  assertPeriod('momentum', 'period', period);
  const n = src.length;
  const o = outArray('momentum', n, out);
  fillNaN(o, 0, Math.min(period, n));
  for (let i = period; i < n; i++) o[i] = src[i]! - src[i - period]!;
  return o;
}

/** Ring of the last `period` inputs; `push` returns the value `period` bars ago (NaN before). */
class Lag {
  private readonly buf: Float64Array;
  private pos = 0;
  private count = 0;

  constructor(readonly period: number) {
    this.buf = new Float64Array(period);
  }

  push(x: number): number {
    const past = this.count++ >= this.period ? this.buf[this.pos]! : NaN;
    this.buf[this.pos] = x;
    if (++this.pos === this.period) this.pos = 0;
    return past;
  }

  reset(): void {
    this.buf.fill(0);
    this.pos = 0;
    this.count = 0;
  }
}

/** Streaming rate of change (percent): `next(x)`; NaN during warm-up. */
export class Roc {
  value = NaN;
  private readonly lag: Lag;

  constructor(readonly period = 10) {
    assertPeriod('Roc', 'period', period);
    this.lag = new Lag(period);
  }

  next(x: number): number {
    const past = this.lag.push(x);
    this.value = past === past ? rocOf(x, past) : NaN;
    return this.value;
  }

  reset(): void {
    this.lag.reset();
    this.value = NaN;
  }
}

/** Streaming momentum x − x[period bars ago]: `next(x)`; NaN during warm-up. */
export class Momentum {
  value = NaN;
  private readonly lag: Lag;

  constructor(readonly period = 10) {
    assertPeriod('Momentum', 'period', period);
    this.lag = new Lag(period);
  }

  next(x: number): number {
    this.value = x - this.lag.push(x);
    return this.value;
  }

  reset(): void {
    this.lag.reset();
    this.value = NaN;
  }
}
