import { cholesky, covarianceMatrix, assetMeans, returnsMatrix } from '../../src/risk/matrix';
import { SeededRandom } from '../../src/risk/prng';
import { historicalVar, monteCarloPnl, monteCarloVar, parametricVar, tailCount } from '../../src/risk/valueAtRisk';

describe('historical VaR and ES (k = ceil(n(1 − α)), VaR = −x(k), ES = mean of the k worst)', () => {
  const pnl = Float64Array.from([120, -340, 55, -80, 910, -1200, 15, 300, -45, 60, -500, 75, 20, -10, 240, -30, 95, -600, 5, 130]);

  it('20 days at 95% and 90%', () => {
    // 95%: k = ceil(20 × 0.05) = 1 → VaR = ES = 1200 (the worst day)
    const a = historicalVar(pnl, 0.95);
    expect(a.var).toBe(1200);
    expect(a.es).toBe(1200);
    // 90%: k = 2; two worst −1200, −600 → VaR 600, ES 900
    const b = historicalVar(pnl, 0.9);
    expect(b.var).toBe(600);
    expect(b.es).toBe(900);
  });

  it('pins k exactly where n(1 − α) is a whole number', () => {
    expect(tailCount(1000, 0.95)).toBe(50); // 1000 × 0.05 = 50.000000000000004 in floats
    expect(tailCount(1000, 0.99)).toBe(10);
    expect(tailCount(999, 0.99)).toBe(10); // 9.99 → 10
    // P&L −500 … 499: the 50th worst is −451; ES = mean(−500 … −451) = −475.5
    const x = Float64Array.from({ length: 1000 }, (_, i) => 499 - i);
    const f = historicalVar(x, 0.95);
    expect(f.var).toBe(451);
    expect(f.es).toBe(475.5);
  });

  it('N days by overlapping sums or by √N', () => {
    const d = Float64Array.from([-1, 2, -3, 4, -5, 6]);
    // 3-day sums: −2, 3, −4, 5; α = 0.5 → k = 2 → VaR = 2, ES = (4 + 2) / 2 = 3
    const o = historicalVar(d, 0.5, 3);
    expect([o.var, o.es]).toEqual([2, 3]);
    // √N: 1-day α 0.5: k = 3 of [−5, −3, −1, 2, 4, 6] → VaR 1, ES 3; × √4 = 2 and 6
    const s = historicalVar(d, 0.5, 4, { scaling: 'sqrt' });
    expect([s.var, s.es]).toEqual([2, 6]);
  });
});

describe('parametric normal VaR and ES', () => {
  it('uses z = Φ⁻¹(α), σ√N and μN', () => {
    // μ = 100, σ = 10,000, N = 4: σ√N = 20,000, μN = 400
    const f = parametricVar(100, 10_000, 0.99, 4);
    expect(f.var).toBeCloseTo(2.3263478740408408 * 20_000 - 400, 3); // 46,126.96
    // standard normal ES at 99% is φ(z)/0.01 = 2.665214220345808
    expect(f.es).toBeCloseTo(2.665214220345808 * 20_000 - 400, 3); // 52,904.28
    const g = parametricVar(0, 1, 0.95);
    expect(g.var).toBeCloseTo(1.6448536269514722, 13);
    expect(g.es).toBeCloseTo(2.0627128075074257, 12);
  });
});

describe('Monte Carlo VaR', () => {
  const rng = new SeededRandom(99);
  const rows = [0, 1, 2].map(() => new Float64Array(500));
  for (let t = 0; t < 500; t++) {
    const m = 0.01 * rng.nextNormal();
    rows[0]![t] = 0.0004 + 1.1 * m + 0.008 * rng.nextNormal();
    rows[1]![t] = 0.0002 + 0.7 * m + 0.012 * rng.nextNormal();
    rows[2]![t] = -0.0001 + 0.3 * m + 0.005 * rng.nextNormal();
  }
  const r = returnsMatrix(rows);
  const means = assetMeans(r);
  const cov = covarianceMatrix(r, means);
  const chol = cholesky(cov, 3);
  const values = Float64Array.from([300_000, 200_000, -100_000]);

  it('equals a straightforward per-asset simulation with the same seed', () => {
    const paths = 2000;
    const h = 5;
    const ours = monteCarloPnl({ values, means, chol, paths, seed: 7, horizonDays: h });
    // reference: r_i = μ_i·h + √h·Σ_j L_ij z_j for every asset, P&L = Σ v_i r_i
    const g = new SeededRandom(7);
    const ref = new Float64Array(paths);
    for (let p = 0; p < paths; p++) {
      const z = [g.nextNormal(), g.nextNormal(), g.nextNormal()];
      let pnl = 0;
      for (let i = 0; i < 3; i++) {
        let x = 0;
        for (let j = 0; j < 3; j++) x += chol[i * 3 + j]! * z[j]!;
        pnl += values[i]! * (means[i]! * h + Math.sqrt(h) * x);
      }
      ref[p] = pnl;
    }
    ref.sort();
    for (let p = 0; p < paths; p++) expect(ours[p]).toBeCloseTo(ref[p]!, 6);
  });

  it('converges to the parametric figure of vᵀΣv for many paths', () => {
    let variance = 0;
    let mu = 0;
    for (let i = 0; i < 3; i++) {
      mu += values[i]! * means[i]!;
      for (let j = 0; j < 3; j++) variance += values[i]! * values[j]! * cov[i * 3 + j]!;
    }
    const [mc95, mc99] = monteCarloVar({ values, means, chol, paths: 200_000, seed: 1 }, [0.95, 0.99]);
    const p95 = parametricVar(mu, Math.sqrt(variance), 0.95);
    const p99 = parametricVar(mu, Math.sqrt(variance), 0.99);
    expect(Math.abs(mc95!.var / p95.var - 1)).toBeLessThan(0.02);
    expect(Math.abs(mc99!.var / p99.var - 1)).toBeLessThan(0.03);
    expect(Math.abs(mc99!.es / p99.es - 1)).toBeLessThan(0.04);
  });

  it('reuses one simulation for every horizon: N-day figures equal the N-day P&L sample tail', () => {
    const figs = monteCarloVar({ values, means, chol, paths: 3000, seed: 11 }, [0.95, 0.99], [1, 10]);
    expect(figs.map((f) => [f.horizonDays, f.confidence])).toEqual([[1, 0.95], [1, 0.99], [10, 0.95], [10, 0.99]]);
    const ten = monteCarloPnl({ values, means, chol, paths: 3000, seed: 11, horizonDays: 10 });
    // k = ceil(3000 × 0.01) = 30 → VaR = −x(30), ES = −mean(x(1..30))
    let s = 0;
    for (let p = 0; p < 30; p++) s += ten[p]!;
    expect(figs[3]!.var).toBeCloseTo(-ten[29]!, 6);
    expect(figs[3]!.es).toBeCloseTo(-s / 30, 6);
  });

  it('is reproducible for a seed', () => {
    const a = monteCarloVar({ values, means, chol, paths: 1000, seed: 5 }, [0.99]);
    const b = monteCarloVar({ values, means, chol, paths: 1000, seed: 5 }, [0.99]);
    expect(a).toEqual(b);
  });
});
