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
import type { ExitReason, FillRecord, Trade } from './types';
import { SmallMap } from '../core/smallMap';

interface OpenTrip {
  readonly sign: 1 | -1;
  position: number;
  entryQty: number;
  entryValue: number;
  exitQty: number;
  exitValue: number;
  readonly entryTime: number;
  readonly entryReason: string;
  /** Charges so far in paise, by kind; undefined while there are none (no-cost runs allocate nothing). */
  paise: Record<ChargeKind, number> | undefined;
  /**
   * Charges so far in paise, in total: the sum of the kinds for a breakdown, or the total alone for a fill whose
   * charges are known only in total (the bot's journal keeps each fill's total).
   */
  totalPaise: number;
}

const noPaise = (): Record<ChargeKind, number> => ({ brokerage: 0, stt: 0, exchange: 0, sebi: 0, stampDuty: 0, gst: 0, dp: 0 });

export class TradeBook {
  readonly trades: Trade[] = [];
  private readonly open = new SmallMap<string, OpenTrip>();

  handleFill(f: FillRecord): void {
    const signed = f.side === 'BUY' ? f.quantity : -f.quantity;
    const trip = this.open.get(f.symbol);
    if (!trip) {
      this.open.set(f.symbol, this.start(f, signed, f.quantity, true));
      return;
    }
    if (Math.sign(signed) === trip.sign) {
      trip.position += signed;
      trip.entryQty += f.quantity;
      trip.entryValue += f.quantity * f.price;
      addPaise(trip, f.charges);
      return;
    }
    const closing = Math.min(f.quantity, Math.abs(trip.position));
    trip.exitQty += closing;
    trip.exitValue += closing * f.price;
    trip.position += trip.sign === 1 ? -closing : closing;
    addPaise(trip, f.charges);
    if (trip.position !== 0) return;
    this.close(f.symbol, trip, f.time, f.exit ?? 'signal', false);
    const rest = f.quantity - closing;
    if (rest > 0) this.open.set(f.symbol, this.start(f, signed > 0 ? rest : -rest, rest, false));
  }

  /** Marks every open position at its last close (call once, at the end). */
  finish(lastClose: (symbol: string) => { readonly time: number; readonly close: number }): void {
    for (const [symbol, trip] of [...this.open.entries()]) {
      const last = lastClose(symbol);
      const q = Math.abs(trip.position);
      trip.exitQty += q;
      trip.exitValue += q * last.close;
      this.close(symbol, trip, last.time, 'open-at-end', true);
    }
  }

  private start(f: FillRecord, signed: number, quantity: number, withCharges: boolean): OpenTrip {
    const trip: OpenTrip = {
      sign: signed > 0 ? 1 : -1,
      position: signed,
      entryQty: quantity,
      entryValue: quantity * f.price,
      exitQty: 0,
      exitValue: 0,
      entryTime: f.time,
      entryReason: f.reason,
      paise: undefined,
      totalPaise: 0,
    };
    if (withCharges) addPaise(trip, f.charges);
    return trip;
  }

  private close(symbol: string, t: OpenTrip, time: number, reason: ExitReason, open: boolean): void {
    this.open.delete(symbol);
    const charges: ChargesBreakdown = t.paise ? breakdownFromPaise(t.paise) : ZERO_CHARGES;
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
  t.totalPaise += Math.round(c.total * 100);
  const p = (t.paise ??= noPaise());
  for (const k of CHARGE_KINDS) p[k] += Math.round(c[k] * 100);
}
