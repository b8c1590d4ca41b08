import { covarianceFromRows, type CovarianceMatrix } from '../../../src/portfolio/optimise/covarianceMatrix';
import { optimise, type OptimiseRequest } from '../../../src/portfolio/optimise/optimise';
import { OPTIMISATION_METHODS } from '../../../src/portfolio/optimise/solvers';

const NO_SECTORS = new Map<string, string>();

function covFrom(vols: number[], corr: (i: number, j: number) => number): CovarianceMatrix {
  return covarianceFromRows(vols.map((si, i) => vols.map((sj, j) => (i === j ? si * si : corr(i, j) * si * sj))));
}

function run(req: Partial<OptimiseRequest> & Pick<OptimiseRequest, 'method' | 'symbols'>): Float64Array {
  const r = optimise({ sectors: NO_SECTORS, ...req });
  if (!r.ok) throw new Error(r.error.message);
  return r.value.weights;
}

const sum = (w: ArrayLike<number>): number => Array.from(w).reduce((a, b) => a + b, 0);
const portVar = (c: CovarianceMatrix, w: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < c.k; i++) for (let j = 0; j < c.k; j++) s += w[i]! * w[j]! * c.values[i * c.k + j]!;
  return s;
};

describe('two-asset closed forms', () => {
  const s1 = 0.02;
  const s2 = 0.035;
  const rho = 0.3;
  const cov = covFrom([s1, s2], () => rho);

  it('minimum variance: w1 = (σ2² − ρσ1σ2)/(σ1² + σ2² − 2ρσ1σ2)', () => {
    const w = run({ method: 'minimum-variance', symbols: ['A', 'B'], covariance: cov });
    const w1 = (s2 * s2 - rho * s1 * s2) / (s1 * s1 + s2 * s2 - 2 * rho * s1 * s2);
    expect(w[0]).toBeCloseTo(w1, 6);
    expect(w[1]).toBeCloseTo(1 - w1, 6);
  });

  it('risk parity and inverse volatility: w ∝ 1/σ', () => {
    for (const method of ['risk-parity', 'inverse-volatility'] as const) {
      const w = run({ method, symbols: ['A', 'B'], covariance: cov });
      expect(w[0]).toBeCloseTo(s2 / (s1 + s2), 6);
      expect(w[1]).toBeCloseTo(s1 / (s1 + s2), 6);
    }
  });

  it('maximum Sharpe matches the unconstrained tangency w ∝ Σ⁻¹(μ − rf) when that is long-only', () => {
    const mu = [0.0008, 0.0012];
    const rf = 0.0002;
    const w = run({ method: 'maximum-sharpe', symbols: ['A', 'B'], covariance: cov, expectedReturns: mu, riskFreeRate: rf });
    const [a, b, d] = [s1 * s1, rho * s1 * s2, s2 * s2];
    const det = a * d - b * b;
    const e1 = mu[0]! - rf;
    const e2 = mu[1]! - rf;
    const z1 = (d * e1 - b * e2) / det;
    const z2 = (-b * e1 + a * e2) / det;
    expect(w[0]).toBeCloseTo(z1 / (z1 + z2), 5);
    expect(w[1]).toBeCloseTo(z2 / (z1 + z2), 5);
  });
});

describe('equal volatility, equal correlation: every method gives equal weights', () => {
  const n = 5;
  const cov = covFrom(Array(n).fill(0.02), () => 0.4);
  const symbols = ['A', 'B', 'C', 'D', 'E'];
  it.each(OPTIMISATION_METHODS)('%s', (method) => {
    const w = run({ method, symbols, covariance: cov, expectedReturns: Array(n).fill(0.001), riskFreeRate: 0 });
    for (const x of w) expect(x).toBeCloseTo(1 / n, 6);
  });
});

