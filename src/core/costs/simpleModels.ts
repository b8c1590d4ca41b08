/**
 * Simple cost models behind the same interface as the Zerodha model:
 * - `FlatBpsCostModel`: a flat `bps` basis points of traded value per order, rounded to the paisa
 *   (half up), reported under `brokerage` (it stands for all-in costs; the other kinds stay 0).
 * - `ZeroCostModel`: no charges (frictionless runs and the benchmark reference case).
 */
import type { ChargeableTrade, ChargesBreakdown, CostModel } from './types';
import { breakdownFromPaise, tradeValuePaise, ZERO_CHARGES } from './types';

export class FlatBpsCostModel implements CostModel {
  readonly name: string;

  constructor(readonly bps: number) {
    if (!(Number.isFinite(bps) && bps >= 0)) throw new RangeError(`bps must be a non-negative number, got ${bps}`);
    this.name = `bps:${bps}`;
  }

  charges(trade: ChargeableTrade): ChargesBreakdown {
    const paise = Math.round((tradeValuePaise(trade) * this.bps) / 10_000 + 1e-9);
    return breakdownFromPaise({ brokerage: paise, stt: 0, exchange: 0, sebi: 0, stampDuty: 0, gst: 0, dp: 0 });
  }

  /** Per-order charges have no per-note rounding, so a note is the sum of its orders. */
  contractNotes(trades: readonly ChargeableTrade[]): ChargesBreakdown {
    let paise = 0;
    for (const t of trades) paise += Math.round(this.charges(t).brokerage * 100);
    return breakdownFromPaise({ brokerage: paise, stt: 0, exchange: 0, sebi: 0, stampDuty: 0, gst: 0, dp: 0 });
  }
}

export class ZeroCostModel implements CostModel {
  readonly name = 'none';
  charges(_trade: ChargeableTrade): ChargesBreakdown {
    return ZERO_CHARGES;
  }
  contractNotes(_trades: readonly ChargeableTrade[]): ChargesBreakdown {
    return ZERO_CHARGES;
  }
}
