import type { Result } from '../../core/result';
import type { Refusal } from '../user';

export interface VarLine {
  readonly method: string;
  readonly confidence: number;
  readonly horizonDays: number;
  /** Rupees (positive = loss). */
  readonly valueAtRisk: number;
  readonly expectedShortfall: number;
}

export interface LimitUse {
  readonly name: string;
  readonly used: number;
  readonly limit: number;
  readonly unit: '%' | '₹' | 'orders';
}

export interface RiskReport {
  readonly equity: number;
  readonly grossExposure: number;
  readonly netExposure: number;
  /** Portfolio beta to NIFTY 50 (NaN for a flat book). */
  readonly beta: number;
  readonly var: readonly VarLine[];
  readonly limits: readonly LimitUse[];
}

export interface RiskService {
  report(): Promise<Result<RiskReport, Refusal>>;
}
