/**
 * How the simulated broker fills an order on a bar (a tick is a bar with open = high = low = close), in paper
 * trading and in backtests alike:
 *  - MARKET: at the bar's open ± slippage (buys pay more, sells get less);
 *  - LIMIT: at the open if the bar opens through the limit, else at the limit if the range reaches it;
 *  - SL-M: at the open ± slippage on a gap through the trigger, else at the trigger ± slippage when the range
 *    reaches it; SL (stop-limit) is not simulated and is refused.
 * Slipped prices are rounded to the tick grid on the unfavourable side when a tick size is given.
 */
import type { Bar } from '../../core/bar';
import { ceilToTick, floorToTick } from '../../core/money';
import type { OrderIntent, Side } from '../../core/order';

/** Market price after slippage: buys pay more, sells receive less. */
export function slippedPrice(price: number, side: Side, slippageBps: number, tickSize?: number): number {
  const p = side === 'BUY' ? price * (1 + slippageBps / 10_000) : price * (1 - slippageBps / 10_000);
  if (tickSize === undefined || slippageBps === 0) return p;
  return side === 'BUY' ? ceilToTick(p, tickSize) : floorToTick(p, tickSize);
}

/** Fill price of an order on a bar, or NaN if the bar does not reach it. */
export function fillPriceOnBar(intent: OrderIntent, bar: Readonly<Bar>, slippageBps: number, tickSize?: number): number {
  const buy = intent.side === 'BUY';
  switch (intent.orderType) {
    case 'MARKET':
      return slippedPrice(bar.open, intent.side, slippageBps, tickSize);
    case 'LIMIT': {
      const lim = intent.price!;
      if (buy ? bar.open <= lim : bar.open >= lim) return bar.open;
      return (buy ? bar.low <= lim : bar.high >= lim) ? lim : NaN;
    }
    case 'SL-M': {
      const trg = intent.trigger!;
      if (buy ? bar.open >= trg : bar.open <= trg) return slippedPrice(bar.open, intent.side, slippageBps, tickSize);
      return (buy ? bar.high >= trg : bar.low <= trg) ? slippedPrice(trg, intent.side, slippageBps, tickSize) : NaN;
    }
    default:
      return NaN;
  }
}

/** Why the simulated broker cannot take this intent, or undefined when it can. */
export function simulationProblem(intent: OrderIntent): string | undefined {
  if (!(intent.quantity > 0) || !Number.isInteger(intent.quantity)) return 'quantity must be a whole number above 0';
  if (intent.orderType === 'SL') return 'stop-limit (SL) orders are not simulated; use SL-M or LIMIT';
  if (intent.orderType === 'LIMIT' && !(intent.price! > 0)) return 'a LIMIT order needs a price';
  if (intent.orderType === 'SL-M' && !(intent.trigger! > 0)) return 'an SL-M order needs a trigger price';
  return undefined;
}
