import type { TradingState } from '../../core/tradingState';
import type { User } from '../user';

export interface TradingStateChange {
  readonly previous: TradingState;
  readonly state: TradingState;
  readonly by: string;
}

/** The kill switch: HALTED (no orders), REDUCING (only orders that shrink positions), ACTIVE. */
export interface TradingService {
  state(): TradingState;
  halt(user: User): TradingStateChange;
  reduce(user: User): TradingStateChange;
  resume(user: User): TradingStateChange;
}
