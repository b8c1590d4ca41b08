/**
 * Zerodha equity cost model (cash segment, CNC and MIS) over a dated rate schedule.
 *
 * Rounding rules (what we chose and why):
 * - Everything is computed in paise from the traded value in whole paise (quantity × price, rounded
 *   to the paisa), so sums never drift.
 * - The unit of charging is the daily CONTRACT NOTE: all orders executed on one IST date. That is
 *   where a broker rounds, so `contractNotes()` is the exact form and `charges(trade)` is the note of
 *   a single order (exact when a scrip trades once a day, the usual backtest case).
 * - Brokerage: per executed order, min(rate × order value, cap), rounded to the paisa
 *   (half up). Delivery brokerage is 0.
 * - STT: per scrip and product on the note (sum of the buy and sell STT of that scrip), rounded to the
 *   nearest rupee (half up), as contract notes show it (STT is collected in whole rupees).
 * - Stamp duty: per scrip and product on the note (buy side), rounded to the nearest rupee (half up),
 *   as on contract notes. (Zerodha's web calculator shows stamp to the paisa; notes round.)
 * - Exchange transaction charges: rate × the note's turnover on that exchange, rounded to the paisa.
 * - SEBI fee: rate × the note's turnover, rounded to the paisa.
 * - GST: 18% of (brokerage + exchange + SEBI) of the note, computed from the rounded components and
 *   rounded to the paisa.
 * - DP: a fixed amount (GST included) per scrip per IST day with a delivery (CNC) sell, independent of
 *   quantity; posted to the ledger, not the note, and never rounded further.
 * Half-up ties: with integer paise values and integer ₹/crore rates every tie is an exact float, so
 * the rule is deterministic.
 */
import type { ChargeableTrade, ChargesBreakdown, ChargeKind, CostModel } from './types';
import { breakdownFromPaise, sumCharges, tradeValuePaise, ZERO_CHARGES } from './types';
import type { ZerodhaEquityRates } from './zerodhaSchedule';
import { ratesOn, ZERODHA_EQUITY_SCHEDULE } from './zerodhaSchedule';
import { istDateOfInstant } from './istDay';

const CRORE = 10_000_000;

/** Half-up rounding to a whole paisa of a non-negative paise amount. */
const roundPaisa = (paise: number): number => Math.round(paise + 1e-9);
/** Half-up rounding to a whole rupee of a non-negative paise amount (result in paise). */
const roundRupeeInPaise = (paise: number): number => Math.round(paise / 100 + 1e-9) * 100;

/** ₹/crore rate applied to a paise value → paise (unrounded). */
const atRate = (valuePaise: number, perCrore: number): number => (valuePaise * perCrore) / CRORE;

export class ZerodhaEquityCostModel implements CostModel {
  readonly name: string;

  constructor(
    private readonly schedule: readonly ZerodhaEquityRates[] = ZERODHA_EQUITY_SCHEDULE,
    name = 'zerodha',
  ) {
    if (schedule.length === 0) throw new RangeError('ZerodhaEquityCostModel needs a non-empty schedule');
    this.name = name;
  }

  /** The schedule entry in force on the IST date of `time`. */
  ratesAt(time: number): ZerodhaEquityRates {
    return ratesOn(this.schedule, istDateOfInstant(time));
  }

  charges(trade: ChargeableTrade): ChargesBreakdown {
    return this.noteCharges([trade], this.ratesAt(trade.time));
  }

  contractNotes(trades: readonly ChargeableTrade[]): ChargesBreakdown {
    if (trades.length === 0) return ZERO_CHARGES;
    const byDate = new Map<string, ChargeableTrade[]>();
    for (const t of trades) {
      const d = istDateOfInstant(t.time);
      const list = byDate.get(d);
      if (list) list.push(t);
      else byDate.set(d, [t]);
    }
    const notes: ChargesBreakdown[] = [];
    for (const [date, list] of byDate) notes.push(this.noteCharges(list, ratesOn(this.schedule, date)));
    return sumCharges(notes);
  }

  /** One contract note: `trades` all share one IST date and `r` is the schedule entry of that date. */
  private noteCharges(trades: readonly ChargeableTrade[], r: ZerodhaEquityRates): ChargesBreakdown {
    let brokerage = 0;
    let turnoverNse = 0;
    let turnoverBse = 0;
    const sttByScrip = new Map<string, number>();
    const stampByScrip = new Map<string, number>();
    const dpScrips = new Set<string>();

    for (const t of trades) {
      assertTrade(t);
      const v = tradeValuePaise(t);
      const delivery = t.product === 'CNC';
      const buy = t.side === 'BUY';
      const key = `${t.exchange}:${t.symbol ?? ''}|${t.product}`;

      const bRate = delivery ? r.brokerage.deliveryPerCrore : r.brokerage.intradayPerCrore;
      const bCap = (delivery ? r.brokerage.deliveryCap : r.brokerage.intradayCap) * 100;
      brokerage += Math.min(roundPaisa(atRate(v, bRate)), bCap);

      if (t.exchange === 'NSE') turnoverNse += v;
      else turnoverBse += v;

      const sttRate = delivery ? (buy ? r.stt.deliveryBuy : r.stt.deliverySell) : buy ? r.stt.intradayBuy : r.stt.intradaySell;
      sttByScrip.set(key, (sttByScrip.get(key) ?? 0) + atRate(v, sttRate));

      if (buy) {
        const stampRate = delivery ? r.stamp.deliveryBuy : r.stamp.intradayBuy;
        stampByScrip.set(key, (stampByScrip.get(key) ?? 0) + atRate(v, stampRate));
      } else if (delivery) {
        // DP is per scrip (ISIN) in the demat account, whichever exchange it was sold on.
        dpScrips.add(t.symbol ?? '');
      }
    }

    let stt = 0;
    for (const p of sttByScrip.values()) stt += roundRupeeInPaise(p);
    let stampDuty = 0;
    for (const p of stampByScrip.values()) stampDuty += roundRupeeInPaise(p);
    const exchange = roundPaisa(atRate(turnoverNse, r.exchange.NSE)) + roundPaisa(atRate(turnoverBse, r.exchange.BSE));
    const sebi = roundPaisa(atRate(turnoverNse + turnoverBse, r.sebiPerCrore));
    const gst = roundPaisa(((brokerage + exchange + sebi) * r.gstPercent) / 100);
    const dp = dpScrips.size * Math.round(r.dpPerScripDay * 100);

    const p: Record<ChargeKind, number> = { brokerage, stt, exchange, sebi, stampDuty, gst, dp };
    return breakdownFromPaise(p);
  }
}

function assertTrade(t: ChargeableTrade): void {
  if (!(Number.isInteger(t.quantity) && t.quantity > 0)) throw new RangeError(`trade quantity must be a positive whole number, got ${t.quantity}`);
  if (!(Number.isFinite(t.price) && t.price > 0)) throw new RangeError(`trade price must be a positive number, got ${t.price}`);
  if (!Number.isFinite(t.time)) throw new RangeError('trade time must be an epoch-ms instant');
}
