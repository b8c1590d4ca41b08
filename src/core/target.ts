import type { StrategyInstanceId } from './ids';

/**
 * A target position for one symbol from one strategy instance (LEAN's PortfolioTarget): the
 * quantity the instance should hold, in whole shares (negative = short). Risk may lower it; a
 * liquidation is a target of 0. The OMS diffs targets against current positions to make orders.
 */
export interface Target {
  readonly instanceId: StrategyInstanceId;
  readonly symbol: string;
  /** Signed whole shares wanted after execution. */
  readonly quantity: number;
  /** Signed weight of instance capital the quantity came from (for reports). */
  readonly weight: number;
  /** Price the quantity was sized at. */
  readonly referencePrice: number;
  readonly stop?: number;
  readonly takeProfit?: number;
  readonly reason: string;
  readonly time: number;
}
