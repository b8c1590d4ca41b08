/**
 * One account of the position book: a strategy instance's sub-account (its capital share) or the portfolio's own
 * book (manual orders, rebalances, alerts). Built from fills only: cash, signed positions with average prices,
 * realised P&L, charges, closed round trips — and the working quantity of its open orders (pending approvals
 * included), which the order pipeline keeps in step with every order state change.
 *
 * Positions live in slots (one per symbol and product) in typed arrays; a slot's mark is read from the book's
 * price array, so nothing is updated per bar. An instance's slots are fixed at creation, in the order of its
 * symbols (slot j = the instance's local symbol j); the portfolio's grow as it trades new symbols.
 */
import type { Product } from '../core/order';

/** Prices per interned symbol index (the kernel's marks; a fill marks a symbol no price has reached yet). */
export type Marks = { [index: number]: number };

export class AccountLedger {
  cash: number;
  realised = 0;
  charges = 0;
  fills = 0;
  /** Round trips closed (a position back to zero or flipped through it). */
  closedTrades = 0;
  winningTrades = 0;
  position: Float64Array;
  averagePrice: Float64Array;
  /** Signed shares of open orders (pending approval or working at the broker), not yet filled: buying − selling. */
  working: Float64Array;
  /** Shares open buys still want (≥ 0). */
  buying: Float64Array;
  /** Shares open sells still promise (≥ 0): what a CNC sell may not count on. */
  selling: Float64Array;
  /** Book symbol index of each slot. */
  symbolIndex: Int32Array;
  /** Per slot since the last `openPeriod` (or since the start): realised P&L before charges, and charges. */
  periodRealised: Float64Array;
  periodCharges: Float64Array;
  readonly symbols: string[] = [];
  readonly products: Product[] = [];
  /** Realised P&L of the round trip still open, per slot. */
  private tripPnl: Float64Array;
  private closed = new Float64Array(16);
  /** First slot of each symbol (a symbol has more than one only when traded in both products). */
  private readonly first = new Map<string, number>();

  constructor(
    readonly id: string,
    /** Rupees this account was given (0 for the portfolio's own book, whose cash is the broker's). */
    readonly capital: number,
    private readonly marks: Marks,
    capacity = 4,
  ) {
    this.cash = capital;
    this.position = new Float64Array(capacity);
    this.averagePrice = new Float64Array(capacity);
    this.working = new Float64Array(capacity);
    this.buying = new Float64Array(capacity);
    this.selling = new Float64Array(capacity);
    this.tripPnl = new Float64Array(capacity);
    this.symbolIndex = new Int32Array(capacity);
    this.periodRealised = new Float64Array(capacity);
    this.periodCharges = new Float64Array(capacity);
  }

  /** Number of slots. */
  get size(): number {
    return this.symbols.length;
  }

  /** The slot of `symbol` in `product`, or -1. */
  find(symbol: string, product: Product): number {
    const j = this.first.get(symbol);
    if (j === undefined) return -1;
    if (this.products[j] === product) return j;
    for (let k = j + 1; k < this.symbols.length; k++) if (this.symbols[k] === symbol && this.products[k] === product) return k;
    return -1;
  }

  /** The slot of `symbol` in `product`, created (at book symbol index `index`) when missing. */
  slot(symbol: string, product: Product, index: number): number {
    const found = this.find(symbol, product);
    if (found >= 0) return found;
    const j = this.symbols.length;
    if (j === this.position.length) this.grow(j * 2);
    this.symbols.push(symbol);
    this.products.push(product);
    this.symbolIndex[j] = index;
    if (!this.first.has(symbol)) this.first.set(symbol, j);
    return j;
  }

  mark(j: number): number {
    return this.marks[this.symbolIndex[j]!]!;
  }

  /** An open order of side `sign` (+1 buy, −1 sell) in slot j now holds `delta` more signed shares (− when less). */
  addWorking(j: number, sign: 1 | -1, delta: number): void {
    this.working[j] = this.working[j]! + delta;
    if (sign > 0) this.buying[j] = this.buying[j]! + delta;
    else this.selling[j] = this.selling[j]! - delta;
  }

