/**
 * The paper broker's stop-loss / take-profit pairs (OCO), the equivalent of Kite's two-leg GTT: the stop leg
 * behaves as an SL-M order (at the trigger, or at the open on a gap through it, then slippage), the take-profit
 * leg as a LIMIT order (at its price, or at the open on a gap through it) — the same `fillPriceOnBar` rules as
 * every other paper and backtest order. Whichever leg a bar touches fills and the pair is done.
 * When one bar touches BOTH legs we cannot know which came first from OHLC; the stop is assumed first (the
 * conservative choice: a backtest must not flatter itself).
 */
import type { Bar } from '../../core/bar';
import { clientOrderId } from '../../core/ids';
import type { OrderIntent, Product, Side } from '../../core/order';
import { fillPriceOnBar } from './simulatedFills';

export interface PaperExit {
  readonly id: string;
  readonly symbol: string;
  readonly product: Product;
  /** SELL closes a long, BUY a short. */
  readonly side: Side;
  readonly quantity: number;
  readonly stop: number;
  readonly takeProfit: number;
  status: 'active' | 'triggered' | 'cancelled';
  readonly time: number;
}

export interface ExitTrigger {
  readonly leg: 'stop' | 'takeProfit';
  readonly intent: OrderIntent;
  readonly price: number;
}

function legIntent(x: PaperExit, leg: 'stop' | 'takeProfit', quantity: number, time: number): OrderIntent {
  const stop = leg === 'stop';
  return {
    clientOrderId: clientOrderId(`${x.id}${stop ? 'S' : 'T'}`),
    symbol: x.symbol,
    side: x.side,
    quantity,
    orderType: stop ? 'SL-M' : 'LIMIT',
    ...(stop ? { trigger: x.stop } : { price: x.takeProfit }),
    product: x.product,
    validity: 'DAY',
    source: { kind: 'risk', rule: stop ? 'stop-loss' : 'take-profit' },
    reason: stop ? `stop-loss at ${x.stop}` : `take-profit at ${x.takeProfit}`,
    time,
  };
}

/** The leg of `x` this bar fills (stop first when both are touched), for `quantity` shares, or undefined. */
export function exitTriggerOnBar(x: PaperExit, bar: Readonly<Bar>, quantity: number, slippageBps: number, tickSize?: number): ExitTrigger | undefined {
  for (const leg of ['stop', 'takeProfit'] as const) {
    const intent = legIntent(x, leg, quantity, bar.time);
    const price = fillPriceOnBar(intent, bar, slippageBps, tickSize);
    if (!Number.isNaN(price)) return { leg, intent, price };
  }
  return undefined;
}
