/**
 * Zerodha equity cost model (cash segment, CNC and MIS) over a dated rate schedule.
 *
 * The unit of charging is the daily CONTRACT NOTE: all orders executed on one IST date, where the
 * broker rounds and where same-day CNC buys and sells are netted into intraday trades. Every figure
 * comes from `ZerodhaDayNote` (zerodhaNote.ts: the netting and rounding rules with their sources):
 * - `charges(trade)`: the note of that order alone (exact when nothing else trades that scrip that day);
 * - `contractNotes(trades)`: one note per IST date, orders in time order, summed;
 * - `openNote(date)`: an empty note to fill order by order — what a charge book (chargeBook.ts) uses
 *   to charge each fill as it happens, so that a day's fills add up to its contract note.
 */
import type { ChargeableTrade, ChargesBreakdown, CostModel, DayNote } from './types';
import { breakdownFromPaise, sumCharges, ZERO_CHARGES } from './types';
import type { ZerodhaEquityRates } from './zerodhaSchedule';
import { ratesOn, ZERODHA_EQUITY_SCHEDULE } from './zerodhaSchedule';
import { ZerodhaDayNote } from './zerodhaNote';
import { istDateOfInstant } from './istDay';

export class ZerodhaEquityCostModel implements CostModel {
  readonly name: string;
  /**
   * A delivery buy costs about 0.12 % all in (stamp duty 0.015 %, STT 0.1 %, exchange, SEBI, GST: the schedule's
   * rates, zerodhaSchedule.ts); 20 bps keeps a margin above it.
   */
  readonly buyChargeBps = 20;

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

  openNote(date: string): DayNote {
    return new ZerodhaDayNote(ratesOn(this.schedule, date));
  }

  charges(trade: ChargeableTrade): ChargesBreakdown {
    const note = this.openNote(istDateOfInstant(trade.time));
    note.add(trade);
    return breakdownFromPaise(note.totals());
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
    for (const [date, list] of byDate) {
      const note = this.openNote(date);
      // Stable sort: orders at the same instant keep the caller's order.
      for (const t of [...list].sort((a, b) => a.time - b.time)) note.add(t);
      notes.push(breakdownFromPaise(note.totals()));
    }
    return sumCharges(notes);
  }
}
