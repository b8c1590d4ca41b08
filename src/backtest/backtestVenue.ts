/**
 * The backtest's execution venue (the kernel's ExecutionVenue): bar-driven simulated fills with
 * slippage, tick rounding, costs by kind from a cost model, and an optional volume participation cap.
 *
 * - MARKET: at the bar's open ± slippage (buys pay more, sells get less).
 * - LIMIT: at the open when the bar opens through the limit, else at the limit when the range reaches it.
 * - SL-M (stop): at the open ± slippage when the bar gaps through the trigger, else at the trigger ± slippage
 *   when the range reaches it. (The prices are those of src/brokers/paper/simulatedFills.ts.)
 * - Participation cap: one bar fills at most floor(volume × cap) shares across the symbol's orders,
 *   first in first out; the rest stays working for the next bars (partial fills). Without a cap, orders
 *   fill whole.
 * Every fill is logged (symbol, side, quantity, price, time, charges by kind, reason) for the trade list.
 */
import type { Bar } from '../core/bar';
import type { ExecutionVenue, OrderUpdateListener } from '../core/broker';
import type { ChargesBreakdown, CostModel } from '../core/costs/types';
import { ZERO_CHARGES } from '../core/costs/types';
import { chargeBookFor } from '../core/costs/chargeBook';
import type { ClientOrderId } from '../core/ids';
import type { OrderIntent, Product, Side } from '../core/order';
import { fillPriceOnBar, simulationProblem } from '../brokers/paper/simulatedFills';
import type { FillRecord } from './types';

export interface VenueOptions {
  readonly costs: CostModel;
  readonly slippageBps: number;
  /** 0 = no rounding. */
  readonly tickSize: number;
  /** 0 = no cap. */
  readonly participation: number;
  /** Called for every execution (the trade book and the fill count listen). */
  readonly record: (fill: FillRecord) => void;
}

interface Working {
  readonly intent: OrderIntent;
  left: number;
}

/**
 * Charges of one execution (NSE cash equity), recorded in the run's session charge book: the change
 * this fill makes to its day's contract note, so a same-day CNC sell also re-prices the buy it squares
 * off (src/core/costs/chargeBook.ts). Every fill of the run must come through here, in time order.
 */
export function chargesOf(model: CostModel, side: Side, quantity: number, price: number, product: Product, time: number, symbol: string): ChargesBreakdown {
  if (model.name === 'none') return ZERO_CHARGES;
  return chargeBookFor(model).charge({ side, quantity, price, product, exchange: 'NSE', time, symbol });
}

export class BacktestVenue implements ExecutionVenue {
  private listener: OrderUpdateListener = () => undefined;
  private readonly working = new Map<string, Working[]>();
  private readonly tick: number | undefined;

  constructor(private readonly o: VenueOptions) {
    this.tick = o.tickSize > 0 ? o.tickSize : undefined;
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
    let list = this.working.get(intent.symbol);
    if (!list) {
      list = [];
      this.working.set(intent.symbol, list);
    }
    list.push({ intent, left: intent.quantity });
    if (intent.orderType !== 'MARKET') this.listener({ kind: 'accepted', clientOrderId: intent.clientOrderId, time: intent.time });
  }

  cancel(id: ClientOrderId, time: number): void {
    for (const list of this.working.values()) {
      const k = list.findIndex((w) => w.intent.clientOrderId === id);
      if (k < 0) continue;
      list.splice(k, 1);
      this.listener({ kind: 'cancelled', clientOrderId: id, time });
      return;
    }
  }

  onBar(symbol: string, bar: Readonly<Bar>): void {
    const list = this.working.get(symbol);
    if (!list || list.length === 0) return;
    let capacity = this.o.participation > 0 ? Math.floor(bar.volume * this.o.participation) : Infinity;
    let keep = 0;
    for (let k = 0; k < list.length; k++) {
      const w = list[k]!;
      const price = capacity > 0 ? fillPriceOnBar(w.intent, bar, this.o.slippageBps, this.tick) : NaN;
      if (Number.isNaN(price)) {
        list[keep++] = w;
        continue;
      }
      const q = Math.min(w.left, capacity);
      capacity -= q;
      w.left -= q;
      this.execute(w.intent, q, price, bar.time);
      if (w.left > 0) list[keep++] = w;
    }
    list.length = keep;
  }

  /** Working orders (for tests and reports). */
  workingOrders(): readonly { readonly intent: OrderIntent; readonly left: number }[] {
    return [...this.working.values()].flat();
  }

  private execute(intent: OrderIntent, quantity: number, price: number, time: number): void {
    const charges = chargesOf(this.o.costs, intent.side, quantity, price, intent.product, time, intent.symbol);
    this.o.record({ symbol: intent.symbol, side: intent.side, quantity, price, time, charges, reason: intent.reason, exit: undefined });
    this.listener({
      kind: 'filled',
      fill: { clientOrderId: intent.clientOrderId, symbol: intent.symbol, side: intent.side, quantity, price, time, source: intent.source, charges: charges.total },
    });
  }
}
