/**
 * Per-instance book-keeping: the instance's own cash (its capital share), signed positions with
 * average prices, realised P&L, charges, fills and closed round trips. Marks (latest prices) come
 * from the kernel's price array so nothing is updated per bar.
 */
export class InstanceLedger {
  cash: number;
  realised = 0;
  charges = 0;
  fills = 0;
  /** Round trips closed (a position back to zero or flipped through it). */
  closedTrades = 0;
  winningTrades = 0;
  readonly position: Float64Array;
  readonly averagePrice: Float64Array;
  /** Realised P&L of the round trip still open, per symbol. */
  private readonly tripPnl: Float64Array;

  constructor(
    readonly capital: number,
    /** Kernel symbol index of each local symbol. */
    readonly symbolIndex: Int32Array,
    /** The kernel's mark prices, indexed by kernel symbol index. */
    private readonly marks: { readonly [k: number]: number },
  ) {
    this.cash = capital;
    const n = symbolIndex.length;
    this.position = new Float64Array(n);
    this.averagePrice = new Float64Array(n);
    this.tripPnl = new Float64Array(n);
  }

  mark(j: number): number {
    return this.marks[this.symbolIndex[j]!]!;
  }

  /** Applies one execution of `signed` shares (+buy, −sell) of local symbol j. */
  apply(j: number, signed: number, price: number, charges: number): void {
    const p = this.position[j]!;
    const a = this.averagePrice[j]!;
    this.cash -= signed * price + charges;
    this.charges += charges;
    this.realised -= charges;
    this.tripPnl[j] = this.tripPnl[j]! - charges;
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
    this.tripPnl[j] = this.tripPnl[j]! + pnl;
    const after = p + signed;
    this.position[j] = after;
    if (after === 0 || Math.sign(after) !== Math.sign(p)) {
      this.closedTrades++;
      if (this.tripPnl[j]! > 0) this.winningTrades++;
      this.tripPnl[j] = 0;
      this.averagePrice[j] = after === 0 ? 0 : price;
    }
  }

  /** Cash plus positions at their marks. */
  equity(): number {
    let e = this.cash;
    for (let j = 0; j < this.position.length; j++) {
      const p = this.position[j]!;
      if (p !== 0) e += p * this.mark(j);
    }
    return e;
  }

  unrealised(): number {
    let u = 0;
    for (let j = 0; j < this.position.length; j++) {
      const p = this.position[j]!;
      if (p !== 0) u += p * (this.mark(j) - this.averagePrice[j]!);
    }
    return u;
  }

  /** Gross value of open positions at their marks. */
  exposure(): number {
    let x = 0;
    for (let j = 0; j < this.position.length; j++) {
      const p = this.position[j]!;
      if (p !== 0) x += Math.abs(p * this.mark(j));
    }
    return x;
  }
}
