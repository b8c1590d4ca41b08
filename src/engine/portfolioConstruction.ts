/**
 * Portfolio construction: one signal → one target quantity. Swappable; the default is the simple
 * rule of DESIGN.md: signed signal weight × instance equity / price, in whole shares, rounded
 * towards zero (never more than the weight asks for). Per-instance rules (fixed, pct, kelly, risk) are in sizingRules.ts.
 */
import { floorToLot } from '../core/money';
import type { Signal } from '../core/signal';
import { signedWeight } from '../core/signal';

export interface SizingInput {
  readonly signal: Signal;
  /** Instance equity at the sizing price. */
  readonly equity: number;
  /** Price the target is sized at: the first price after the decision (the next bar's open, or the first tick). */
  readonly price: number;
  readonly position: number;
  readonly lotSize: number;
  /** The instance's closed round trips so far (Kelly sizing reads their P&L). */
  readonly closedPnls?: { closedPnls(): Float64Array };
}

export interface PortfolioConstruction {
  targetQuantity(input: SizingInput): number;
}

export const weightOfCapital: PortfolioConstruction = {
  targetQuantity({ signal, equity, price, lotSize }) {
    const w = signedWeight(signal);
    if (w === 0 || !(price > 0) || !(equity > 0)) return 0;
    const q = floorToLot((Math.abs(w) * equity) / price, lotSize);
    return w > 0 ? q : -q;
  },
};
