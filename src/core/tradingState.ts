import type { OrderIntent } from './order';
import type { Result } from './result';

/**
 * The kill switch (NautilusTrader's TradingState). ACTIVE: normal. REDUCING: only orders that
 * shrink an existing position pass. HALTED: no new orders at all.
 */
export type TradingState = 'ACTIVE' | 'REDUCING' | 'HALTED';
export const TRADING_STATES: readonly TradingState[] = ['ACTIVE', 'REDUCING', 'HALTED'];

/**
 * Whether an order of `signedQuantity` (+buy / -sell) may go out while holding `position`
 * (signed shares) in the given state. A reducing order never crosses through zero.
 */
export function allowsOrder(state: TradingState, position: number, signedQuantity: number): boolean {
  if (state === 'ACTIVE') return true;
  if (state === 'HALTED') return false;
  if (position === 0 || signedQuantity === 0) return false;
  const after = position + signedQuantity;
  return Math.sign(after) !== -Math.sign(position) && Math.abs(after) < Math.abs(position);
}

/**
 * What the pre-trade risk gate sees besides the intent. State comes in as an argument, so the
 * gate stays pure (src/risk supplies the real one; the engine has a pass-through default).
 */
export interface RiskSnapshot {
  readonly time: number;
  readonly tradingState: TradingState;
  /** Signed shares the requesting instance holds in the intent's symbol. */
  readonly position: number;
  /** Price the intent was sized at. */
  readonly price: number;
  /** Cash and equity of the requesting instance. */
  readonly cash: number;
  readonly equity: number;
}

export interface RiskDenial {
  /** The rule that said no (`max-position`, `halted`, …). */
  readonly rule: string;
  /** One sentence for people: what was wrong and what to do. */
  readonly message: string;
}

/**
 * Pre-trade gate: passes the intent (possibly reduced) or denies it. A denial is an event, never an
 * exception.
 */
export interface RiskGate {
  check(intent: OrderIntent, snapshot: RiskSnapshot): Result<OrderIntent, RiskDenial>;
}
