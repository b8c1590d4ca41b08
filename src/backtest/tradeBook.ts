/**
 * Round trips from the fill log, built as fills happen (a backtest's fills, the bot's journal). A trade
 * opens when a symbol's position leaves zero and closes when it is back at zero; a fill that flips the
 * position closes the trade with the shares that reach zero (and carries all of that fill's charges)
 * and opens a new one with the rest. Prices are volume-weighted over the legs; P&L is net of every
 * leg's charges. Positions still open at the end become trades marked at the last close (`open: true`,
 * no exit charges): they stay in the list (exposure, reports) but are NOT closed round trips — the
 * trade count, win rate and profit factor leave them out (src/analytics tradeStats) and reports show
 * them apart (`closedTrades` / `openAtEnd`).
 */
import type { ChargesBreakdown, ChargeKind } from '../core/costs/types';
import { CHARGE_KINDS, ZERO_CHARGES, breakdownFromPaise } from '../core/costs/types';
import type { Side } from '../core/order';
import type { ExitReason, FillRecord, Trade } from './types';
import { SmallMap } from '../core/smallMap';

/**
 * A symbol's round trip in progress. One per symbol, reused from trade to trade (a run of 19,000 trades made as many
 * of these, each with its own boxed numbers); open while `position` is not 0.
 */
interface OpenTrip {
  sign: 1 | -1;
  position: number;
  entryQty: number;
  entryValue: number;
  exitQty: number;
  exitValue: number;
  entryTime: number;
  entryReason: string;
  /** Charges so far in paise, by kind; undefined until a trip of this symbol had some (no-cost runs allocate nothing). */
  paise: Record<ChargeKind, number> | undefined;
  /**
   * Charges so far in paise, in total: the sum of the kinds for a breakdown, or the total alone for a fill whose
   * charges are known only in total (the bot's journal keeps each fill's total).
   */
  totalPaise: number;
  /** Whether a fill with charges is in the trip (its breakdown is then `paise`'s, else none). */
  charged: boolean;
}

const noPaise = (): Record<ChargeKind, number> => ({ brokerage: 0, stt: 0, exchange: 0, sebi: 0, stampDuty: 0, gst: 0, dp: 0 });

export class TradeBook {
  readonly trades: Trade[] = [];
  private readonly trips = new SmallMap<string, OpenTrip>();

  handleFill(f: FillRecord): void {
    this.add(f.symbol, f.side, f.quantity, f.price, f.time, f.charges, f.reason, f.exit);
  }

  /** `handleFill` with the fill's fields as arguments (a backtest's recorder makes no record unless asked for one). */
  add(symbol: string, side: Side, quantity: number, price: number, time: number, charges: ChargesBreakdown, reason: string, exit: ExitReason | undefined): void {
    const signed = side === 'BUY' ? quantity : -quantity;
    let trip = this.trips.get(symbol);
    if (trip === undefined || trip.position === 0) {
      if (trip === undefined) this.trips.set(symbol, (trip = blankTrip()));
      startTrip(trip, signed, quantity, price, time, reason, charges);
      return;
    }
    if (Math.sign(signed) === trip.sign) {
      trip.position += signed;
      trip.entryQty += quantity;
      trip.entryValue += quantity * price;
      addPaise(trip, charges);
      return;
    }
    const closing = Math.min(quantity, Math.abs(trip.position));
    trip.exitQty += closing;
    trip.exitValue += closing * price;
    trip.position += trip.sign === 1 ? -closing : closing;
    addPaise(trip, charges);
    if (trip.position !== 0) return;
    this.close(symbol, trip, time, exit ?? 'signal', false);
    const rest = quantity - closing;
    // The rest of a fill that flipped the position opens the next trip (its charges went with the closing one).
    if (rest > 0) startTrip(trip, signed > 0 ? rest : -rest, rest, price, time, reason, undefined);
  }

  /** Marks every open position at its last close (call once, at the end). */
  finish(lastClose: (symbol: string) => { readonly time: number; readonly close: number }): void {
    for (const [symbol, trip] of [...this.trips.entries()]) {
      if (trip.position === 0) continue;
      const last = lastClose(symbol);
      const q = Math.abs(trip.position);
      trip.exitQty += q;
      trip.exitValue += q * last.close;
      trip.position = 0;
      this.close(symbol, trip, last.time, 'open-at-end', true);
    }
  }

  private close(symbol: string, t: OpenTrip, time: number, reason: ExitReason, open: boolean): void {
    const charges: ChargesBreakdown = t.charged && t.paise !== undefined ? breakdownFromPaise(t.paise) : ZERO_CHARGES;
    const entryPrice = t.entryValue / t.entryQty;
    const exitPrice = t.exitValue / t.exitQty;
    const gross = t.sign === 1 ? t.exitValue - t.entryValue : t.entryValue - t.exitValue;
    const costs = t.totalPaise / 100;
    const pnl = gross - costs;
    this.trades.push({
      symbol,
      side: t.sign === 1 ? 'long' : 'short',
      quantity: t.entryQty,
      entryTime: t.entryTime,
      entryPrice,
      exitTime: time,
      exitPrice,
      pnl,
      costs,
      charges,
      entryReason: t.entryReason,
      exitReason: reason,
      open,
    });
  }
}

function blankTrip(): OpenTrip {
  return { sign: 1, position: 0, entryQty: 0, entryValue: 0, exitQty: 0, exitValue: 0, entryTime: 0, entryReason: '', paise: undefined, totalPaise: 0, charged: false };
}

/** Makes `t` a new trip of `signed` shares at `price` (with the fill's charges, when they are the trip's). */
function startTrip(t: OpenTrip, signed: number, quantity: number, price: number, time: number, reason: string, charges: ChargesBreakdown | undefined): void {
  t.sign = signed > 0 ? 1 : -1;
  t.position = signed;
  t.entryQty = quantity;
  t.entryValue = quantity * price;
  t.exitQty = 0;
  t.exitValue = 0;
  t.entryTime = time;
  t.entryReason = reason;
  t.totalPaise = 0;
  t.charged = false;
  if (t.paise !== undefined) for (const k of CHARGE_KINDS) t.paise[k] = 0;
  if (charges !== undefined) addPaise(t, charges);
}

/**
 * The trade list's exit reason of a risk exit (a stop leg, a take-profit leg, the MIS square-off); undefined for
 * any other rule.
 */
export function exitReasonOf(rule: string): ExitReason | undefined {
  return rule === 'stop-loss' || rule === 'take-profit' || rule === 'mis-square-off' ? rule : undefined;
}

/** The closed round trips of a trade list (positions open at the end left out). */
export function closedTrades(trades: readonly Trade[]): Trade[] {
  return trades.filter((t) => !t.open);
}

/** The positions still open at the end, marked at the last close. */
export function openAtEnd(trades: readonly Trade[]): Trade[] {
  return trades.filter((t) => t.open);
}

function addPaise(t: OpenTrip, c: ChargesBreakdown): void {
  if (c.total === 0) return;
  t.charged = true;
  t.totalPaise += Math.round(c.total * 100);
  const p = (t.paise ??= noPaise());
  for (const k of CHARGE_KINDS) p[k] += Math.round(c[k] * 100);
}
