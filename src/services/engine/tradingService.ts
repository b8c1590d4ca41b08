/** The kill switch over the kernel's trading state. */
import type { TradingState } from '../../core/tradingState';
import type { TradingService, TradingStateChange } from '../api/trading';
import type { User } from '../user';

/** What the kernel offers for the kill switch. */
export interface TradingStateHolder {
  readonly tradingState: TradingState;
  setTradingState(state: TradingState, reason: string): void;
}

export function tradingService(kernel: TradingStateHolder): TradingService {
  const set = (state: TradingState, user: User): TradingStateChange => {
    const previous = kernel.tradingState;
    const by = user.name ?? user.id;
    if (previous !== state) kernel.setTradingState(state, `set to ${state} by ${by}`);
    return { previous, state: kernel.tradingState, by };
  };
  return {
    state: () => kernel.tradingState,
    halt: (user) => set('HALTED', user),
    reduce: (user) => set('REDUCING', user),
    resume: (user) => set('ACTIVE', user),
  };
}
