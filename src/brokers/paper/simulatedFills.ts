/**
 * Minimal bar-driven fill simulation for backtests (the paper broker builds on it):
 *  - MARKET: fills at the bar's open ± slippage (buys pay more, sells get less);
 *  - LIMIT: fills at the open if the bar opens through the limit, else at the limit if the range
 *    reaches it; SL-M: the same with the trigger (at the open on a gap through it, else at the
 *    trigger), then ± slippage; SL (stop-limit) is not simulated and is rejected.
 * Orders fill on bars after the one they were decided on: the kernel submits at a bar's open (or
 * close) and calls `onBar` with the first bar whose open comes after the decision.
 * Slipped prices are rounded to the tick grid on the unfavourable side when a tick size is given.
 * Deterministic: orders of a symbol fill first-in first-out; updates go out synchronously.
 * Market orders are not acknowledged separately (the fill at the next open is the acknowledgement);
 * resting LIMIT / SL-M orders get an `accepted` update.
 */
import type { Bar } from '../../core/bar';
import type { ExecutionVenue, OrderUpdateListener } from '../../core/broker';
import type { ClientOrderId } from '../../core/ids';
import { ceilToTick, floorToTick } from '../../core/money';
import type { OrderIntent, Side } from '../../core/order';

export interface SimulatedFillOptions {
  /** Slippage in basis points of the price (default 0). */
  readonly slippageBps?: number;
  /** Tick size to round slipped prices to (default: no rounding). */
  readonly tickSize?: number;
  /** Charges for one execution in rupees (default: none). */
  readonly charges?: (intent: OrderIntent, quantity: number, price: number) => number;
}

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

/** Why a simulated venue cannot take this intent, or undefined when it can (shared by backtest and paper venues). */
export function simulationProblem(intent: OrderIntent): string | undefined {
  if (!(intent.quantity > 0) || !Number.isInteger(intent.quantity)) return 'quantity must be a whole number above 0';
  if (intent.orderType === 'SL') return 'stop-limit (SL) orders are not simulated; use SL-M or LIMIT';
  if (intent.orderType === 'LIMIT' && !(intent.price! > 0)) return 'a LIMIT order needs a price';
  if (intent.orderType === 'SL-M' && !(intent.trigger! > 0)) return 'an SL-M order needs a trigger price';
  return undefined;
}

export class SimulatedFills implements ExecutionVenue {
  private listener: OrderUpdateListener = () => undefined;
  /** Working orders per symbol: the first `n` entries of `list` (no array resizing per order). */
  private readonly working = new Map<string, { list: (OrderIntent | undefined)[]; n: number }>();
  private readonly slippageBps: number;

  constructor(private readonly o: SimulatedFillOptions = {}) {
    this.slippageBps = o.slippageBps ?? 0;
  }

  setListener(listener: OrderUpdateListener): void {
    this.listener = listener;
  }

  submit(intent: OrderIntent): void {
    const bad = simulationProblem(intent);
    if (bad !== undefined) {
      this.listener({ kind: 'rejected', clientOrderId: intent.clientOrderId, message: `Order rejected: ${bad}.`, time: intent.time });
      return;
    }
    let w = this.working.get(intent.symbol);
    if (!w) {
      w = { list: [], n: 0 };
      this.working.set(intent.symbol, w);
    }
    w.list[w.n++] = intent;
    // A market order fills at the next open; its acceptance is implied by the fill (SUBMITTED →
    // FILLED is a legal move). Limit and stop orders rest in the book, so they are acknowledged.
    if (intent.orderType !== 'MARKET') this.listener({ kind: 'accepted', clientOrderId: intent.clientOrderId, time: intent.time });
  }

  cancel(id: ClientOrderId, time: number): void {
    for (const w of this.working.values()) {
      for (let k = 0; k < w.n; k++) {
        if (w.list[k]!.clientOrderId !== id) continue;
        w.list.copyWithin(k, k + 1, w.n);
        w.list[--w.n] = undefined;
        this.listener({ kind: 'cancelled', clientOrderId: id, time });
        return;
      }
    }
  }

  onBar(symbol: string, bar: Readonly<Bar>): void {
    const w = this.working.get(symbol);
    if (!w || w.n === 0) return;
    const list = w.list;
    const n = w.n;
    let keep = 0;
    for (let k = 0; k < n; k++) {
      const intent = list[k]!;
      const price = fillPriceOnBar(intent, bar, this.slippageBps, this.o.tickSize);
      if (Number.isNaN(price)) {
        list[keep++] = intent;
        continue;
      }
      const charges = this.o.charges?.(intent, intent.quantity, price) ?? 0;
      this.listener({
        kind: 'filled',
        fill: { clientOrderId: intent.clientOrderId, symbol, side: intent.side, quantity: intent.quantity, price, time: bar.time, source: intent.source, charges },
      });
    }
    for (let k = keep; k < n; k++) list[k] = undefined;
    w.n = keep;
  }

  /** Working orders (for tests and reports). */
  workingOrders(): readonly OrderIntent[] {
    return [...this.working.values()].flatMap((w) => w.list.slice(0, w.n) as OrderIntent[]);
  }
}
