/**
 * What a cost model sees and returns. Cost models are pure rules shared by backtest, paper and live
 * (the OMS and the risk gate estimate charges with the same code that books them).
 */
import type { Exchange } from '../instrument';
import type { Product, Side } from '../order';

export type TradeSide = Side;
/** Kite's equity products: CNC = delivery, MIS = intraday (squared off the same day). */
export type EquityProduct = Product;
/** Cash-equity exchanges the Zerodha equity schedule covers. */
export type EquityExchange = Extract<Exchange, 'NSE' | 'BSE'>;

/** One executed order (one fill of one order) to be charged. */
export interface ChargeableTrade {
  readonly side: TradeSide;
  /** Whole shares, > 0. */
  readonly quantity: number;
  /** Average execution price in rupees. */
  readonly price: number;
  readonly product: EquityProduct;
  readonly exchange: EquityExchange;
  /** Execution instant, epoch ms (UTC); the IST calendar date picks the rate schedule and the contract note. */
  readonly time: number;
  /** Scrip (trading symbol); STT, stamp duty and DP are charged per scrip. Defaults to one anonymous scrip. */
  readonly symbol?: string;
}

/**
 * Charges in rupees, each already rounded as the model's rules say (see the model's header). A single
 * order's breakdown is never negative; the per-fill increments of a charge book can be (a same-day sell
 * re-prices the buy it squares off: see chargeBook.ts).
 */
export interface ChargesBreakdown {
  readonly brokerage: number;
  readonly stt: number;
  readonly exchange: number;
  readonly sebi: number;
  readonly stampDuty: number;
  readonly gst: number;
  /** Depository charge (incl. GST) on delivery sells; posted to the ledger, not the contract note. */
  readonly dp: number;
  readonly total: number;
}

export type ChargeKind = Exclude<keyof ChargesBreakdown, 'total'>;
export const CHARGE_KINDS: readonly ChargeKind[] = ['brokerage', 'stt', 'exchange', 'sebi', 'stampDuty', 'gst', 'dp'];

export interface CostModel {
  /** Short identifier for reports and result hashes, e.g. `zerodha`, `bps:5`, `none`. */
  readonly name: string;
  /**
   * At most what the model charges a buy, in basis points of its value: what the risk engine keeps aside per bought
   * rupee so a buy sized to the cash never overdraws it once charged (src/risk/cashBuffer.ts).
   */
  readonly buyChargeBps: number;
  /** Charges of one executed order as if it were alone on its contract note. */
  charges(trade: ChargeableTrade): ChargesBreakdown;
  /**
   * Charges of a set of executed orders grouped into daily contract notes (one per IST trading day),
   * with the model's per-note rounding applied; the sum over all notes. Orders of one day are taken in
   * time order (same-day netting is first in, first out).
   */
  contractNotes(trades: readonly ChargeableTrade[]): ChargesBreakdown;
  /** An empty contract note for the IST date `YYYY-MM-DD`, to be filled order by order (see chargeBook.ts). */
  openNote(date: string): DayNote;
}

/** Paise by kind (integers), the exact form of a breakdown. */
export type ChargePaise = Record<ChargeKind, number>;

/**
 * One IST day's contract note built order by order, in execution order: `totals()` after the k-th
 * `add` equals `contractNotes` of those k orders, so the per-order increments add up to the note.
 */
export interface DayNote {
  /** Records an executed order of this day. */
  add(trade: ChargeableTrade): void;
  /** The note so far, paise by kind (a fresh object). */
  totals(): ChargePaise;
  /** The note as it would be with `trade` added; nothing is recorded. */
  preview(trade: ChargeableTrade): ChargePaise;
}

export const ZERO_CHARGES: ChargesBreakdown = Object.freeze({
  brokerage: 0,
  stt: 0,
  exchange: 0,
  sebi: 0,
  stampDuty: 0,
  gst: 0,
  dp: 0,
  total: 0,
});

export const noPaise = (): ChargePaise => ({ brokerage: 0, stt: 0, exchange: 0, sebi: 0, stampDuty: 0, gst: 0, dp: 0 });

/** a − b by kind, as a breakdown (components may be negative: a later order can re-price earlier ones). */
export function paiseDifference(a: ChargePaise, b: ChargePaise): ChargesBreakdown {
  const d = noPaise();
  for (const k of CHARGE_KINDS) d[k] = a[k] - b[k];
  return breakdownFromPaise(d);
}

/** Builds a breakdown from paise components (integers), so the total is exact to the paisa. */
export function breakdownFromPaise(p: Record<ChargeKind, number>): ChargesBreakdown {
  const total = p.brokerage + p.stt + p.exchange + p.sebi + p.stampDuty + p.gst + p.dp;
  return {
    brokerage: p.brokerage / 100,
    stt: p.stt / 100,
    exchange: p.exchange / 100,
    sebi: p.sebi / 100,
    stampDuty: p.stampDuty / 100,
    gst: p.gst / 100,
    dp: p.dp / 100,
    total: total / 100,
  };
}

/** Sums breakdowns component by component in paise (no float drift over many trades). */
export function sumCharges(items: Iterable<ChargesBreakdown>): ChargesBreakdown {
  const p: Record<ChargeKind, number> = { brokerage: 0, stt: 0, exchange: 0, sebi: 0, stampDuty: 0, gst: 0, dp: 0 };
  for (const c of items) for (const k of CHARGE_KINDS) p[k] += Math.round(c[k] * 100);
  return breakdownFromPaise(p);
}

/** Traded value in integer paise (prices are on the paisa grid or finer; quantity is whole shares). */
export const tradeValuePaise = (t: Pick<ChargeableTrade, 'quantity' | 'price'>): number =>
  Math.round(t.quantity * t.price * 100);
