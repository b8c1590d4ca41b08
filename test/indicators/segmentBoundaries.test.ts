/**
 * The batch kernels run in segments (warm-up, then blocks of `period` bars between exact
 * recomputes, then a partial last block). These tests cut the series at every length around those
 * boundaries and check, for each cut, that batch equals streaming bit for bit, that a stale `out`
 * array is fully overwritten, and that the branch-free rolling extrema equal a naive scan on
 * arbitrary finite numbers (negative, zero, huge, ties).
 */
import fc from 'fast-check';
import {
  Atr, Bollinger, Donchian, Ema, Macd, Momentum, Roc, RollingMax, RollingMin, Rsi, Sma, Stdev, TrueRange, Vwap, Wma, ZScore,
  atr, bollinger, donchian, ema, macd, momentum, roc, rollingMax, rollingMin, rsi, sma, stdev, trueRange, vwap, wma, zscore,
} from '../../src/indicators';
import { firstInexact, firstMismatch, randomWalk } from './support/randomWalk';
import { refRollingMax, refRollingMin } from './support/reference';

const FULL = randomWalk(80, { seed: 99, start: 1800, stepMs: 5 * 60_000 });

/** Streams `n` bars through `step` into a new array. */
function collect(n: number, step: (i: number) => number): Float64Array {
  const o = new Float64Array(n);
  for (let i = 0; i < n; i++) o[i] = step(i);
  return o;
}

/** A stale out array: every slot holds a value no kernel produces here. */
const stale = (n: number): Float64Array => new Float64Array(n).fill(-7.25e11);

type Single = [name: string, batch: (n: number, out?: Float64Array) => Float64Array, stream: () => (i: number) => number];

function singles(p: number): Single[] {
  const { time, high, low, close, volume } = FULL;
  const on = (k: { next(x: number): number }) => (i: number) => k.next(close[i]!);
  const cut = (n: number) => close.subarray(0, n);
  return [
    [`sma(${p})`, (n, o) => sma(cut(n), p, o), () => on(new Sma(p))],
    [`ema(${p})`, (n, o) => ema(cut(n), p, o), () => on(new Ema(p))],
    [`wma(${p})`, (n, o) => wma(cut(n), p, o), () => on(new Wma(p))],
    [`rsi(${p})`, (n, o) => rsi(cut(n), p, o), () => on(new Rsi(p))],
    [`stdev(${p})`, (n, o) => stdev(cut(n), p, o), () => on(new Stdev(p))],
    [`zscore(${p})`, (n, o) => zscore(cut(n), p, o), () => on(new ZScore(p))],
    [`roc(${p})`, (n, o) => roc(cut(n), p, o), () => on(new Roc(p))],
    [`momentum(${p})`, (n, o) => momentum(cut(n), p, o), () => on(new Momentum(p))],
    [`rollingMax(${p})`, (n, o) => rollingMax(cut(n), p, o), () => on(new RollingMax(p))],
    [`rollingMin(${p})`, (n, o) => rollingMin(cut(n), p, o), () => on(new RollingMin(p))],
    [
      `atr(${p})`,
      (n, o) => atr(high.subarray(0, n), low.subarray(0, n), cut(n), p, o),
      () => {
        const k = new Atr(p);
        return (i) => k.next(high[i]!, low[i]!, close[i]!);
      },
    ],
    [
      'trueRange',
      (n, o) => trueRange(high.subarray(0, n), low.subarray(0, n), cut(n), o),
      () => {
        const k = new TrueRange();
        return (i) => k.next(high[i]!, low[i]!, close[i]!);
      },
    ],
    [
      'vwap',
      (n, o) => vwap(time.subarray(0, n), high.subarray(0, n), low.subarray(0, n), cut(n), volume.subarray(0, n), o),
      () => {
        const k = new Vwap();
        return (i) => k.next(time[i]!, high[i]!, low[i]!, close[i]!, volume[i]!);
      },
    ],
  ];
}

