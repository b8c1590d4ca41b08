import { covariance, mean, normalCdf, normalPdf, normalQuantile, rollingSums, simpleReturns, stdev } from '../../src/risk/stats';
import { SeededRandom } from '../../src/risk/prng';

describe('stats kernels', () => {
  it('mean, sample stdev and covariance by hand', () => {
    const x = Float64Array.from([2, 4, 4, 4, 5, 5, 7, 9]);
    // mean 40 / 8 = 5; squared deviations 9+1+1+1+0+0+4+16 = 32; sample var 32/7
    expect(mean(x)).toBe(5);
    expect(stdev(x)).toBeCloseTo(Math.sqrt(32 / 7), 14);
    const y = Float64Array.from([1, 2, 3]);
    const z = Float64Array.from([2, 4, 7]);
    // means 2 and 13/3; Σ (y−2)(z−13/3) = (−1)(−7/3) + 0 + (1)(8/3) = 5; / 2 = 2.5
    expect(covariance(y, z)).toBeCloseTo(2.5, 14);
  });

  it('returns and overlapping sums', () => {
    expect(Array.from(simpleReturns(Float64Array.from([100, 110, 99])))).toEqual([0.10000000000000009, -0.09999999999999998]);
    expect(Array.from(rollingSums(Float64Array.from([1, 2, 3, 4, 5]), 3))).toEqual([6, 9, 12]);
  });

  it('normal quantile and density match published values', () => {
    expect(normalQuantile(0.95)).toBeCloseTo(1.6448536269514722, 13);
    expect(normalQuantile(0.99)).toBeCloseTo(2.3263478740408408, 13);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 13);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306167813, 13);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 7);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 15);
    expect(normalCdf(-3.090232306167813)).toBeCloseTo(0.001, 15);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalPdf(0)).toBeCloseTo(0.3989422804014327, 15);
    expect(() => normalQuantile(1)).toThrow(RangeError);
  });
});

describe('seeded PRNG', () => {
  it('is reproducible and seed-dependent', () => {
    const a = new SeededRandom(7);
    const b = new SeededRandom(7);
    const c = new SeededRandom(8);
    const xs = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.nextUint32())).not.toEqual(xs);
  });

  it('gives uniforms in [0,1) and standard normals with the right moments', () => {
    const r = new SeededRandom(123);
    const n = 200_000;
    let su = 0;
    let min = 1;
    let max = 0;
    for (let i = 0; i < n; i++) {
      const u = r.nextDouble();
      su += u;
      min = Math.min(min, u);
      max = Math.max(max, u);
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(su / n).toBeCloseTo(0.5, 2); // sd of the mean 0.289/√200000 ≈ 0.00065
    const z = new Float64Array(n);
    for (let i = 0; i < n; i++) z[i] = r.nextNormal();
    expect(mean(z)).toBeCloseTo(0, 2); // sd of the mean ≈ 0.0022
    expect(stdev(z)).toBeCloseTo(1, 2);
    let tail = 0;
    for (let i = 0; i < n; i++) if (z[i]! < -1.6448536269514722) tail++;
    expect(tail / n).toBeGreaterThan(0.047); // expected 0.05, sd ≈ 0.0005
    expect(tail / n).toBeLessThan(0.053);
  });

  it('normal draws follow Φ across the range, including the ziggurat base strip beyond 3.44', () => {
    const r = new SeededRandom(2024);
    const n = 400_000;
    const z = new Float64Array(n);
    for (let i = 0; i < n; i++) z[i] = r.nextNormal();
    // empirical CDF at fixed points within 5 binomial standard deviations of Φ(x)
    for (const x of [-3, -2, -1.5, -1, -0.5, 0, 0.3, 1, 2, 2.5, 3]) {
      let c = 0;
      for (let i = 0; i < n; i++) if (z[i]! <= x) c++;
      const p = normalCdf(x);
      expect(Math.abs(c / n - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n));
    }
    // P(|Z| > 3.5) = 2 × 2.326e-4 = 4.653e-4 → 186 expected, sd ≈ 13.6
    let far = 0;
    for (let i = 0; i < n; i++) if (Math.abs(z[i]!) > 3.5) far++;
    expect(far).toBeGreaterThan(186 - 5 * 13.6);
    expect(far).toBeLessThan(186 + 5 * 13.6);
  });
});
