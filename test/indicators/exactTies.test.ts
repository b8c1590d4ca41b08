/**
 * Issue #15, item 6: decisions on decimal prices are exact at ties — SMA crossings, close vs SMA,
 * z-score thresholds (Bollinger touches), ROC thresholds and EMA crossings on the 10⁻⁸-rupee grid.
 * Each case is a real tie constructed by hand, where the float kernels are off by an ulp or so.
 */
import fc from 'fast-check';
import {
  closeVsSmaSign,
  decimalFraction,
  ema,
  EmaCross,
  emaCrossSigns,
  GridEma,
  exactBandSide,
  exactCloseVsSma,
  exactRocSign,
  exactSmaSign,
  exactZscoreSign,
  priceUnits,
  roc,
  sma,
  smaCrossSign,
  zscore,
  zscoreSign,
} from '../../src/indicators';

const f64 = (xs: number[]): Float64Array => Float64Array.from(xs);

describe('exact z-score decisions', () => {
  test('a close equal to its 20-bar mean is z = 0 exactly, whatever the float kernel says', () => {
    // 19 prices around 1333.10 whose mean with the 20th (1333.10) is exactly 1333.10.
    const xs = [1333.45, 1332.75, 1334.1, 1332.1, 1333.6, 1332.6, 1333.25, 1332.95, 1333.9, 1332.3, 1333.0, 1333.2, 1334.0, 1332.2, 1333.5, 1332.7, 1333.05, 1333.15, 1333.1, 1333.1];
    expect(xs.reduce((a, x) => a + Math.round(x * 100), 0)).toBe(20 * 133_310);
    const c = f64(xs);
    expect(exactZscoreSign(c, 19, 20, 0)).toBe(0);
    // Whatever the float z (it may be ±1e-14), the decision is the tie.
    for (const drift of [-4.37e-14, 0, 3e-15]) expect(zscoreSign(c, 19, 20, zscore(c, 20)[19]! + drift, 0)).toBe(0);
  });

  test('z = −2 exactly on [a, a, a, a, b] over 5 bars (b < a): the lower Bollinger band is touched, not missed', () => {
    // mean = (4a + b)/5, σ = 2|a − b|/5, so z = (b − mean)/σ = −2 exactly; here a = 101.35, b = 99.05.
    const c = f64([101.35, 101.35, 101.35, 101.35, 99.05]);
    expect(exactZscoreSign(c, 4, 5, -2)).toBe(0);
    expect(exactBandSide(c, 4, 5, 2, 'lower')).toBe(0);
    expect(exactZscoreSign(c, 4, 5, -1.99)).toBe(-1);
    expect(exactZscoreSign(c, 4, 5, -2.01)).toBe(1);
    expect(zscoreSign(c, 4, 5, -2.0000000000000004, -2)).toBe(0);
    expect(zscoreSign(c, 4, 5, -1.9999999999999998, -2)).toBe(0);
    // The upper band mirrors it: [a, a, a, a, b] with b > a is z = +2.
    expect(exactBandSide(f64([99.05, 99.05, 99.05, 99.05, 101.35]), 4, 5, 2, 'upper')).toBe(0);
  });

  test('a flat window has no z-score (NaN), an off-grid price leaves the float decision standing', () => {
    expect(exactZscoreSign(f64([5, 5, 5]), 2, 3, 0)).toBeNaN();
    const off = f64([1, 2, 3 + 1e-9]);
    expect(exactZscoreSign(off, 2, 3, 0)).toBeNaN();
    expect(zscoreSign(off, 2, 3, 1e-12, 0)).toBe(1);
  });

  test('property: the exact sign agrees with a rational computation far from ties and is 0 only at ties', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1_000, max: 1_100 }), { minLength: 6, maxLength: 6 }), fc.constantFrom(0, -2, 2, -1.5, 0.5), (ticks, k) => {
        const c = f64(ticks.map((t) => t / 20)); // prices on the 0.05 grid (t / 20 is the double nearest the decimal)
        const n = 6;
        const u = ticks.map(BigInt);
        const s = u.reduce((a, x) => a + x, 0n);
        const d = BigInt(n) * u[n - 1]! - s;
        const v = BigInt(n) * u.reduce((a, x) => a + x * x, 0n) - s * s;
        const got = exactZscoreSign(c, n - 1, n, k);
        if (v === 0n) return expect(got).toBeNaN();
        // z − k has the sign of d − k·√v: compare d·|d| with k·|k|·v (k·|k| exact for these k).
        const lhs = Number(d) * Math.abs(Number(d));
        const rhs = k * Math.abs(k) * Number(v);
        expect(got).toBe(Math.sign(lhs - rhs));
      }),
      { numRuns: 500 },
    );
  });
});

