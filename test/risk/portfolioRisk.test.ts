import { istTime } from '../../src/calendar/ist';
import { concentration } from '../../src/risk/concentration';
import { assetVolatilities, betas, portfolioPnl, volatility } from '../../src/risk/marketExposure';
import { returnsMatrix } from '../../src/risk/matrix';
import { portfolioRisk } from '../../src/risk/portfolioRisk';
import { SeededRandom } from '../../src/risk/prng';
import { indexShock, replayWindow, type PriceHistory } from '../../src/risk/stressTest';

describe('beta and volatility', () => {
  it('beta of an exact linear function of the index', () => {
    const m = Float64Array.from([0.01, -0.02, 0.015, 0.0, -0.005]);
    // asset 0 = 1.5·m + 0.001 → β = 1.5; asset 1 = −0.5·m → β = −0.5; asset 2 constant → β = 0
    const r = returnsMatrix([m.map((x) => 1.5 * x + 0.001), m.map((x) => -0.5 * x), new Float64Array(5).fill(0.002)]);
    const b = betas(r, m);
    expect(b[0]).toBeCloseTo(1.5, 12);
    expect(b[1]).toBeCloseTo(-0.5, 12);
    expect(b[2]).toBeCloseTo(0, 12);
  });

  it('portfolio P&L and volatility by hand', () => {
    const r = returnsMatrix([Float64Array.from([0.01, -0.01, 0.02]), Float64Array.from([0.0, 0.03, -0.01])]);
    const pnl = portfolioPnl(r, Float64Array.from([100_000, 50_000]));
    // day 0: 1000 + 0; day 1: −1000 + 1500 = 500; day 2: 2000 − 500 = 1500
    expect(Array.from(pnl).map((x) => Math.round(x * 1e6) / 1e6)).toEqual([1000, 500, 1500]);
    // mean 1000; deviations 0, −500, 500 → sample var 250,000 → sd 500; / equity 2,00,000 = 0.25%
    const v = volatility(pnl, 200_000);
    expect(v.dailyPnlSd).toBeCloseTo(500, 9);
    expect(v.daily).toBeCloseTo(0.0025, 12);
    expect(v.annualised).toBeCloseTo(0.0025 * Math.sqrt(252), 12);
    // asset 0: Σx² = 0.0006, mean 0.02/3, Σx² − 3·mean² = 0.00046667, / 2 = 0.00023333 → sd 0.015275, × √252
    expect(assetVolatilities(r)[0]).toBeCloseTo(Math.sqrt((0.01 ** 2 + 0.01 ** 2 + 0.02 ** 2 - 3 * (0.02 / 3) ** 2) / 2) * Math.sqrt(252), 12);
  });
});

describe('concentration', () => {
  it('largest position, top-5 share and sectors', () => {
    const positions = [
      { symbol: 'HDFCBANK', value: 300_000 },
      { symbol: 'ICICIBANK', value: 200_000 },
      { symbol: 'TCS', value: -100_000 },
      { symbol: 'INFY', value: 150_000 },
      { symbol: 'ITC', value: 100_000 },
      { symbol: 'XYZ', value: 50_000 },
      { symbol: 'ABC', value: 100_000 },
    ];
    const sectors = { HDFCBANK: 'Banks', ICICIBANK: 'Banks', TCS: 'IT', INFY: 'IT', ITC: 'FMCG', ABC: 'FMCG' };
    const c = concentration(positions, 2_000_000, sectors);
    // gross = 300 + 200 + 100 + 150 + 100 + 50 + 100 = 1,000 thousand; net = 800 thousand
    expect(c.gross).toBe(1_000_000);
    expect(c.net).toBe(800_000);
    expect(c.largest).toEqual({ name: 'HDFCBANK', gross: 300_000, shareOfGross: 0.3, shareOfEquity: 0.15 });
    // top 5: 300 + 200 + 150 + 100 + 100 = 850 → 0.85
    expect(c.top5ShareOfGross).toBeCloseTo(0.85, 12);
    // HHI = .09 + .04 + .01 + .0225 + .01 + .0025 + .01 = 0.185
    expect(c.herfindahl).toBeCloseTo(0.185, 12);
    expect(c.sectors.map((s) => [s.name, s.gross])).toEqual([
      ['Banks', 500_000],
      ['IT', 250_000],
      ['FMCG', 200_000],
      ['Unclassified', 50_000],
    ]);
    expect(c.sectors[0]!.shareOfEquity).toBe(0.25);
  });
});

