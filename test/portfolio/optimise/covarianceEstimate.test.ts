import fc from 'fast-check';
import { estimateCovariance, windowReturns } from '../../../src/portfolio/optimise/covarianceEstimate';
import { validateCovariance } from '../../../src/portfolio/optimise/covarianceMatrix';

/** Seeded returns: one market factor plus noise. */
function returns(n: number, T: number, seed: number): Float64Array[] {
  let s = seed >>> 0 || 1;
  const rnd = (): number => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
  const out = Array.from({ length: n }, () => new Float64Array(T));
  for (let t = 0; t < T; t++) {
    const m = rnd() * 0.02;
    for (let i = 0; i < n; i++) out[i]![t] = m * (0.5 + i / n) + rnd() * 0.01 * (1 + i / 3);
  }
  return out;
}

/** Ledoit-Wolf (2004) constant-correlation shrinkage written from the paper's definitions, nested arrays. */
function referenceLedoitWolf(r: Float64Array[]): { sigma: number[][]; delta: number } {
  const n = r.length;
  const T = r[0]!.length;
  const x = r.map((row) => {
    const m = row.reduce((a, b) => a + b, 0) / T;
    return Array.from(row, (v) => v - m);
  });
  const s = (i: number, j: number): number => x[i]!.reduce((a, xi, t) => a + xi * x[j]![t]!, 0) / T;
  const S = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => s(i, j)));
  let rs = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) rs += S[i]![j]! / Math.sqrt(S[i]![i]! * S[j]![j]!);
  const rBar = rs / (n * (n - 1));
  const F = S.map((row, i) => row.map((v, j) => (i === j ? v : rBar * Math.sqrt(S[i]![i]! * S[j]![j]!))));
  const piHat = (i: number, j: number): number => x[i]!.reduce((a, _, t) => a + (x[i]![t]! * x[j]![t]! - S[i]![j]!) ** 2, 0) / T;
  const theta = (k: number, i: number, j: number): number =>
    x[i]!.reduce((a, _, t) => a + (x[k]![t]! ** 2 - S[k]![k]!) * (x[i]![t]! * x[j]![t]! - S[i]![j]!), 0) / T;
  let pi = 0;
  let rho = 0;
  for (let i = 0; i < n; i++) {
    rho += piHat(i, i);
    for (let j = 0; j < n; j++) {
      pi += piHat(i, j);
      if (i !== j) rho += (rBar / 2) * (Math.sqrt(S[j]![j]! / S[i]![i]!) * theta(i, i, j) + Math.sqrt(S[i]![i]! / S[j]![j]!) * theta(j, i, j));
    }
  }
  let gamma = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) gamma += (F[i]![j]! - S[i]![j]!) ** 2;
  const delta = Math.max(0, Math.min(1, (pi - rho) / gamma / T));
  return { sigma: S.map((row, i) => row.map((v, j) => delta * F[i]![j]! + (1 - delta) * v)), delta };
}

describe('covariance estimation', () => {
  it('sample covariance equals the two-loop definition with n − 1', () => {
    const r = returns(4, 30, 7);
    const e = estimateCovariance(r, 'sample');
    if (!e.ok) throw new Error(e.error.message);
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 4; j++) {
        const mi = r[i]!.reduce((a, b) => a + b, 0) / 30;
        const mj = r[j]!.reduce((a, b) => a + b, 0) / 30;
        let c = 0;
        for (let t = 0; t < 30; t++) c += (r[i]![t]! - mi) * (r[j]![t]! - mj);
        expect(e.value.covariance.values[i * 4 + j]).toBeCloseTo(c / 29, 15);
      }
    }
  });

  it('Ledoit-Wolf matches a reference written from the paper, for many seeds and shapes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 7 }), fc.integer({ min: 5, max: 40 }), fc.integer({ min: 1, max: 1e6 }), (n, T, seed) => {
        const r = returns(n, T, seed);
        const e = estimateCovariance(r, 'ledoit-wolf');
        if (!e.ok) throw new Error(e.error.message);
        const ref = referenceLedoitWolf(r);
        // with two assets the target equals the sample matrix (γ = 0), so δ is immaterial
        if (n > 2) expect(e.value.shrinkage).toBeCloseTo(ref.delta, 10);
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(Math.abs(e.value.covariance.values[i * n + j]! - ref.sigma[i]![j]!)).toBeLessThan(1e-15);
      }),
      { numRuns: 40 },
    );
  });

  it('Ledoit-Wolf one-pass moments match the paper reference at bench size (50 assets × 252 days)', () => {
    for (const seed of [5, 77]) {
      const r = returns(50, 252, seed);
      const e = estimateCovariance(r, 'ledoit-wolf');
      if (!e.ok) throw new Error(e.error.message);
      const ref = referenceLedoitWolf(r);
      expect(ref.delta).toBeGreaterThan(0);
      expect(Math.abs(e.value.shrinkage - ref.delta)).toBeLessThan(1e-10 * ref.delta);
      const scale = ref.sigma[0]![0]!;
      for (let i = 0; i < 50; i++) for (let j = 0; j < 50; j++) expect(Math.abs(e.value.covariance.values[i * 50 + j]! - ref.sigma[i]![j]!)).toBeLessThan(1e-12 * scale);
    }
  });

  it('shrinkage makes a rank-deficient sample (T < N) positive definite', () => {
    const r = returns(12, 8, 3);
    const sample = estimateCovariance(r, 'sample');
    const lw = estimateCovariance(r, 'ledoit-wolf');
    if (!sample.ok || !lw.ok) throw new Error('estimation failed');
    expect(lw.value.shrinkage).toBeGreaterThan(0);
    expect(validateCovariance(lw.value.covariance).ok).toBe(true);
    // the sample matrix is singular but still PSD, so it passes validation too (the optimiser adds a ridge)
    expect(validateCovariance(sample.value.covariance).ok).toBe(true);
  });

  it('window returns take the last lookback periods and reject gaps', () => {
    const w = windowReturns([[100, 110, 121, 133.1]], 2);
    if (!w.ok) throw new Error(w.error.message);
    expect(Array.from(w.value[0]!)).toEqual([0.10000000000000009, 0.09999999999999987].map((x) => expect.closeTo(x, 12)));
    expect(windowReturns([[100, 0, 121]], 2).ok).toBe(false);
    expect(windowReturns([[100, 110]], 2).ok).toBe(false);
    const bad = windowReturns([[100, 101, 102]], 1);
    expect(bad.ok).toBe(false);
  });
});