describe('every cut length around the segment boundaries', () => {
  for (const p of [1, 2, 3, 5, 7]) {
    const lengths = Array.from({ length: 3 * p + 4 }, (_, n) => n);
    test.each(singles(p).map((c) => [c[0], c] as const))('%s', (_name, [, batch, stream]) => {
      for (const n of lengths) {
        const fresh = batch(n);
        expect([n, firstInexact(fresh, collect(n, stream()))]).toEqual([n, -1]);
        expect([n, firstInexact(batch(n, stale(n)), fresh)]).toEqual([n, -1]);
      }
    });

    test(`bollinger(${p}, 2) and donchian(${p})`, () => {
      const { high, low, close } = FULL;
      for (let n = 0; n < 3 * p + 4; n++) {
        const b = bollinger(close.subarray(0, n), p, 2);
        const bs = bollinger(close.subarray(0, n), p, 2, { upper: stale(n), middle: stale(n), lower: stale(n) });
        const s = new Bollinger(p, 2);
        const up = new Float64Array(n);
        const lo = new Float64Array(n);
        const mid = collect(n, (i) => {
          s.next(close[i]!);
          up[i] = s.upper;
          lo[i] = s.lower;
          return s.middle;
        });
        expect([n, firstInexact(b.upper, up), firstInexact(b.middle, mid), firstInexact(b.lower, lo)]).toEqual([n, -1, -1, -1]);
        expect([n, firstInexact(bs.upper, b.upper), firstInexact(bs.middle, b.middle), firstInexact(bs.lower, b.lower)]).toEqual([n, -1, -1, -1]);

        const d = donchian(high.subarray(0, n), low.subarray(0, n), p);
        const ds = donchian(high.subarray(0, n), low.subarray(0, n), p, { upper: stale(n), lower: stale(n), middle: stale(n) });
        const k = new Donchian(p);
        const du = new Float64Array(n);
        const dl = new Float64Array(n);
        const dm = collect(n, (i) => {
          k.next(high[i]!, low[i]!);
          du[i] = k.upper;
          dl[i] = k.lower;
          return k.middle;
        });
        expect([n, firstInexact(d.upper, du), firstInexact(d.lower, dl), firstInexact(d.middle, dm)]).toEqual([n, -1, -1, -1]);
        expect([n, firstInexact(ds.upper, d.upper), firstInexact(ds.lower, d.lower), firstInexact(ds.middle, d.middle)]).toEqual([n, -1, -1, -1]);
      }
    });
  }

  test.each([
    [12, 26, 9],
    [2, 3, 1],
    [1, 2, 1],
    [3, 5, 4],
  ])('macd(%i, %i, %i)', (f, sl, g) => {
    const { close } = FULL;
    for (let n = 0; n <= sl + g + 3; n++) {
      const b = macd(close.subarray(0, n), f, sl, g);
      const bs = macd(close.subarray(0, n), f, sl, g, { macd: stale(n), signal: stale(n), histogram: stale(n) });
      const s = new Macd(f, sl, g);
      const sig = new Float64Array(n);
      const hist = new Float64Array(n);
      const m = collect(n, (i) => {
        s.next(close[i]!);
        sig[i] = s.signal;
        hist[i] = s.histogram;
        return s.macd;
      });
      expect([n, firstInexact(b.macd, m), firstInexact(b.signal, sig), firstInexact(b.histogram, hist)]).toEqual([n, -1, -1, -1]);
      expect([n, firstInexact(bs.macd, b.macd), firstInexact(bs.signal, b.signal), firstInexact(bs.histogram, b.histogram)]).toEqual([n, -1, -1, -1]);
    }
  });
});

describe('branch-free rolling extrema equal a naive scan exactly', () => {
  const finite = fc.oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e300, max: 1e300 }),
    fc.constantFrom(0, -0, 1, -1, 2500.05, 2500.05),
  );

  test('rollingMax, rollingMin and donchian on arbitrary finite numbers', () => {
    fc.assert(
      fc.property(fc.array(finite, { maxLength: 60 }), fc.array(finite, { maxLength: 60 }), fc.integer({ min: 1, max: 12 }), (a, b, p) => {
        const n = Math.min(a.length, b.length);
        const hi = Float64Array.from(a.slice(0, n));
        const lo = Float64Array.from(b.slice(0, n));
        const d = donchian(hi, lo, p);
        const up = refRollingMax(hi, p);
        const dn = refRollingMin(lo, p);
        return (
          firstMismatch(rollingMax(hi, p), up, 0) === -1 &&
          firstMismatch(rollingMin(lo, p), dn, 0) === -1 &&
          firstMismatch(d.upper, up, 0) === -1 &&
          firstMismatch(d.lower, dn, 0) === -1
        );
      }),
      { numRuns: 300 },
    );
  });

  test('a falling then rising series (the streaming rescan and every block shape)', () => {
    const x = Float64Array.from({ length: 101 }, (_, i) => Math.abs(i - 50) * 0.05 + 100);
    for (const p of [1, 4, 10, 50]) {
      expect(firstMismatch(rollingMax(x, p), refRollingMax(x, p), 0)).toBe(-1);
      expect(firstMismatch(rollingMin(x, p), refRollingMin(x, p), 0)).toBe(-1);
    }
  });
});
