/**
 * Types for the parts of `portfolio-allocation` 0.0.11 we call (the package ships no types).
 * The library checks nothing: callers go through ./solvers.ts, which validates every input first.
 */
declare module 'portfolio-allocation' {
  export interface WeightConstraints {
    minWeights?: number[];
    maxWeights?: number[];
  }
  export interface EfficientFrontierOptions {
    optimizationMethod?: 'critical-line' | 'gsmo' | 'automatic';
    optimizationMethodParams?: { epsGsmo?: number; maxIterGsmo?: number; maxIterCriticalLine?: number };
    constraints?: WeightConstraints;
    epsVolatility?: number;
  }
  export interface RiskBudgetingOptions {
    eps?: number;
    epsSdp?: number;
    maxCycles?: number;
    constraints?: WeightConstraints;
  }
  export function globalMinimumVarianceWeights(sigma: number[][], opt?: EfficientFrontierOptions): number[];
  export function maximumSharpeRatioWeights(mu: number[], sigma: number[][], rf: number, opt?: EfficientFrontierOptions): number[];
  export function equalRiskContributionWeights(sigma: number[][], opt?: RiskBudgetingOptions): number[];
  /** Takes VARIANCES (not volatilities) and returns w_i ∝ 1/√σ²_i. */
  export function inverseVolatilityWeights(variances: number[]): number[];
  export function equalWeights(nbAssets: number): number[];
}
