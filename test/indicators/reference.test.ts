import { atr, bollinger, donchian, ema, macd, momentum, roc, rollingMax, rollingMin, rsi, sma, stdev, trueRange, vwap, wma, zscore } from '../../src/indicators';
import { randomWalk, firstMismatch } from './support/randomWalk';
import * as ref from './support/reference';

const N = 5000;
const REL = 1e-9;

// Two price levels: typical NSE equity (~2,500) and an index-like level (~50,000) with small moves.
const walks = [
  ['price ~2.5e3, 1% moves', randomWalk(N, { seed: 7, start: 2500, vol: 0.01, stepMs: 5 * 60_000 })],
  ['price ~5e4, 0.05% moves', randomWalk(N, { seed: 11, start: 50_000, vol: 0.0005, stepMs: 3 * 60_000 })],
] as const;

describe.each(walks)('kernels equal a naive reference to 1e-9 relative (%s)', (_label, b) => {
  const { time, high, low, close, volume } = b;

  test.each([1, 5, 20, 63])('period %i: sma, ema, wma, rsi, stdev, zscore, roc, momentum, rolling max/min, atr', (p) => {
    expect(firstMismatch(sma(close, p), ref.refSma(close, p), REL)).toBe(-1);
    expect(firstMismatch(ema(close, p), ref.refEma(close, p), REL)).toBe(-1);
    expect(firstMismatch(wma(close, p), ref.refWma(close, p), REL)).toBe(-1);
    expect(firstMismatch(rsi(close, p), ref.refRsi(close, p), REL)).toBe(-1);
    expect(firstMismatch(stdev(close, p), ref.refStdev(close, p), REL)).toBe(-1);
    expect(firstMismatch(roc(close, p), ref.refRoc(close, p), REL)).toBe(-1);
    expect(firstMismatch(momentum(close, p), ref.refMomentum(close, p), REL)).toBe(-1);
    expect(firstMismatch(rollingMax(close, p), ref.refRollingMax(close, p), 0)).toBe(-1);
    expect(firstMismatch(rollingMin(close, p), ref.refRollingMin(close, p), 0)).toBe(-1);
    expect(firstMismatch(atr(high, low, close, p), ref.refAtr(high, low, close, p), REL)).toBe(-1);
    if (p > 1) expect(firstMismatch(zscore(close, p), ref.refZscore(close, p), REL)).toBe(-1);
  });

  test('true range', () => {
    expect(firstMismatch(trueRange(high, low, close), ref.refTrueRange(high, low, close), 0)).toBe(-1);
  });

  test.each([
    [20, 2],
    [50, 2.5],
  ])('bollinger(%i, %d)', (p, k) => {
    const got = bollinger(close, p, k);
    const want = ref.refBollinger(close, p, k);
    expect(firstMismatch(got.upper, want.upper, REL)).toBe(-1);
    expect(firstMismatch(got.middle, want.middle, REL)).toBe(-1);
    expect(firstMismatch(got.lower, want.lower, REL)).toBe(-1);
  });

  test.each([
    [12, 26, 9],
    [3, 10, 16],
  ])('macd(%i, %i, %i)', (f, s, g) => {
    const got = macd(close, f, s, g);
    const want = ref.refMacd(close, f, s, g);
    expect(firstMismatch(got.macd, want.macd, REL)).toBe(-1);
    expect(firstMismatch(got.signal, want.signal, REL)).toBe(-1);
    expect(firstMismatch(got.histogram, want.histogram, REL)).toBe(-1);
  });

  test('donchian(20)', () => {
    const got = donchian(high, low, 20);
    const up = ref.refRollingMax(high, 20);
    const lo = ref.refRollingMin(low, 20);
    expect(firstMismatch(got.upper, up, 0)).toBe(-1);
    expect(firstMismatch(got.lower, lo, 0)).toBe(-1);
    expect(firstMismatch(got.middle, up.map((u, i) => (u + lo[i]!) / 2), 0)).toBe(-1);
  });

  test('vwap resets at every IST day', () => {
    expect(firstMismatch(vwap(time, high, low, close, volume), ref.refVwap(time, high, low, close, volume), REL)).toBe(-1);
  });
});

describe('numerical stability', () => {
  test('rolling stdev and z-score stay exact on prices ~1e5 with tiny moves over 200,000 bars', () => {
    // A naive rolling Σx² − n·mean² loses almost all precision here (variance ~1e-2 against
    // mean² ~1e10); the test first shows that, then holds the kernels to 1e-9.
    const b = randomWalk(200_000, { seed: 3, start: 100_000, vol: 1e-6 });
    const x = b.close;
    const p = 20;
    const sd = stdev(x, p);
    const z = zscore(x, p);
    let s = 0;
    let q = 0;
    let naiveWorst = 0;
    for (let i = 0; i < x.length; i++) {
      s += x[i]!;
      q += x[i]! * x[i]!;
      if (i >= p) {
        s -= x[i - p]!;
        q -= x[i - p]! * x[i - p]!;
      }
      if (i < p - 1 || i % 499 !== 0) continue;
      const w = x.subarray(i - p + 1, i + 1);
      const want = ref.refStdev(w, p)[p - 1]!;
      const naive = Math.sqrt(Math.max(0, q / p - (s / p) ** 2));
      naiveWorst = Math.max(naiveWorst, Math.abs(naive - want) / want);
      expect(Math.abs(sd[i]! - want)).toBeLessThanOrEqual(1e-9 * want);
      expect(firstMismatch([z[i]!], [ref.refZscore(w, p)[p - 1]!], 1e-9)).toBe(-1);
    }
    expect(naiveWorst).toBeGreaterThan(1e-3);
  });

  test('sma shows no drift after 1,000,000 bars', () => {
    const b = randomWalk(1_000_000, { seed: 5, start: 40_000, vol: 0.002 });
    const got = sma(b.close, 30);
    for (const i of [29, 500_000, 999_999]) {
      const want = ref.refSma(b.close.subarray(i - 29, i + 1), 30)[29]!;
      expect(Math.abs(got[i]! - want)).toBeLessThanOrEqual(1e-12 * want);
    }
  });

  test('rolling max/min on monotonic series (the extremum leaves the window every bar)', () => {
    const down = Float64Array.from({ length: 500 }, (_, i) => 1000 - i * 0.05);
    const up = Float64Array.from({ length: 500 }, (_, i) => 1000 + i * 0.05);
    for (const x of [down, up]) {
      expect(firstMismatch(rollingMax(x, 7), ref.refRollingMax(x, 7), 0)).toBe(-1);
      expect(firstMismatch(rollingMin(x, 7), ref.refRollingMin(x, 7), 0)).toBe(-1);
    }
  });

  test('z-score of a flat window is NaN, not a huge number', () => {
    const x = new Float64Array([10, 11, 12, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]);
    const z = zscore(x, 3);
    expect(z[2]).toBeCloseTo(1.224744871391589, 12);
    for (let i = 5; i < x.length; i++) expect(z[i]).toBeNaN();
  });
});
