/**
 * Running totals of a backtest's fills for the metrics: traded value (Σ |quantity × price|) and
 * charges by kind, summed in integer paise exactly as `sumCharges` does (each fill's component
 * rounded to the paisa, then added). Kept as the fills happen, so the metrics step neither builds a
 * value object per fill nor walks the fill list again.
 */
import type { FillValue } from '../analytics';
import { breakdownFromPaise } from '../core/costs/types';
import type { ChargesBreakdown } from '../core/costs/types';

export class FillTotals {
  traded = 0;
  count = 0;
  private brokerage = 0;
  private stt = 0;
  private exchange = 0;
  private sebi = 0;
  private stampDuty = 0;
  private gst = 0;
  private dp = 0;

  add(quantity: number, price: number, c: ChargesBreakdown): void {
    this.traded += Math.abs(quantity * price);
    this.count++;
    if (c.total === 0 && c.brokerage === 0 && c.stt === 0 && c.exchange === 0 && c.sebi === 0 && c.stampDuty === 0 && c.gst === 0 && c.dp === 0) return;
    this.brokerage += Math.round(c.brokerage * 100);
    this.stt += Math.round(c.stt * 100);
    this.exchange += Math.round(c.exchange * 100);
    this.sebi += Math.round(c.sebi * 100);
    this.stampDuty += Math.round(c.stampDuty * 100);
    this.gst += Math.round(c.gst * 100);
    this.dp += Math.round(c.dp * 100);
  }

  charges(): ChargesBreakdown {
    const { brokerage, stt, exchange, sebi, stampDuty, gst, dp } = this;
    return breakdownFromPaise({ brokerage, stt, exchange, sebi, stampDuty, gst, dp });
  }

  /** The totals as the one `FillValue` computeMetrics sums (same turnover and costs as every fill listed). */
  asFillValues(): readonly FillValue[] {
    return this.count === 0 ? [] : [{ value: this.traded, charges: this.charges() }];
  }
}
