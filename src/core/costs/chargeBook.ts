/**
 * The session charge book: the ONE stateful, per-fill charging object the simulated broker
 * (src/brokers/paper/simulatedBroker.ts) calls for every execution, in paper trading and in backtests; the
 * approval card estimates an order's charges with the same book (src/oms/approvals.ts).
 *
 * Why it is stateful: a fill path charges a CNC buy the moment it fills, before anyone knows whether it
 * will be sold the same session; if it is, the contract note treats the squared-off quantity as
 * intraday (zerodhaNote.ts). Convention:
 * - `charge(fill)` returns the change of that IST day's contract note caused by this fill:
 *   note(day's fills up to and including it) − note(day's fills before it), kind by kind, in paise.
 * - So a CNC buy is charged at delivery rates when it fills; a later same-day sell that squares it off
 *   is charged its own intraday charges PLUS the re-pricing of the buy quantity it squares off
 *   (the delivery STT and stamp of that quantity come back, intraday brokerage on the buy order is
 *   added). That sell's breakdown can have negative components (a credit), never the day's total.
 * - The fills of a day add up to that day's contract note exactly (to the paisa, kind by kind): the
 *   differences telescope. `day(date)` returns the note itself.
 * - Fills must arrive in execution order within a day (netting is first in, first out); a fill of a
 *   day older than the book keeps is a bug and throws. The book keeps the last `KEEP_DAYS` days.
 * - `estimate(trade)` is what `charge` would return, without recording anything (the approval card).
 * One book per client: paper trading holds one for the process (src/app/tradingWiring.ts); a backtest makes a
 * new one per run (src/backtest/backtestStack.ts), which all the run's instances share (one contract note a day).
 */
import type { ChargeableTrade, ChargesBreakdown, CostModel, DayNote } from './types';
import { breakdownFromPaise, paiseDifference, ZERO_CHARGES } from './types';
import { istDateOfInstant } from './istDay';

/**
 * Said beside a fill's or an order's charges when they are below zero (a sell that squares off shares bought the same
 * day: the convention above), so a trader does not read the minus as an error.
 */
export const CHARGE_CREDIT_NOTE = 'a credit: the shares it squares off from today’s buys are charged as intraday';

/** Days of notes kept open (a fill for an older day is refused). */
const KEEP_DAYS = 8;

export class SessionChargeBook {
  private readonly notes = new Map<string, DayNote>();
  /** The newest date whose note was dropped ('' = none): fills of that day or earlier are refused. */
  private dropped = '';

  constructor(readonly model: CostModel) {}

  /** Charges of this execution, recorded: the change it makes to its day's contract note. */
  charge(trade: ChargeableTrade): ChargesBreakdown {
    const note = this.noteFor(istDateOfInstant(trade.time));
    const before = note.totals();
    note.add(trade);
    return paiseDifference(note.totals(), before);
  }

  /** What `charge(trade)` would return now; nothing is recorded. */
  estimate(trade: ChargeableTrade): ChargesBreakdown {
    const date = istDateOfInstant(trade.time);
    const note = this.notes.get(date) ?? this.model.openNote(date);
    return paiseDifference(note.preview(trade), note.totals());
  }

  /** The contract note of `date` so far (zero when nothing was charged that day). */
  day(date: string): ChargesBreakdown {
    const note = this.notes.get(date);
    return note ? breakdownFromPaise(note.totals()) : ZERO_CHARGES;
  }

  private noteFor(date: string): DayNote {
    const open = this.notes.get(date);
    if (open) return open;
    if (date <= this.dropped) {
      throw new RangeError(`a fill of ${date} arrived after the charge book closed that day's note; fills must come in time order`);
    }
    const note = this.model.openNote(date);
    this.notes.set(date, note);
    if (this.notes.size > KEEP_DAYS) {
      const oldest = [...this.notes.keys()].sort()[0]!;
      this.notes.delete(oldest);
      if (oldest > this.dropped) this.dropped = oldest;
    }
    return note;
  }
}
