/**
 * Value at Risk and Expected Shortfall (CVaR). All figures are rupee LOSSES, positive when the
 * portfolio loses money, for a confidence α (0.95, 0.99) over a horizon of N trading days.
 *
 * Quantile convention (pinned): sort the P&L sample ascending, x(1) ≤ … ≤ x(n); with
 * k = ceil(n·(1 − α)) (at least 1; a 1e-9 guard stops 1000·0.05 = 50.000000000000004 becoming 51),
 *   VaR = −x(k)                    (the k-th worst outcome, "inverted CDF" quantile)
 *   ES  = −(x(1) + … + x(k)) / k   (the mean of the k worst outcomes, so ES ≥ VaR)
 * Historical N-day: by default the overlapping N-day sums of daily P&L (fixed rupee exposure);
 * `scaling: 'sqrt'` scales the 1-day figures by √N instead.
 * Parametric normal: P&L ~ N(μ, σ²) with the sample mean and sample stdev of daily P&L; over N
 * days μ·N and σ·√N, VaR = z·σ√N − μN, ES = σ√N·φ(z)/(1 − α) − μN, z = Φ⁻¹(α).
 * Monte Carlo: correlated normal daily returns r = μ + L·z (L = Cholesky factor of the sample
 * covariance, z from a seeded PRNG); portfolio P&L v·r over N days is v·μ·N + √N·(Lᵀv)·z, which
 * is the same number as simulating every asset and summing, computed in O(assets) per path.
 * All horizons reuse the same paths (common random numbers).
 */
import { normalPdf, normalQuantile, rollingSums } from './stats';
import { SeededRandom } from './prng';

export interface VarFigure {
  readonly method: 'historical' | 'parametric' | 'monteCarlo';
  readonly confidence: number;
  readonly horizonDays: number;
  /** Loss in rupees not exceeded with probability `confidence`. */
  readonly var: number;
  /** Mean loss in rupees in the tail beyond VaR. */
  readonly es: number;
}

/** k = ceil(n·(1 − α)), the number of tail observations (at least 1). */
export function tailCount(n: number, confidence: number): number {
  return Math.max(1, Math.ceil(n * (1 - confidence) - 1e-9));
}

/** VaR and ES from a P&L sample already sorted ascending. */
export function tailFromSorted(sorted: Float64Array, confidence: number): { var: number; es: number } {
  const n = sorted.length;
  if (n === 0) return { var: NaN, es: NaN };
  const k = Math.min(n, tailCount(n, confidence));
  let s = 0;
  for (let i = 0; i < k; i++) s += sorted[i]!;
  return { var: -sorted[k - 1]!, es: -s / k };
}

export interface HistoricalOptions {
  /** 'overlapping' (default): N-day sums of daily P&L; 'sqrt': 1-day figures × √N. */
  readonly scaling?: 'overlapping' | 'sqrt';
}

/** Historical VaR/ES from a daily P&L series (₹). */
export function historicalVar(
  dailyPnl: Float64Array,
  confidence: number,
  horizonDays = 1,
  opts: HistoricalOptions = {},
): VarFigure {
  const sqrt = opts.scaling === 'sqrt';
  const sample = horizonDays > 1 && !sqrt ? rollingSums(dailyPnl, horizonDays) : Float64Array.from(dailyPnl);
  sample.sort();
  const t = tailFromSorted(sample, confidence);
  const f = sqrt ? Math.sqrt(horizonDays) : 1;
  return { method: 'historical', confidence, horizonDays, var: t.var * f, es: t.es * f };
}

/** Parametric (normal) VaR/ES from the mean and stdev of daily P&L (₹). */
export function parametricVar(meanPnl: number, sdPnl: number, confidence: number, horizonDays = 1): VarFigure {
  const z = normalQuantile(confidence);
  const sd = sdPnl * Math.sqrt(horizonDays);
  const mu = meanPnl * horizonDays;
  return {
    method: 'parametric',
    confidence,
    horizonDays,
    var: z * sd - mu,
    es: (sd * normalPdf(z)) / (1 - confidence) - mu,
  };
}

export interface MonteCarloInput {
  /** Rupee value of each position (negative for shorts). */
  readonly values: Float64Array;
  /** Mean daily return of each asset. */
  readonly means: Float64Array;
  /** Lower Cholesky factor of the daily return covariance (assets × assets, row-major). */
  readonly chol: Float64Array;
  readonly paths: number;
  readonly seed: number;
  /** Horizon for monteCarloPnl and the default horizon of monteCarloVar. */
  readonly horizonDays?: number;
}

/**
 * The simulation: 1-day drift v·μ and the sorted zero-mean shocks (Lᵀv)·z, one per path. Every
 * horizon reuses the same paths (common random numbers): N-day P&L = N·drift + √N·shock, an
 * increasing map, so the sorted order carries over.
 */
function simulate(input: MonteCarloInput): { drift: number; shocks: Float64Array } {
  const { values: v, means, chol, paths, seed } = input;
  const k = v.length;
  // w = Lᵀ·v: the portfolio's loading on each independent shock.
  const w = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    let s = 0;
    for (let i = j; i < k; i++) s += chol[i * k + j]! * v[i]!;
    w[j] = s;
  }
  let drift = 0;
  for (let i = 0; i < k; i++) drift += v[i]! * means[i]!;
  const rng = new SeededRandom(seed);
  const shocks = new Float64Array(paths);
  for (let p = 0; p < paths; p++) {
    let s = 0;
    for (let j = 0; j < k; j++) s += w[j]! * rng.nextNormal();
    shocks[p] = s;
  }
  shocks.sort();
  return { drift, shocks };
}

/** Simulated N-day portfolio P&L, one value per path, sorted ascending. */
export function monteCarloPnl(input: MonteCarloInput): Float64Array {
  const h = input.horizonDays ?? 1;
  const { drift, shocks } = simulate(input);
  const root = Math.sqrt(h);
  for (let p = 0; p < shocks.length; p++) shocks[p] = h * drift + root * shocks[p]!;
  return shocks;
}

/** Monte Carlo VaR/ES for each horizon and confidence from one simulation. */
export function monteCarloVar(
  input: MonteCarloInput,
  confidences: readonly number[],
  horizons: readonly number[] = [input.horizonDays ?? 1],
): VarFigure[] {
  const { drift, shocks } = simulate(input);
  const out: VarFigure[] = [];
  for (const horizonDays of horizons) {
    const root = Math.sqrt(horizonDays);
    for (const confidence of confidences) {
      const t = tailFromSorted(shocks, confidence);
      out.push({ method: 'monteCarlo', confidence, horizonDays, var: root * t.var - horizonDays * drift, es: root * t.es - horizonDays * drift });
    }
  }
  return out;
}