  /** Applies one execution of `signed` shares (+buy, −sell) in slot j. */
  apply(j: number, signed: number, price: number, charges: number): void {
    // A fill is a price: a symbol no feed has priced yet is marked at it.
    const k = this.symbolIndex[j]!;
    if (Number.isNaN(this.marks[k]!)) this.marks[k] = price;
    const p = this.position[j]!;
    const a = this.averagePrice[j]!;
    this.cash -= signed * price + charges;
    this.charges += charges;
    this.realised -= charges;
    this.tripPnl[j] = this.tripPnl[j]! - charges;
    this.periodCharges[j] = this.periodCharges[j]! + charges;
    this.fills++;
    if (p === 0 || Math.sign(p) === Math.sign(signed)) {
      const q = Math.abs(p) + Math.abs(signed);
      this.averagePrice[j] = (Math.abs(p) * a + Math.abs(signed) * price) / q;
      this.position[j] = p + signed;
      return;
    }
    const closing = Math.min(Math.abs(signed), Math.abs(p));
    const pnl = closing * (price - a) * Math.sign(p);
    this.realised += pnl;
    this.periodRealised[j] = this.periodRealised[j]! + pnl;
    this.tripPnl[j] = this.tripPnl[j]! + pnl;
    const after = p + signed;
    this.position[j] = after;
    if (after === 0 || Math.sign(after) !== Math.sign(p)) {
      const trip = this.tripPnl[j]!;
      this.closedTrades++;
      if (trip > 0) this.winningTrades++;
      if (this.closedTrades > this.closed.length) {
        const next = new Float64Array(this.closed.length * 2);
        next.set(this.closed);
        this.closed = next;
      }
      this.closed[this.closedTrades - 1] = trip;
      this.tripPnl[j] = 0;
      this.averagePrice[j] = after === 0 ? 0 : price;
    }
  }

  /**
   * Starts a reporting period in slot j: its period P&L and charges back to zero and, given the period-start mark,
   * an open position re-based at it (mark-to-market: the period counts only what happened after it began).
   */
  openPeriod(j: number, mark: number | undefined): void {
    this.periodRealised[j] = 0;
    this.periodCharges[j] = 0;
    if (mark !== undefined && Number.isFinite(mark) && this.position[j] !== 0) this.averagePrice[j] = mark;
  }

  /** Net P&L of every closed round trip, in order (a view, valid until the next fill). */
  closedPnls(): Float64Array {
    return this.closed.subarray(0, this.closedTrades);
  }

  /** Cash plus positions at their marks. */
  equity(): number {
    let e = this.cash;
    for (let j = 0; j < this.symbols.length; j++) {
      const p = this.position[j]!;
      if (p !== 0) e += p * this.mark(j);
    }
    return e;
  }

  unrealised(): number {
    let u = 0;
    for (let j = 0; j < this.symbols.length; j++) {
      const p = this.position[j]!;
      if (p !== 0) u += p * (this.mark(j) - this.averagePrice[j]!);
    }
    return u;
  }

  /** Gross value of open positions at their marks. */
  exposure(): number {
    let x = 0;
    for (let j = 0; j < this.symbols.length; j++) {
      const p = this.position[j]!;
      if (p !== 0) x += Math.abs(p * this.mark(j));
    }
    return x;
  }

  private grow(capacity: number): void {
    const copy = <T extends Float64Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(capacity);
      b.set(a);
      return b;
    };
    this.position = copy(this.position, (n) => new Float64Array(n));
    this.averagePrice = copy(this.averagePrice, (n) => new Float64Array(n));
    this.working = copy(this.working, (n) => new Float64Array(n));
    this.buying = copy(this.buying, (n) => new Float64Array(n));
    this.selling = copy(this.selling, (n) => new Float64Array(n));
    this.tripPnl = copy(this.tripPnl, (n) => new Float64Array(n));
    this.symbolIndex = copy(this.symbolIndex, (n) => new Int32Array(n));
    this.periodRealised = copy(this.periodRealised, (n) => new Float64Array(n));
    this.periodCharges = copy(this.periodCharges, (n) => new Float64Array(n));
  }
}
