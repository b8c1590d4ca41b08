/**
 * MACD: macd = EMA(fast) − EMA(slow), signal = EMA(signal) of macd, histogram = macd − signal.
 *
 * Convention (as technicalindicators with SimpleMAOscillator/SimpleMASignal = false): standard
 * α = 2/(n+1); each EMA is seeded with the SMA of its first n inputs (see ema.ts), both price EMAs
 * starting at bar 0. macd is defined from index slow−1, signal and histogram from index
 * slow+signal−2; earlier entries are NaN. Requires fast < slow.
 * Batch and streaming perform the same floating-point operations in the same order.
 */
import { Ema } from './ema';
import { assertPeriod, fillNaN, outArray } from './validate';

export interface MacdOut {
  macd: Float64Array;
  signal: Float64Array;
  histogram: Float64Array;
}

function checkParams(kernel: string, fast: number, slow: number, signal: number): void {
  assertPeriod(kernel, 'fast', fast);
  assertPeriod(kernel, 'slow', slow);
  assertPeriod(kernel, 'signal', signal);
  if (fast >= slow) throw new RangeError(`${kernel}: fast (${fast}) must be shorter than slow (${slow})`);
}

export function macd(src: Float64Array, fast = 12, slow = 26, signal = 9, out?: MacdOut): MacdOut {
  checkParams('macd', fast, slow, signal);
  const n = src.length;
  const m = outArray('macd', n, out?.macd, 'out.macd');
  const s = outArray('macd', n, out?.signal, 'out.signal');
  const h = outArray('macd', n, out?.histogram, 'out.histogram');
  fillNaN(m, 0, Math.min(slow - 1, n));
  fillNaN(s, 0, Math.min(slow + signal - 2, n));
  fillNaN(h, 0, Math.min(slow + signal - 2, n));
  const fa = 2 / (fast + 1);
  const sa = 2 / (slow + 1);
  const ga = 2 / (signal + 1);
  let fSum = 0;
  let sSum = 0;
  let gSum = 0;
  let fE = NaN;
  let sE = NaN;
  let gE = NaN;
  for (let i = 0; i < n; i++) {
    const x = src[i]!;
    if (i >= fast) fE = (x - fE) * fa + fE;
    else {
      fSum += x;
      if (i === fast - 1) fE = fSum / fast;
    }
    if (i >= slow) sE = (x - sE) * sa + sE;
    else {
      sSum += x;
      if (i === slow - 1) sE = sSum / slow;
      else continue;
    }
    const v = fE - sE;
    m[i] = v;
    const j = i - slow + 1;
    if (j >= signal) gE = (v - gE) * ga + gE;
    else {
      gSum += v;
      if (j === signal - 1) gE = gSum / signal;
      else continue;
    }
    s[i] = gE;
    h[i] = v - gE;
  }
  return out ?? { macd: m, signal: s, histogram: h };
}

/** Streaming MACD: `next(x)` updates `.macd .signal .histogram` in place and returns macd. */
export class Macd {
  macd = NaN;
  signal = NaN;
  histogram = NaN;
  private readonly fastEma: Ema;
  private readonly slowEma: Ema;
  private readonly signalEma: Ema;

  constructor(fast = 12, slow = 26, signal = 9) {
    checkParams('Macd', fast, slow, signal);
    this.fastEma = new Ema(fast);
    this.slowEma = new Ema(slow);
    this.signalEma = new Ema(signal);
  }

  next(x: number): number {
    const f = this.fastEma.next(x);
    const sl = this.slowEma.next(x);
    if (!this.slowEma.ready) return NaN;
    const v = f - sl;
    this.macd = v;
    const g = this.signalEma.next(v);
    if (this.signalEma.ready) {
      this.signal = g;
      this.histogram = v - g;
    }
    return v;
  }

  reset(): void {
    this.fastEma.reset();
    this.slowEma.reset();
    this.signalEma.reset();
    this.macd = NaN;
    this.signal = NaN;
    this.histogram = NaN;
  }
}
