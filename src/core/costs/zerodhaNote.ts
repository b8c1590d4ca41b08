/**
 * One IST day's Zerodha equity contract note, built order by order (the exact form every charge of
 * the Zerodha model comes from: a single order's charges, a set of notes, a charge book's increments).
 *
 * Same-day netting (the rule this file exists for). Zerodha support, "Why was the brokerage charged on
 * delivery trades?": a CNC buy and sell of the same share in one trading session — or shares held in
 * the demat account sold and bought back the same day — are an intraday trade; brokerage is then the
 * intraday 0.03% or ₹20 per executed order, "applicable for both orders, regardless of the quantity
 * bought back". The exchange decides the delivery / non-delivery nature of the quantity at settlement
 * (Indian Stamp Rules 2019, rule 3(2); STT likewise): per exchange and scrip, the squared-off quantity
 * M = min(Σ CNC buys, Σ CNC sells) of the day is non-delivery (STT 0.025% on the sell side only, stamp
 * 0.003% on the buy side, no DP), the rest is delivery (STT 0.1% both sides, stamp 0.015% on buys, DP
 * when shares leave the demat account). Conventions where the rules do not say:
 *  - which shares are the squared-off ones: the first M bought and the first M sold, in execution
 *    order (first in, first out); a partly squared-off order splits its quantity, and its value splits
 *    at its own price (intraday part = quantity × price to the paisa, the rest delivery);
 *  - brokerage: an order with any squared-off shares pays intraday brokerage on its whole value (the
 *    support article's "regardless of the quantity"); other CNC orders pay the delivery rate (0);
 *  - MIS orders are intraday by definition and are not netted against CNC orders.
 *
 * Rounding (everything from traded values in whole paise, exact integer arithmetic: paiseMath.ts):
 *  - brokerage per executed order to the paisa (half up), capped;
 *  - STT per exchange, scrip and nature (intraday / delivery) on the note to the rupee (Zerodha: "STT
 *    … will be rounded off to the nearest rupee");
 *  - stamp duty per exchange, scrip and nature on the note to the PAISA (no rupee rule in the Stamp Act
 *    or its 2019 Rules; Zerodha's calculator shows paise);
 *  - exchange charges (transaction charge + NSE IPFT) on each exchange's turnover of the note, SEBI fee
 *    on the whole turnover, GST 18% of (brokerage + exchange + SEBI): each to the paisa;
 *  - DP once per scrip per day with a delivery sell (any exchange), GST included, not rounded further.
 */
import type { ChargeableTrade, ChargePaise, DayNote, EquityExchange, EquityProduct, TradeSide } from './types';
import { tradeValuePaise } from './types';
import type { ZerodhaEquityRates } from './zerodhaSchedule';
import { atRatePaise, centiRate, mulDivHalfUp, sidesAtRateRupees } from './paiseMath';

interface NoteOrder {
  readonly side: TradeSide;
  readonly quantity: number;
  readonly price: number;
  /** quantity × price in whole paise. */
  readonly value: number;
  readonly product: EquityProduct;
}

/** One exchange + scrip on the note: its orders and their charges before note-level rounding. */
interface ScripDay {
  readonly symbol: string;
  readonly exchange: EquityExchange;
  readonly orders: readonly NoteOrder[];
  readonly part: ScripPart;
}

/** A scrip's share of the note in paise (brokerage, STT and stamp already rounded as the rules say). */
interface ScripPart {
  readonly brokerage: number;
  readonly stt: number;
  readonly stamp: number;
  readonly turnover: number;
  readonly deliverySell: boolean;
}

const EMPTY_PART: ScripPart = { brokerage: 0, stt: 0, stamp: 0, turnover: 0, deliverySell: false };

