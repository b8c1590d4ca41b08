import { estimateCovariance } from '../../../src/portfolio/optimise/covarianceEstimate';
import { regularised } from '../../../src/portfolio/optimise/covarianceMatrix';
import { maximumSharpeScreened, sharpeKkt } from '../../../src/portfolio/optimise/maximumSharpe';
import { scaledProblem, type ScaledProblem } from '../../../src/portfolio/optimise/scaledProblem';
import { librarySharpe } from '../../../src/portfolio/optimise/solvers';

/** Seeded daily returns: a market factor, three sector factors, idiosyncratic noise and per-asset drift. */
function universe(n: number, T: number, seed: number): Float64Array[] {
  let s = seed >>> 0 || 1;
  const rnd = (): number => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
  const drift = Array.from({ length: n }, () => rnd() * 0.004);
  const beta = Array.from({ length: n }, () => 0.6 + rnd());
  const vol = Array.from({ length: n }, () => 0.01 + (rnd() + 0.5) * 0.02);
  const out = Array.from({ length: n }, () => new Float64Array(T));
  for (let t = 0; t < T; t++) {
    const m = rnd() * 0.03;
    const sector = [rnd() * 0.02, rnd() * 0.02, rnd() * 0.02];
    for (let i = 0; i < n; i++) out[i]![t] = drift[i]! + beta[i]! * m + sector[i % 3]! + rnd() * vol[i]!;
  }
  return out;
}

function problem(n: number, seed: number, cap: number, min = 0): ScaledProblem {
  const e = estimateCovariance(universe(n, 252, seed), 'ledoit-wolf');
  if (!e.ok) throw new Error(e.error.message);
  return scaledProblem(regularised(e.value.covariance), Array(n).fill(min), Array(n).fill(cap), e.value.meanReturns);
}

const all = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** Sharpe ratio e'w / √(w'Σw), written out. */
function sharpe(p: ScaledProblem, w: ArrayLike<number>): number {
  let ew = 0;
  let q = 0;
  for (let i = 0; i < p.k; i++) {
    ew += p.excess[i]! * w[i]!;
    for (let j = 0; j < p.k; j++) q += w[i]! * p.sigma[i * p.k + j]! * w[j]!;
  }
  return ew / Math.sqrt(q);
}

describe('screened maximum Sharpe', () => {
  const cases: [number, number, number][] = [];
  for (const seed of [1, 2, 3, 4]) for (const cap of [1, 0.3, 0.1 / 0.95]) cases.push([seed, cap, 50]);
  cases.push([7, 0.2, 30], [8, 1, 12], [9, 0.15, 40]);

  it.each(cases)('seed %d, cap %d, %d assets: equals the library on the whole universe to 1e-8', (seed, cap, n) => {
    const p = problem(n, seed, cap);
    const full = librarySharpe(p, all(n));
    const screened = maximumSharpeScreened(p, (ix) => librarySharpe(p, ix));
    for (let i = 0; i < n; i++) expect(Math.abs(screened.weights[i]! - full[i]!)).toBeLessThanOrEqual(1e-8);
    expect(Math.abs(screened.weights.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
  });

  it('solves on fewer assets than the universe for a typical long-only case, growing the candidates when needed', () => {
    const rounds: number[] = [];
    const candidates: number[] = [];
    for (const seed of [1, 2, 3, 4]) {
      for (const cap of [1, 0.3, 0.1 / 0.95]) {
        const p = problem(50, seed, cap);
        const r = maximumSharpeScreened(p, (ix) => librarySharpe(p, ix));
        rounds.push(r.rounds);
        candidates.push(r.candidates);
      }
    }
    expect(candidates.filter((c) => c < 50).length).toBeGreaterThanOrEqual(10);
    expect(rounds.some((r, i) => r > 1 && candidates[i]! < 50)).toBe(true);
  });

  it('never calls the library on a subset when a minimum weight is positive', () => {
    const p = problem(20, 3, 0.3, 0.01);
    const sizes: number[] = [];
    const r = maximumSharpeScreened(p, (ix) => {
      sizes.push(ix.length);
      return librarySharpe(p, ix);
    });
    expect(sizes).toEqual([20]);
    const full = librarySharpe(p, all(20));
    for (let i = 0; i < 20; i++) expect(Math.abs(r.weights[i]! - full[i]!)).toBeLessThanOrEqual(1e-12);
  });

  it('falls back to the whole universe when a subset answer is not optimal for that subset', () => {
    const p = problem(50, 2, 0.3);
    const full = librarySharpe(p, all(50));
    const calls: number[] = [];
    // A subset "solver" that returns equal weights, which breaks the KKT conditions among the candidates.
    const r = maximumSharpeScreened(p, (ix) => {
      calls.push(ix.length);
      return ix.length === 50 ? librarySharpe(p, ix) : ix.map(() => 1 / ix.length);
    });
    expect(calls[calls.length - 1]).toBe(50);
    expect(calls.length).toBe(2);
    for (let i = 0; i < 50; i++) expect(Math.abs(r.weights[i]! - full[i]!)).toBeLessThanOrEqual(1e-12);
  });

  it('the KKT test flags an excluded asset that would raise the Sharpe ratio, and passes the optimum', () => {
    const p = problem(30, 4, 1);
    const best = librarySharpe(p, all(30));
    const inAll = new Uint8Array(30).fill(1);
    const wBest = Float64Array.from(best);
    expect(sharpeKkt(p, wBest, all(30), inAll).residual).toBeLessThanOrEqual(1e-10);
    // Drop the largest holding: the best portfolio of the others leaves that asset as a violator.
    const top = best.indexOf(Math.max(...best));
    const others = all(30).filter((i) => i !== top);
    const sub = librarySharpe(p, others);
    const w = new Float64Array(30);
    others.forEach((i, c) => (w[i] = sub[c]!));
    const inC = new Uint8Array(30).fill(1);
    inC[top] = 0;
    const report = sharpeKkt(p, w, others, inC);
    expect(report.residual).toBeLessThanOrEqual(1e-10);
    expect(report.violators).toEqual([top]);
    expect(sharpe(p, best)).toBeGreaterThan(sharpe(p, w));
  });

  it('the screened answer has the highest Sharpe ratio among random feasible portfolios', () => {
    const n = 25;
    const cap = 0.2;
    const p = problem(n, 11, cap);
    const w = maximumSharpeScreened(p, (ix) => librarySharpe(p, ix)).weights;
    const best = sharpe(p, w);
    let s = 99;
    const rnd = (): number => {
      s = (s * 1664525 + 1013904223) >>> 0;
      return s / 2 ** 32;
    };
    for (let trial = 0; trial < 300; trial++) {
      // Random point of the capped simplex: random weights, then pour the excess over the cap.
      const v = Array.from({ length: n }, () => rnd() ** 3);
      const total = v.reduce((a, b) => a + b, 0);
      let x = v.map((a) => a / total);
      for (let round = 0; round < n; round++) {
        const over = x.reduce((a, b) => a + Math.max(0, b - cap), 0);
        if (over < 1e-15) break;
        const room = x.reduce((a, b) => a + (b < cap ? cap - b : 0), 0);
        x = x.map((b) => (b > cap ? cap : b + (over * (cap - b)) / room));
      }
      expect(sharpe(p, x)).toBeLessThanOrEqual(best + 1e-12);
    }
  });
});
