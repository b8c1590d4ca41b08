/**
 * Period P&L by symbol, average-cost: the book opens at the period start (quantity and cost basis per symbol),
 * fills of the period are replayed in time order — a buy moves the average cost, a sell realises
 * quantity × (price − average cost) — and what is left is marked at the last price (unrealised).
 * Long-only books: a sell never takes a symbol below zero (extra shares are ignored and reported).
 */
export interface OpeningPosition {
  readonly quantity: number;
  /** Cost basis per share at the period start. */
  readonly basis: number;
}

export interface LedgerFill {
  readonly symbol: string;
  readonly side: 'BUY' | 'SELL';
  readonly quantity: number;
  readonly price: number;
}

export interface SymbolLedger {
  readonly symbol: string;
  readonly realised: number;
  readonly unrealised: number;
  readonly quantity: number;
  readonly basis: number;
}

export function periodPnl(opening: ReadonlyMap<string, OpeningPosition>, fills: readonly LedgerFill[], lastPrice: (symbol: string) => number | undefined): SymbolLedger[] {
  const book = new Map<string, { quantity: number; basis: number; realised: number }>();
  for (const [s, p] of opening) if (p.quantity !== 0) book.set(s, { quantity: p.quantity, basis: p.basis, realised: 0 });
  for (const f of fills) {
    const e = book.get(f.symbol) ?? { quantity: 0, basis: 0, realised: 0 };
    if (f.side === 'BUY') {
      e.basis = (e.quantity * e.basis + f.quantity * f.price) / (e.quantity + f.quantity);
      e.quantity += f.quantity;
    } else {
      const q = Math.min(f.quantity, e.quantity);
      e.realised += q * (f.price - e.basis);
      e.quantity -= q;
    }
    book.set(f.symbol, e);
  }
  return [...book]
    .map(([symbol, e]) => {
      const last = lastPrice(symbol) ?? e.basis;
      return { symbol, realised: e.realised, unrealised: e.quantity * (last - e.basis), quantity: e.quantity, basis: e.basis };
    })
    .sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
}
