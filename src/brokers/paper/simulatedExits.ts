/**
 * The simulated broker's protective exits (the equivalent of Kite's GTT): a stop-loss and/or a take-profit on a
 * position, one-cancels-the-other, checked on each bar's full range once the bar is known. For a long (shorts
 * mirror it):
 *  - the bar opens through the stop (open ≤ stop) → the stop fills at the open ± slippage (a gap);
 *  - the bar opens through the take-profit (open ≥ target) → the take-profit fills at the open;
 *  - else the stop is touched (low ≤ stop) → at the stop ± slippage (a stop-market order);
 *  - else the take-profit is touched (high ≥ target) → at the target (a limit order).
 * When one bar touches both, the order inside the bar is unknown: the stop is assumed first (the pessimistic
 * choice) unless `bothTouched` is 'take-profit-first'.
 */
import type { Bar } from '../../core/bar';
import { clientOrderId, strategyInstanceId, type StrategyInstanceId } from '../../core/ids';
import type { OrderIntent, Product, Side } from '../../core/order';
import { slippedPrice } from './fillRules';

export type BothTouched = 'stop-first' | 'take-profit-first';

export interface SimulatedExit {
  readonly id: string;
  readonly symbol: string;
  readonly product: Product;
  /** SELL closes a long, BUY a short. */
  readonly side: Side;
  readonly quantity: number;
  /** NaN-free: a missing leg is absent. */
  readonly stop?: number;
  readonly takeProfit?: number;
  readonly instanceId?: string;
  status: 'active' | 'triggered' | 'cancelled';
  readonly time: number;
}

export interface ExitTrigger {
  readonly leg: 'stop' | 'takeProfit';
  readonly intent: OrderIntent;
  readonly price: number;
}

function legIntent(x: SimulatedExit, leg: 'stop' | 'takeProfit', quantity: number, time: number): OrderIntent {
  const stop = leg === 'stop';
  return {
    clientOrderId: clientOrderId(`${x.id}${stop ? 'S' : 'T'}`),
    symbol: x.symbol,
    side: x.side,
    quantity,
    orderType: stop ? 'SL-M' : 'LIMIT',
    ...(stop ? { trigger: x.stop! } : { price: x.takeProfit! }),
    product: x.product,
    validity: 'DAY',
    source: { kind: 'risk', rule: stop ? 'stop-loss' : 'take-profit' },
    ...(x.instanceId !== undefined ? { instanceId: strategyInstanceId(x.instanceId) as StrategyInstanceId } : {}),
    reason: stop ? `stop-loss at ${x.stop}` : `take-profit at ${x.takeProfit}`,
    time,
  };
}

/** The leg of `x` this bar fills, for `quantity` shares, or undefined. */
export function exitTriggerOnBar(x: SimulatedExit, bar: Readonly<Bar>, quantity: number, slippageBps: number, tickSize: number | undefined, bothTouched: BothTouched): ExitTrigger | undefined {
  const long = x.side === 'SELL';
  const stop = x.stop ?? NaN;
  const target = x.takeProfit ?? NaN;
  const slip = (p: number): number => slippedPrice(p, x.side, slippageBps, tickSize);
  const hit = (leg: 'stop' | 'takeProfit', price: number): ExitTrigger => ({ leg, intent: legIntent(x, leg, quantity, bar.time), price });
  // NaN levels compare false everywhere, so a missing leg never fires.
  if (long ? bar.open <= stop : bar.open >= stop) return hit('stop', slip(bar.open));
  if (long ? bar.open >= target : bar.open <= target) return hit('takeProfit', bar.open);
  const stopHit = long ? bar.low <= stop : bar.high >= stop;
  const targetHit = long ? bar.high >= target : bar.low <= target;
  if (stopHit && (!targetHit || bothTouched === 'stop-first')) return hit('stop', slip(stop));
  if (targetHit) return hit('takeProfit', target);
  return undefined;
}