/** A schedule entry's rates as whole centi-rupees per crore (caps and DP in paise, GST in basis points). */
interface Centi {
  readonly intradayBrokerage: number;
  readonly deliveryBrokerage: number;
  readonly intradayCap: number;
  readonly deliveryCap: number;
  readonly sttDeliveryBuy: number;
  readonly sttDeliverySell: number;
  readonly sttIntradayBuy: number;
  readonly sttIntradaySell: number;
  readonly stampDelivery: number;
  readonly stampIntraday: number;
  /** NSE transaction charge + NSE IPFT. */
  readonly nse: number;
  readonly bse: number;
  readonly sebi: number;
  readonly gst: number;
  readonly dp: number;
}

function centi(r: ZerodhaEquityRates): Centi {
  return {
    intradayBrokerage: centiRate(r.brokerage.intradayPerCrore),
    deliveryBrokerage: centiRate(r.brokerage.deliveryPerCrore),
    intradayCap: Math.round(r.brokerage.intradayCap * 100),
    deliveryCap: Math.round(r.brokerage.deliveryCap * 100),
    sttDeliveryBuy: centiRate(r.stt.deliveryBuy),
    sttDeliverySell: centiRate(r.stt.deliverySell),
    sttIntradayBuy: centiRate(r.stt.intradayBuy),
    sttIntradaySell: centiRate(r.stt.intradaySell),
    stampDelivery: centiRate(r.stamp.deliveryBuy),
    stampIntraday: centiRate(r.stamp.intradayBuy),
    nse: centiRate(r.exchange.NSE) + centiRate(r.nseIpftPerCrore),
    bse: centiRate(r.exchange.BSE),
    sebi: centiRate(r.sebiPerCrore),
    gst: Math.round(r.gstPercent * 100),
    dp: Math.round(r.dpPerScripDay * 100),
  };
}

/** Squared-off (intraday) quantity of each order: MIS whole; CNC the first M bought and the first M sold. */
export function intradayQuantities(orders: readonly Pick<NoteOrder, 'side' | 'quantity' | 'product'>[]): number[] {
  let bought = 0;
  let sold = 0;
  for (const o of orders) {
    if (o.product !== 'CNC') continue;
    if (o.side === 'BUY') bought += o.quantity;
    else sold += o.quantity;
  }
  let buyLeft = Math.min(bought, sold);
  let sellLeft = buyLeft;
  return orders.map((o) => {
    if (o.product !== 'CNC') return o.quantity;
    const take = Math.min(o.quantity, o.side === 'BUY' ? buyLeft : sellLeft);
    if (o.side === 'BUY') buyLeft -= take;
    else sellLeft -= take;
    return take;
  });
}

function scripPart(orders: readonly NoteOrder[], c: Centi): ScripPart {
  const intraday = intradayQuantities(orders);
  let brokerage = 0;
  let turnover = 0;
  // Traded value in paise by side and nature; STT and stamp are rounded once per nature.
  let buyI = 0;
  let sellI = 0;
  let buyD = 0;
  let sellD = 0;
  for (let k = 0; k < orders.length; k++) {
    const o = orders[k]!;
    const q = intraday[k]!;
    const vi = q === o.quantity ? o.value : tradeValuePaise({ quantity: q, price: o.price });
    const vd = o.value - vi;
    turnover += o.value;
    brokerage += q > 0 ? Math.min(atRatePaise(o.value, c.intradayBrokerage), c.intradayCap) : Math.min(atRatePaise(o.value, c.deliveryBrokerage), c.deliveryCap);
    if (o.side === 'BUY') {
      buyI += vi;
      buyD += vd;
    } else {
      sellI += vi;
      sellD += vd;
    }
  }
  return {
    brokerage,
    stt: sidesAtRateRupees(buyI, c.sttIntradayBuy, sellI, c.sttIntradaySell) + sidesAtRateRupees(buyD, c.sttDeliveryBuy, sellD, c.sttDeliverySell),
    stamp: atRatePaise(buyI, c.stampIntraday) + atRatePaise(buyD, c.stampDelivery),
    turnover,
    deliverySell: sellD > 0,
  };
}

/** Running sums of the note's parts (note-level charges are derived from them in `totals`). */
interface Sums {
  brokerage: number;
  stt: number;
  stamp: number;
  turnoverNse: number;
  turnoverBse: number;
}

