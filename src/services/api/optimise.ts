import type { Result } from '../../core/result';
import type { Refusal } from '../user';

export const OPTIMISE_METHODS = ['equal-weight', 'inverse-volatility', 'risk-parity', 'minimum-variance', 'maximum-sharpe'] as const;
export type OptimiseMethod = (typeof OPTIMISE_METHODS)[number];

export interface TargetWeights {
  readonly method: OptimiseMethod;
  readonly weights: readonly { readonly symbol: string; readonly weight: number }[];
  /** Fraction of equity left in cash. */
  readonly cash: number;
  /** Daily volatility of the weighted portfolio (NaN when not estimated). */
  readonly volatility: number;
  /** Daily bars of history the covariance was estimated from. */
  readonly lookbackDays: number;
}

export interface OptimiseService {
  /** Target weights for `symbols` (default: the symbols held or traded now). */
  optimise(method: OptimiseMethod, symbols?: readonly string[]): Promise<Result<TargetWeights, Refusal>>;
}
