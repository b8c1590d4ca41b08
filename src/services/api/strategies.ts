import type { Result } from '../../core/result';
import type { StrategyDescription, StrategySummary } from '../../engine/strategyRegistry';
import type { Refusal } from '../user';

export type { ParamInfo, StrategyDescription, StrategySummary } from '../../engine/strategyRegistry';

export interface StrategiesService {
  list(): readonly StrategySummary[];
  describe(name: string): Result<StrategyDescription, Refusal>;
}