describe('three assets against a brute-force grid over the simplex', () => {
  const cov = covarianceFromRows([
    [0.0004, 0.00012, 0.00005],
    [0.00012, 0.0009, 0.0002],
    [0.00005, 0.0002, 0.00025],
  ]);
  const mu = [0.0009, 0.0014, 0.0004];
  const max = 0.6;
  const STEPS = 500;
  function gridBest(score: (w: number[]) => number): number[] {
    let best: number[] = [];
    let bestScore = -Infinity;
    for (let a = 0; a <= STEPS; a++) {
      for (let b = 0; a + b <= STEPS; b++) {
        const w = [a / STEPS, b / STEPS, (STEPS - a - b) / STEPS];
        if (w.some((x) => x > max + 1e-12)) continue;
        const s = score(w);
        if (s > bestScore) {
          bestScore = s;
          best = w;
        }
      }
    }
    return best;
  }

  it('minimum variance with a 60% cap per asset', () => {
    const w = run({ method: 'minimum-variance', symbols: ['A', 'B', 'C'], covariance: cov, constraints: { maxWeight: max } });
    const g = gridBest((x) => -portVar(cov, x));
    for (let i = 0; i < 3; i++) expect(Math.abs(w[i]! - g[i]!)).toBeLessThan(3 / STEPS);
    expect(portVar(cov, w)).toBeLessThanOrEqual(portVar(cov, g) + 1e-15);
  });

  it('maximum Sharpe with a 60% cap per asset', () => {
    const rf = 0.0001;
    const sharpe = (x: ArrayLike<number>): number => (Array.from(x).reduce((s, xi, i) => s + xi * (mu[i]! - rf), 0)) / Math.sqrt(portVar(cov, x));
    const w = run({ method: 'maximum-sharpe', symbols: ['A', 'B', 'C'], covariance: cov, expectedReturns: mu, riskFreeRate: rf, constraints: { maxWeight: max } });
    const g = gridBest(sharpe);
    for (let i = 0; i < 3; i++) expect(Math.abs(w[i]! - g[i]!)).toBeLessThan(3 / STEPS);
    expect(sharpe(w)).toBeGreaterThanOrEqual(sharpe(g) - 1e-9);
  });

  it('risk parity: every asset contributes the same risk w_i(Σw)_i', () => {
    const w = run({ method: 'risk-parity', symbols: ['A', 'B', 'C'], covariance: cov });
    const rc = [0, 1, 2].map((i) => w[i]! * [0, 1, 2].reduce((s, j) => s + cov.values[i * 3 + j]! * w[j]!, 0));
    for (const r of rc) expect(r / rc[0]!).toBeCloseTo(1, 6);
  });
});