describe('stress scenarios', () => {
  it('−10% index through beta', () => {
    // 5,00,000 × 1.2 × −0.1 = −60,000; −2,00,000 × 0.8 × −0.1 = +16,000 → −44,000
    const s = indexShock([{ symbol: 'A', value: 500_000 }, { symbol: 'B', value: -200_000 }], Float64Array.from([1.2, 0.8]), -0.1, 1_000_000);
    expect(s.pnl).toBeCloseTo(-44_000, 9);
    expect(s.pnlShareOfEquity).toBeCloseTo(-0.044, 12);
    expect(s.name).toBe('index -10%');
  });

  it('replays a window from prices, proxying an unlisted stock by beta', () => {
    const days = ['2020-02-27', '2020-02-28', '2020-03-02', '2020-03-03', '2020-03-31', '2020-04-01'];
    const t = Float64Array.from(days, (d) => istTime(d));
    const index: PriceHistory = { time: t, close: Float64Array.from([120, 100, 90, 80, 95, 97]) };
    // A is missing 2020-03-03 (no trade): its close carries forward from 03-02
    const a: PriceHistory = { time: Float64Array.from([t[0]!, t[1]!, t[2]!, t[4]!]), close: Float64Array.from([60, 50, 40, 45]) };
    const prices = new Map([['A', a]]);
    const r = replayWindow({ name: 'march', from: '2020-03-01', to: '2020-03-31' }, [{ symbol: 'A', value: 100_000 }, { symbol: 'B', value: 50_000 }], Float64Array.from([1, 2]), prices, index, 1_000_000);
    // base = 2020-02-28 (index 100, A 50). Days 03-02, 03-03, 03-31:
    // A: 40/50 − 1 = −0.2, −0.2 (carried), 45/50 − 1 = −0.1 → −20,000, −20,000, −10,000
    // B proxied: 2 × (0.9 − 1, 0.8 − 1, 0.95 − 1) = −0.2, −0.4, −0.1 → −10,000, −20,000, −5,000
    // totals −30,000, −40,000, −15,000
    expect(r).not.toBeNull();
    expect(r!.pnl).toBeCloseTo(-15_000, 6);
    expect(r!.worstPnl).toBeCloseTo(-40_000, 6);
    expect(r!.proxied).toEqual(['B']);
    expect(replayWindow({ name: 'none', from: '2008-10-01', to: '2008-10-31' }, [], new Float64Array(0), prices, index, 1)).toBeNull();
  });
});

describe('portfolioRisk report', () => {
  it('agrees with straightforward references on random data', () => {
    const g = new SeededRandom(3);
    const k = 6;
    const n = 300;
    const idx = Float64Array.from({ length: n }, () => 0.01 * g.nextNormal());
    const rows = Array.from({ length: k }, (_, i) => Float64Array.from(idx, (m) => 0.0002 * i + (0.5 + 0.2 * i) * m + 0.01 * g.nextNormal()));
    const positions = rows.map((_, i) => ({ symbol: `S${i}`, value: (i % 2 ? -1 : 1) * 100_000 * (i + 1) }));
    const rep = portfolioRisk({ positions, returns: returnsMatrix(rows), indexReturns: idx, equity: 5_000_000, monteCarloPaths: 5000 });
    // reference daily P&L, sorted, k = ceil(300 × 0.01) = 3
    const pnl = Array.from({ length: n }, (_, t) => positions.reduce((s, p, i) => s + p.value * rows[i]![t]!, 0));
    const sorted = [...pnl].sort((a, b) => a - b);
    const h99 = rep.var.find((f) => f.method === 'historical' && f.confidence === 0.99 && f.horizonDays === 1)!;
    expect(h99.var).toBeCloseTo(-sorted[2]!, 6);
    expect(h99.es).toBeCloseTo(-(sorted[0]! + sorted[1]! + sorted[2]!) / 3, 6);
    // 10-day overlapping: 291 sums, k = ceil(2.91) = 3
    const sums = Array.from({ length: n - 9 }, (_, t) => pnl.slice(t, t + 10).reduce((a, b) => a + b, 0)).sort((a, b) => a - b);
    const h10 = rep.var.find((f) => f.method === 'historical' && f.confidence === 0.99 && f.horizonDays === 10)!;
    expect(h10.var).toBeCloseTo(-sums[2]!, 5);
    const mu = pnl.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(pnl.reduce((a, b) => a + (b - mu) ** 2, 0) / (n - 1));
    const p95 = rep.var.find((f) => f.method === 'parametric' && f.confidence === 0.95 && f.horizonDays === 10)!;
    expect(p95.var).toBeCloseTo(1.6448536269514722 * sd * Math.sqrt(10) - 10 * mu, 5);
    const mc = rep.var.filter((f) => f.method === 'monteCarlo');
    expect(mc).toHaveLength(4);
    expect(rep.var).toHaveLength(12); // 3 methods × 2 confidences × 2 horizons
    // beta reference per asset and the rupee beta exposure
    const mm = idx.reduce((a, b) => a + b, 0) / n;
    const vm = idx.reduce((a, b) => a + (b - mm) ** 2, 0);
    let exposure = 0;
    rows.forEach((r, i) => {
      const mi = r.reduce((a, b) => a + b, 0) / n;
      const b = r.reduce((a, x, t) => a + (x - mi) * (idx[t]! - mm), 0) / vm;
      expect(rep.betas[i]).toBeCloseTo(b, 12);
      exposure += positions[i]!.value * b;
    });
    expect(rep.betaExposure).toBeCloseTo(exposure, 6);
    expect(rep.stress[0]!.pnl).toBeCloseTo(-0.1 * exposure, 6);
    // correlation of rows 0 and 1
    const m0 = rows[0]!.reduce((a, b) => a + b, 0) / n;
    const m1 = rows[1]!.reduce((a, b) => a + b, 0) / n;
    let c01 = 0, v0 = 0, v1 = 0;
    for (let t = 0; t < n; t++) {
      c01 += (rows[0]![t]! - m0) * (rows[1]![t]! - m1);
      v0 += (rows[0]![t]! - m0) ** 2;
      v1 += (rows[1]![t]! - m1) ** 2;
    }
    expect(rep.correlation[1]).toBeCloseTo(c01 / Math.sqrt(v0 * v1), 12);
    expect(rep.volatility.dailyPnlSd).toBeCloseTo(sd, 6);
  });
});
