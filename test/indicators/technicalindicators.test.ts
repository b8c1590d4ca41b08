import * as ti from 'technicalindicators';
import { atr, bollinger, ema, macd, rsi, sma } from '../../src/indicators';
import { randomWalk } from './support/randomWalk';

const N = 5000;
const b = randomWalk(N, { seed: 99, start: 1800, vol: 0.01 });
const values = Array.from(b.close);
const high = Array.from(b.high);
const low = Array.from(b.low);

/**
 * technicalindicators returns only the defined values; aligns them to the end of ours and checks
 * that exactly the leading `warmup` entries of ours are NaN.
 */
function expectAligned(ours: Float64Array, theirs: readonly (number | undefined)[], warmup: number, rel: number): number {
  expect(theirs.length).toBe(N - warmup);
  let worst = 0;
  for (let i = 0; i < N; i++) {
    if (i < warmup) {
      expect(ours[i]).toBeNaN();
      continue;
    }
    const t = theirs[i - warmup];
    expect(typeof t).toBe('number');
    const d = Math.abs(ours[i]! - (t as number)) / Math.max(Math.abs(t as number), 1);
    if (!(d <= worst)) worst = d;
  }
  expect(worst).toBeLessThanOrEqual(rel);
  return worst;
}

describe('matches technicalindicators where that library is exact (1e-6)', () => {
  test.each([5, 20, 50])('SMA(%i)', (p) => {
    expectAligned(sma(b.close, p), ti.SMA.calculate({ period: p, values }), p - 1, 1e-6);
  });

  test.each([5, 20, 50])('EMA(%i)', (p) => {
    expectAligned(ema(b.close, p), ti.EMA.calculate({ period: p, values }), p - 1, 1e-6);
  });

  test.each([7, 14])('ATR(%i)', (p) => {
    expectAligned(atr(b.high, b.low, b.close, p), ti.ATR.calculate({ period: p, high, low, close: values }), p, 1e-6);
  });

  test('Bollinger(20, 2)', () => {
    const ours = bollinger(b.close, 20, 2);
    const theirs = ti.BollingerBands.calculate({ period: 20, stdDev: 2, values });
    expectAligned(ours.upper, theirs.map((r) => r.upper), 19, 1e-6);
    expectAligned(ours.middle, theirs.map((r) => r.middle), 19, 1e-6);
    expectAligned(ours.lower, theirs.map((r) => r.lower), 19, 1e-6);
  });

  test('MACD(12, 26, 9) with EMA oscillator and signal', () => {
    const ours = macd(b.close, 12, 26, 9);
    const theirs = ti.MACD.calculate({ values, fastPeriod: 12, slowPeriod: 26, signalPeriod: 9, SimpleMAOscillator: false, SimpleMASignal: false });
    expectAligned(ours.macd, theirs.map((r) => r.MACD), 25, 1e-6);
    // The library emits rows from index 25 with signal undefined until its EMA is seeded.
    const sig = theirs.slice(8);
    expectAligned(ours.signal, sig.map((r) => r.signal), 33, 1e-6);
    expectAligned(ours.histogram, sig.map((r) => r.histogram), 33, 1e-6);
    expect(theirs[7]!.signal).toBeUndefined();
  });
});

describe('RSI: technicalindicators rounds to 2 decimals, so it is checked against the reference only', () => {
  test('the library value is ours rounded to 0.01 (difference ≤ 5e-3), and ours is not rounded', () => {
    const ours = rsi(b.close, 14);
    const theirs = ti.RSI.calculate({ period: 14, values });
    expect(theirs.length).toBe(N - 14);
    let worst = 0;
    let unrounded = 0;
    for (let i = 14; i < N; i++) {
      const t = theirs[i - 14]!;
      expect(Math.abs(t * 100 - Math.round(t * 100))).toBeLessThan(1e-6);
      worst = Math.max(worst, Math.abs(ours[i]! - t));
      if (Math.abs(ours[i]! * 100 - Math.round(ours[i]! * 100)) > 1e-6) unrounded++;
    }
    expect(worst).toBeLessThanOrEqual(5e-3 + 1e-9);
    expect(worst).toBeGreaterThan(1e-3);
    expect(unrounded).toBeGreaterThan(N / 2);
  });
});
