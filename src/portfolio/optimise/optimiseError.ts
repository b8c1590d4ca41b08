/** Expected failures of portfolio construction, each with one sentence for people. */
export type OptimiseErrorKind =
  | 'invalid-input'
  | 'invalid-covariance'
  | 'infeasible-bounds'
  | 'infeasible-sector-caps'
  | 'no-positive-excess-return'
  | 'solver-failed';

export interface OptimiseError {
  readonly kind: OptimiseErrorKind;
  /** What was wrong and what to do, in one sentence. */
  readonly message: string;
}

export const optimiseError = (kind: OptimiseErrorKind, message: string): OptimiseError => ({ kind, message });
