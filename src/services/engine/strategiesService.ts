/** Strategies over the engine's StrategyRegistry. */
import type { StrategyRegistry } from '../../engine/strategyRegistry';
import type { StrategiesService } from '../api/strategies';

export function strategiesService(registry: StrategyRegistry): StrategiesService {
  return {
    list: () => registry.list(),
    describe: (name) => registry.describe(name),
  };
}
