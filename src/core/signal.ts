import type { StrategyInstanceId } from './ids';

/**
 * A strategy's view on one symbol, LEAN-style insight: it says what the strategy wants, never how
 * to trade it. Portfolio construction turns signals into targets; only the OMS creates orders.
 */
export type SignalDirection = 'long' | 'flat' | 'short';

export interface Signal {
  readonly instanceId: StrategyInstanceId;
  readonly symbol: string;
  readonly direction: SignalDirection;
  /**
   * Share of the instance's capital wanted in this symbol, in [0, 1] (1 = all of it).
   * Ignored for `flat` (always 0). The sign comes from `direction`.
   */
  readonly weight: number;
  /** Protective stop price (optional). */
  readonly stop?: number;
  /** Take-profit price (optional). */
  readonly takeProfit?: number;
  /** Why, in a few words a person can read ("SMA10 crossed above SMA30"). */
  readonly reason: string;
  /** Decision instant: the close time of the bar the decision was taken on (epoch ms). */
  readonly time: number;
}

/** Signed weight of a signal: +w long, -w short, 0 flat. */
export function signedWeight(s: Pick<Signal, 'direction' | 'weight'>): number {
  if (s.direction === 'flat') return 0;
  return s.direction === 'long' ? s.weight : -s.weight;
}