describe('constraints', () => {
  const symbols = ['HDFCBANK', 'ICICIBANK', 'SBIN', 'INFY', 'TCS', 'ITC'];
  const vols = [0.015, 0.016, 0.02, 0.014, 0.012, 0.011];
  const cov = covFrom(vols, (i, j) => (i < 3 && j < 3 ? 0.7 : 0.3));
  const mu = [0.001, 0.0011, 0.0012, 0.0006, 0.0005, 0.0004];
  const sectors = new Map([
    ['HDFCBANK', 'Financial Services'],
    ['ICICIBANK', 'Financial Services'],
    ['SBIN', 'Financial Services'],
    ['INFY', 'Information Technology'],
    ['TCS', 'Information Technology'],
    ['ITC', 'Fast Moving Consumer Goods'],
  ]);

  it.each(OPTIMISATION_METHODS)('%s honours cash buffer, bounds and sector caps', (method) => {
    const constraints = { cashBuffer: 0.1, minWeight: 0.02, maxWeight: 0.3, sectorCaps: { 'Financial Services': 0.25, 'Information Technology': 0.35 } };
    const r = optimise({ method, symbols, covariance: cov, expectedReturns: mu, riskFreeRate: 0, constraints, sectors });
    if (!r.ok) throw new Error(r.error.message);
    const w = r.value.weights;
    expect(sum(w)).toBeCloseTo(0.9, 10);
    expect(r.value.cash).toBeCloseTo(0.1, 10);
    for (const x of w) {
      expect(x).toBeGreaterThanOrEqual(0.02 - 1e-12);
      expect(x).toBeLessThanOrEqual(0.3 + 1e-12);
    }
    expect(w[0]! + w[1]! + w[2]!).toBeLessThanOrEqual(0.25 + 1e-12);
    expect(w[3]! + w[4]!).toBeLessThanOrEqual(0.35 + 1e-12);
    expect(r.value.sectorWeights.get('Financial Services')).toBeCloseTo(w[0]! + w[1]! + w[2]!, 12);
  });

  it('reports infeasible bounds, caps and bad inputs as one-sentence errors', () => {
    const cases: [Partial<OptimiseRequest>, string][] = [
      [{ constraints: { minWeight: 0.2 } }, 'infeasible-bounds'],
      [{ constraints: { maxWeight: 0.1 } }, 'infeasible-bounds'],
      [{ constraints: { minWeight: { SBIN: 0.5 }, maxWeight: { SBIN: 0.4 } } }, 'infeasible-bounds'],
      [{ constraints: { cashBuffer: 0.3 } }, 'invalid-input'],
      [{ constraints: { minWeight: 0.1, sectorCaps: { 'Financial Services': 0.2 } } }, 'infeasible-sector-caps'],
      [{ constraints: { maxWeight: 0.2, sectorCaps: { 'Financial Services': 0.1, 'Information Technology': 0.1 } } }, 'infeasible-sector-caps'],
      [{ covariance: covarianceFromRows([[1, 2], [2, 1]]), symbols: ['A', 'B'] }, 'invalid-covariance'],
      [{ covariance: covarianceFromRows([[1, 0.5], [0.1, 1]]), symbols: ['A', 'B'] }, 'invalid-covariance'],
      [{ covariance: covarianceFromRows([[1, NaN], [NaN, 1]]), symbols: ['A', 'B'] }, 'invalid-covariance'],
      [{ covariance: covarianceFromRows([[1]]) }, 'invalid-input'],
      [{ symbols: ['A', 'A'], covariance: covarianceFromRows([[1, 0], [0, 1]]) }, 'invalid-input'],
      [{ method: 'maximum-sharpe', expectedReturns: mu, riskFreeRate: 0.01 }, 'no-positive-excess-return'],
      [{ method: 'maximum-sharpe' }, 'invalid-input'],
      [{ covariance: undefined }, 'invalid-input'],
    ];
    for (const [patch, kind] of cases) {
      const r = optimise({ method: 'minimum-variance', symbols, covariance: cov, sectors, ...patch });
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.error.kind).toBe(kind);
      expect(r.error.message).toMatch(/^[A-Z][^.;\n]*[.;].*$/);
      expect(r.error.message).not.toMatch(/\n|at Object|Error:/);
    }
  });
});

describe('ill-conditioned covariance', () => {
  it('a duplicated asset (singular matrix) gets the weight the asset would get alone, never nonsense', () => {
    const s = [0.02, 0.03];
    const c = 0.3 * s[0]! * s[1]!;
    const cov = covarianceFromRows([
      [s[0]! ** 2, s[0]! ** 2, c],
      [s[0]! ** 2, s[0]! ** 2, c],
      [c, c, s[1]! ** 2],
    ]);
    const alone = covarianceFromRows([
      [s[0]! ** 2, c],
      [c, s[1]! ** 2],
    ]);
    for (const method of OPTIMISATION_METHODS) {
      const w = run({ method, symbols: ['A', 'A2', 'B'], covariance: cov, expectedReturns: [0.001, 0.001, 0.0012] });
      expect(sum(w)).toBeCloseTo(1, 10);
      for (const x of w) expect(Number.isFinite(x) && x >= 0 && x <= 1).toBe(true);
      if (method === 'equal-weight' || method === 'inverse-volatility') continue;
      // risk parity splits the pair evenly; the mean-variance methods may put the pair's weight anywhere within it
      if (method === 'risk-parity') expect(w[0]).toBeCloseTo(w[1]!, 6);
      else {
        const two = run({ method, symbols: ['A', 'B'], covariance: alone, expectedReturns: [0.001, 0.0012] });
        expect(w[0]! + w[1]!).toBeCloseTo(two[0]!, 5);
        expect(w[2]).toBeCloseTo(two[1]!, 5);
      }
    }
  });
});
