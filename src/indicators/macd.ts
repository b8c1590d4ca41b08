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
  const firstSignal = slow + signal - 2;
  fillNaN(m, 0, Math.min(slow - 1, n));
  fillNaN(s, 0, Math.min(firstSignal, n));
  fillNaN(h, 0, Math.min(firstSignal, n));
  if (n < slow) return out ?? { macd: m, signal: s, histogram: h };
  const fa = 2 / (fast + 1);
  const sa = 2 / (slow + 1);
  const ga = 2 / (signal + 1);
  // One fused pass, split into segments so that no loop tests the warm-up per bar:
  // [0, fast−1) both seeds sum; fast−1 seeds the fast EMA; [fast, slow−1) fast EMA runs, slow seed
  // sums; slow−1 seeds the slow EMA (first macd); then macd runs while the signal seed sums, the
  // signal EMA is seeded at slow+signal−2, and the steady state updates all three EMAs.
  let fSum = 0;
  let sSum = 0;
  let i = 0;
  for (; i < fast - 1; i++) {
    const x = src[i]!;
    fSum += x;
    sSum += x;
  }
  let x = src[i]!;
  fSum += x;
  sSum += x;
  let fE = fSum / fast;
  for (i++; i < slow - 1; i++) {
    x = src[i]!;
    fE = (x - fE) * fa + fE;
    sSum += x;
  }
  x = src[i]!;
  fE = (x - fE) * fa + fE;
  sSum += x;
  let sE = sSum / slow;
  let v = fE - sE;
  m[i] = v;
  let gSum = 0 + v; // as the streaming Ema: its sum starts at 0 (keeps −0 → +0 identical)
  const seedEnd = Math.min(firstSignal, n - 1);
  for (i++; i <= seedEnd; i++) {
    x = src[i]!;
    fE = (x - fE) * fa + fE;
    sE = (x - sE) * sa + sE;
    v = fE - sE;
    m[i] = v;
    gSum += v;
  }
  if (i <= firstSignal) return out ?? { macd: m, signal: s, histogram: h };
  let gE = gSum / signal;
  s[firstSignal] = gE;
  h[firstSignal] = v - gE;
  for (; i < n; i++) {
    x = src[i]!;
    fE = (x - fE) * fa + fE;
    sE = (x - sE) * sa + sE;
    v = fE - sE;
    gE = (v - gE) * ga + gE;
    m[i] = v;
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
