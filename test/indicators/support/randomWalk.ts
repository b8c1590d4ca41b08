export { mulberry32 } from '../../../src/data/synthetic/prng';
import { mulberry32 } from '../../../src/data/synthetic/prng';
/** Seeded synthetic OHLCV bars for indicator tests (a random walk; not market data). */


export interface Ohlcv {
  time: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

export interface WalkOptions {
  seed?: number;
  start?: number;
  /** Per-bar relative move scale. */
  vol?: number;
  /** First bar time (epoch ms) and spacing. */
  t0?: number;
  stepMs?: number;
}

/** One-minute-like bars: a multiplicative random walk with OHLC consistency (low ≤ o,c ≤ high). */
export function randomWalk(n: number, opts: WalkOptions = {}): Ohlcv {
  const rnd = mulberry32(opts.seed ?? 42);
  const vol = opts.vol ?? 0.01;
  const t0 = opts.t0 ?? Date.parse('2025-01-06T09:15:00+05:30');
  const step = opts.stepMs ?? 60_000;
  const b: Ohlcv = {
    time: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  let p = opts.start ?? 2500;
  for (let i = 0; i < n; i++) {
    const o = p;
    p = p * (1 + (rnd() - 0.5) * 2 * vol);
    b.time[i] = t0 + i * step;
    b.open[i] = o;
    b.close[i] = p;
    b.high[i] = Math.max(o, p) * (1 + rnd() * vol * 0.5);
    b.low[i] = Math.min(o, p) * (1 - rnd() * vol * 0.5);
    b.volume[i] = 1 + Math.floor(rnd() * 100_000);
  }
  return b;
}

/** |a − b| ≤ rel·max(|b|, 1), with NaN matching only NaN. Returns the first failing index or −1. */
export function firstMismatch(a: ArrayLike<number>, b: ArrayLike<number>, rel: number): number {
  if (a.length !== b.length) return 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (Number.isNaN(x) || Number.isNaN(y)) {
      if (Number.isNaN(x) !== Number.isNaN(y)) return i;
      continue;
    }
    if (!(Math.abs(x - y) <= rel * Math.max(Math.abs(y), 1))) return i;
  }
  return -1;
}

/** First index where a and b are not the same float (Object.is), or −1. */
export function firstInexact(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}
