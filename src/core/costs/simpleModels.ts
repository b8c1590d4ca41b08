/**
 * Simple cost models behind the same interface as the Zerodha model:
 * - `FlatBpsCostModel`: a flat `bps` basis points of traded value per order, rounded to the paisa
 *   (half up), reported under `brokerage` (it stands for all-in costs; the other kinds stay 0). There is
 *   no per-note rounding or netting, so a note is the sum of its orders.
 * - `ZeroCostModel`: no charges (frictionless runs and the benchmark reference case).
 */
import type { ChargeableTrade, ChargePaise, ChargesBreakdown, CostModel, DayNote } from './types';
import { breakdownFromPaise, noPaise, tradeValuePaise, ZERO_CHARGES } from './types';

export class FlatBpsCostModel implements CostModel {
  readonly name: string;
  /** The flat rate and one basis point more (an order's charge is rounded half up to the paisa). */
  readonly buyChargeBps: number;

  constructor(readonly bps: number) {
    if (!(Number.isFinite(bps) && bps >= 0)) throw new RangeError(`bps must be a non-negative number, got ${bps}`);
    this.name = `bps:${bps}`;
    this.buyChargeBps = bps + 1;
  }

  /** The order's charge in paise. */
  paise(trade: ChargeableTrade): number {
    return Math.round((tradeValuePaise(trade) * this.bps) / 10_000 + 1e-9);
  }

  charges(trade: ChargeableTrade): ChargesBreakdown {
    return breakdownFromPaise({ ...noPaise(), brokerage: this.paise(trade) });
  }

  contractNotes(trades: readonly ChargeableTrade[]): ChargesBreakdown {
    let paise = 0;
    for (const t of trades) paise += this.paise(t);
    return breakdownFromPaise({ ...noPaise(), brokerage: paise });
  }

  openNote(_date: string): DayNote {
    let paise = 0;
    return {
      add: (t) => {
        paise += this.paise(t);
      },
      totals: (): ChargePaise => ({ ...noPaise(), brokerage: paise }),
      preview: (t): ChargePaise => ({ ...noPaise(), brokerage: paise + this.paise(t) }),
    };
  }
}

export class ZeroCostModel implements CostModel {
  readonly name = 'none';
  readonly buyChargeBps = 0;
  charges(_trade: ChargeableTrade): ChargesBreakdown {
    return ZERO_CHARGES;
  }
  contractNotes(_trades: readonly ChargeableTrade[]): ChargesBreakdown {
    return ZERO_CHARGES;
  }
  openNote(_date: string): DayNote {
    return { add: () => undefined, totals: noPaise, preview: noPaise };
  }
}
