/**
 * One call for the whole portfolio risk picture: VaR/ES by three methods at each confidence and
 * horizon, volatility, betas to the index, correlation matrix, concentration and stress.
 * Positions and returns rows correspond one to one (row i = positions[i]).
 */
import { concentration, type Concentration, type RiskPosition, type SectorMap } from './concentration';
import { betas as assetBetas, portfolioPnl, volatility, type Volatility } from './marketExposure';
import { assetMeans, cholesky, correlationFromCovariance, covarianceMatrix, type ReturnsMatrix } from './matrix';
import { mean, stdev } from './stats';
import { indexShock, replayWindow, REPLAY_WINDOWS, type PriceHistory, type ReplayWindow, type StressResult } from './stressTest';
import { historicalVar, monteCarloVar, parametricVar, type HistoricalOptions, type VarFigure } from './valueAtRisk';

export interface PortfolioRiskInput {
  readonly positions: readonly RiskPosition[];
  readonly returns: ReturnsMatrix;
  /** Daily returns of the index (NIFTY 50) over the same days as `returns`. */
  readonly indexReturns: Float64Array;
  readonly equity: number;
  readonly sectors?: SectorMap;
  readonly confidences?: readonly number[];
  readonly horizons?: readonly number[];
  readonly monteCarloPaths?: number;
  readonly seed?: number;
  readonly historical?: HistoricalOptions;
  /** Instant index shocks to apply through beta (default −10%). */
  readonly indexShocks?: readonly number[];
  /** Price histories for replays; without them no replay is run. */
  readonly replay?: {
    readonly prices: ReadonlyMap<string, PriceHistory>;
    readonly index: PriceHistory;
    readonly windows?: readonly ReplayWindow[];
  };
}

export interface PortfolioRiskReport {
  readonly var: readonly VarFigure[];
  readonly volatility: Volatility;
  readonly betas: Float64Array;
  /** Σ v_i·β_i in rupees. */
  readonly betaExposure: number;
  /** betaExposure / net position value (NaN for a flat book). */
  readonly beta: number;
  /** assets × assets, row-major. */
  readonly correlation: Float64Array;
  readonly concentration: Concentration;
  readonly stress: readonly StressResult[];
}

export function portfolioRisk(input: PortfolioRiskInput): PortfolioRiskReport {
  const { positions, returns, equity } = input;
  if (positions.length !== returns.assets) {
    throw new RangeError(`${positions.length} positions but ${returns.assets} return rows`);
  }
  const confidences = input.confidences ?? [0.95, 0.99];
  const horizons = input.horizons ?? [1, 10];
  const values = Float64Array.from(positions, (p) => p.value);
  const pnl = portfolioPnl(returns, values);
  const mu = mean(pnl);
  const sd = stdev(pnl);
  const means = assetMeans(returns);
  const cov = covarianceMatrix(returns, means);
  const chol = cholesky(cov, returns.assets);
  const figures: VarFigure[] = [];
  for (const h of horizons) {
    for (const c of confidences) {
      figures.push(historicalVar(pnl, c, h, input.historical));
      figures.push(parametricVar(mu, sd, c, h));
    }
  }
  figures.push(...monteCarloVar({ values, means, chol, paths: input.monteCarloPaths ?? 10_000, seed: input.seed ?? 42 }, confidences, horizons));
  const b = assetBetas(returns, input.indexReturns);
  let betaExposure = 0;
  let net = 0;
  for (let i = 0; i < values.length; i++) {
    betaExposure += values[i]! * b[i]!;
    net += values[i]!;
  }
  const stress: StressResult[] = (input.indexShocks ?? [-0.1]).map((s) => indexShock(positions, b, s, equity));
  if (input.replay) {
    for (const w of input.replay.windows ?? REPLAY_WINDOWS) {
      const r = replayWindow(w, positions, b, input.replay.prices, input.replay.index, equity);
      if (r) stress.push(r);
    }
  }
  return {
    var: figures,
    volatility: volatility(pnl, equity),
    betas: b,
    betaExposure,
    beta: net !== 0 ? betaExposure / net : NaN,
    correlation: correlationFromCovariance(cov, returns.assets),
    concentration: concentration(positions, equity, input.sectors),
    stress,
  };
}