export class ZerodhaDayNote implements DayNote {
  private readonly c: Centi;
  private readonly scrips = new Map<string, ScripDay>();
  private readonly sums: Sums = { brokerage: 0, stt: 0, stamp: 0, turnoverNse: 0, turnoverBse: 0 };
  /** Per scrip: how many of its exchange entries have a delivery sell (DP when > 0). */
  private readonly dpScrips = new Map<string, number>();

  constructor(rates: ZerodhaEquityRates) {
    this.c = centi(rates);
  }

  add(trade: ChargeableTrade): void {
    const { key, next } = this.withOrder(trade);
    const before = this.scrips.get(key)?.part ?? EMPTY_PART;
    this.scrips.set(key, next);
    addPart(this.sums, next.exchange, before, next.part);
    const change = Number(next.part.deliverySell) - Number(before.deliverySell);
    if (change !== 0) this.dpScrips.set(next.symbol, (this.dpScrips.get(next.symbol) ?? 0) + change);
  }

  totals(): ChargePaise {
    return this.noteOf(this.sums, this.dpCount());
  }

  preview(trade: ChargeableTrade): ChargePaise {
    const { key, next } = this.withOrder(trade);
    const before = this.scrips.get(key)?.part ?? EMPTY_PART;
    const sums = { ...this.sums };
    addPart(sums, next.exchange, before, next.part);
    let dps = this.dpCount();
    const had = (this.dpScrips.get(next.symbol) ?? 0) > 0;
    const has = (this.dpScrips.get(next.symbol) ?? 0) + Number(next.part.deliverySell) - Number(before.deliverySell) > 0;
    dps += Number(has) - Number(had);
    return this.noteOf(sums, dps);
  }

  /** The scrip entry as it is with `trade` appended (a new object; the note is unchanged). */
  private withOrder(trade: ChargeableTrade): { key: string; next: ScripDay } {
    const order = toOrder(trade);
    const symbol = trade.symbol ?? '';
    const key = `${trade.exchange}:${symbol}`;
    const orders = [...(this.scrips.get(key)?.orders ?? []), order];
    return { key, next: { symbol, exchange: trade.exchange, orders, part: scripPart(orders, this.c) } };
  }

  private dpCount(): number {
    let n = 0;
    for (const v of this.dpScrips.values()) if (v > 0) n++;
    return n;
  }

  private noteOf(s: Sums, dpScrips: number): ChargePaise {
    const c = this.c;
    const exchange = atRatePaise(s.turnoverNse, c.nse) + atRatePaise(s.turnoverBse, c.bse);
    const sebi = atRatePaise(s.turnoverNse + s.turnoverBse, c.sebi);
    const gst = mulDivHalfUp(s.brokerage + exchange + sebi, c.gst, 10_000);
    return { brokerage: s.brokerage, stt: s.stt, exchange, sebi, stampDuty: s.stamp, gst, dp: dpScrips * c.dp };
  }
}

function addPart(s: Sums, exchange: EquityExchange, before: ScripPart, after: ScripPart): void {
  s.brokerage += after.brokerage - before.brokerage;
  s.stt += after.stt - before.stt;
  s.stamp += after.stamp - before.stamp;
  if (exchange === 'NSE') s.turnoverNse += after.turnover - before.turnover;
  else s.turnoverBse += after.turnover - before.turnover;
}

function toOrder(t: ChargeableTrade): NoteOrder {
  if (!(Number.isInteger(t.quantity) && t.quantity > 0)) throw new RangeError(`trade quantity must be a positive whole number, got ${t.quantity}`);
  if (!(Number.isFinite(t.price) && t.price > 0)) throw new RangeError(`trade price must be a positive number, got ${t.price}`);
  if (!Number.isFinite(t.time)) throw new RangeError('trade time must be an epoch-ms instant');
  return { side: t.side, quantity: t.quantity, price: t.price, value: tradeValuePaise(t), product: t.product };
}