describe('exact SMA decisions', () => {
  test('a tie of SMA10 and SMA30 is a tie even when the float SMAs differ by an ulp', () => {
    // Thirty prices whose last 10 and all 30 have the same mean, 1124.225.
    const xs = Array.from({ length: 30 }, (_, i) => 1124.225 + (i < 20 ? (i % 2 === 0 ? 0.3 : -0.3) : i % 2 === 0 ? 0.125 : -0.125));
    const c = f64(xs.map((x) => Math.round(x * 1000) / 1000));
    expect(exactSmaSign(c, 29, 10, 30)).toBe(0);
    expect(smaCrossSign(c, 29, 10, 30, 1124.2250000000001, 1124.225)).toBe(0);
    expect(smaCrossSign(c, 29, 10, 30, 1124.3, 1124.225)).toBe(1);
  });

  test('property: the sign equals the rule on whole 10⁻⁴-rupee units in BigInt, for prices small and beyond 2⁵³ units', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 1n, max: 4n }), { minLength: 12, maxLength: 12 }), fc.constantFrom(1n, 10n ** 14n), (steps, scale) => {
        // Units up to 4·10¹⁴ (prices up to ₹4·10¹⁰): the products overflow 2⁵³ at the large scale, and the BigInt path decides.
        const units = steps.map((u) => u * scale);
        const c = f64(units.map((u) => Number(u) / 10_000));
        if (units.some((u, k) => BigInt(Math.round(c[k]! * 10_000)) !== u)) return;
        const sf = units.slice(7).reduce((a, b) => a + b, 0n);
        const ss = units.reduce((a, b) => a + b, 0n);
        const d = 12n * sf - 5n * ss;
        expect(exactSmaSign(c, 11, 5, 12)).toBe(d > 0n ? 1 : d < 0n ? -1 : 0);
      }),
      { numRuns: 300 },
    );
  });

  test('close vs SMA: a close equal to the mean is 0', () => {
    const c = f64([100.1, 100.3, 100.2]);
    expect(exactCloseVsSma(c, 2, 3)).toBe(0);
    expect(closeVsSmaSign(c, 2, 3, sma(c, 3)[2]!)).toBe(0);
  });

  test('property: on coarse tick data (many ties) the decision equals the integer rule, bar by bar', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 200, max: 203 }), { minLength: 40, maxLength: 120 }), (ticks) => {
        const c = f64(ticks.map((t) => t / 20));
        const f = sma(c, 5);
        const s = sma(c, 12);
        for (let i = 11; i < c.length; i++) {
          let sf = 0;
          let ss = 0;
          for (let k = i - 4; k <= i; k++) sf += ticks[k]!;
          for (let k = i - 11; k <= i; k++) ss += ticks[k]!;
          expect(smaCrossSign(c, i, 5, 12, f[i]!, s[i]!)).toBe(Math.sign(12 * sf - 5 * ss));
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('exact ROC thresholds', () => {
  test('ROC exactly at the threshold is a tie: 100 → 101.1 over 5 bars is 1.1 %', () => {
    const c = f64([100, 1, 1, 1, 1, 101.1]);
    expect(exactRocSign(c, 5, 5, 1.1)).toBe(0);
    expect(roc(c, 5)[5]).not.toBe(1.1); // (101.1 − 100)/100·100 = 1.0999999999999943 in floats
  });
});

describe('EMA crossings on the 10⁻⁸-rupee grid', () => {
  test('two EMAs of a flat series tie; after a step up the fast one stays above for good, as it does exactly', () => {
    const flat = f64(Array.from({ length: 200 }, () => 250.35));
    expect([...emaCrossSigns(flat, 5, 20)].slice(19).every((x) => x === 0)).toBe(true);
    const rise = f64([...Array.from({ length: 30 }, () => 100), ...Array.from({ length: 600 }, () => 101)]);
    // Exactly, EMA5 − EMA20 > 0 after the step (both approach 101 from below, EMA5 faster, neither reaches it).
    expect([...emaCrossSigns(rise, 5, 20)].slice(30).every((x) => x === 1)).toBe(true);
  });

  test('the grid EMA stays within (n + 1)/4 grid units (10⁻⁸ rupee) of the float EMA', () => {
    const xs = Array.from({ length: 2000 }, (_, i) => Math.round(20_000 + 400 * Math.sin(i / 13) + 37 * Math.cos(i / 3)) / 20);
    const g = new GridEma(26);
    const f = ema(f64(xs), 26);
    xs.forEach((x, i) => {
      const v = g.next(x);
      if (i >= 25) expect(Math.abs(v / 1e8 - f[i]!)).toBeLessThan((27 / 4) * 1e-8 + 1e-9);
    });
  });

  test('batch equals streaming', () => {
    const xs = Array.from({ length: 500 }, (_, i) => 100 + Math.round(10 * Math.sin(i / 7)) * 0.05);
    const batch = emaCrossSigns(f64(xs), 9, 21);
    const c = new EmaCross(9, 21);
    xs.forEach((x, i) => expect(c.next(x)).toEqual(batch[i]));
  });
});

test('grid and threshold helpers', () => {
  expect(priceUnits(1333.1)).toBe(13_331_000n);
  expect(priceUnits(640.3582)).toBe(6_403_582n);
  expect(priceUnits(1 / 3)).toBeUndefined();
  expect(decimalFraction(-1.85)).toEqual({ p: -185n, q: 100n });
  expect(decimalFraction(2)).toEqual({ p: 2n, q: 1n });
  expect(decimalFraction(1e-7)).toEqual({ p: 1n, q: 10_000_000n });
});
