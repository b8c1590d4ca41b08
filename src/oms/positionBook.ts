/**
 * The one position book: every account (each strategy instance's sub-account and the portfolio's own book) built
 * from fills, in every mode. Strategies read their instance's account, the risk engine reads the accounts and
 * their sum, /positions and the square-off read the sum, and only the order pipeline writes to it (fills, and the
 * working quantity of open orders). Reconciliation compares the sum with the broker's positions.
 *
 * Symbols are interned once: each gets an index into `marks` (the last price the book values positions at —
 * the kernel writes its marks there) and the kernel is told about every new symbol, so its symbol books and the
 * book's indices stay the same.
 */
import type { StrategyInstanceId } from '../core/ids';
import type { OrderIntent, Product } from '../core/order';
import { AccountLedger } from './accountLedger';

/** The account of orders that belong to no strategy instance (manual orders, rebalances, alerts). */
export const PORTFOLIO_ACCOUNT = 'portfolio';

export interface BookPosition {
  readonly account: string;
  readonly symbol: string;
  readonly product: Product;
  /** Signed shares. */
  readonly quantity: number;
  readonly averagePrice: number;
  /** The book's mark (NaN before any price). */
  readonly lastPrice: number;
}

export interface SlotSpec {
  readonly symbol: string;
  readonly product: Product;
}

export class PositionBook {
  /** Last price per interned symbol. */
  readonly marks: number[] = [];
  readonly symbols: string[] = [];
  /** Told about each symbol interned (the kernel adds its symbol book there). */
  onSymbol: ((symbol: string, index: number) => void) | undefined = undefined;
  readonly portfolio: AccountLedger;
  private readonly index = new Map<string, number>();
  private readonly byId = new Map<string, AccountLedger>();

  constructor() {
    this.portfolio = new AccountLedger(PORTFOLIO_ACCOUNT, 0, this.marks);
    this.byId.set(PORTFOLIO_ACCOUNT, this.portfolio);
  }

  /** The index of `symbol`, interned on first use. */
  intern(symbol: string): number {
    const k = this.index.get(symbol);
    if (k !== undefined) return k;
    const n = this.symbols.length;
    this.symbols.push(symbol);
    this.marks.push(NaN);
    this.index.set(symbol, n);
    this.onSymbol?.(symbol, n);
    return n;
  }

  indexOf(symbol: string): number {
    return this.index.get(symbol) ?? -1;
  }

  /** The mark of a symbol (NaN when unknown). */
  mark(symbol: string): number {
    const k = this.index.get(symbol);
    return k === undefined ? NaN : this.marks[k]!;
  }

  /** Opens a strategy instance's account with one slot per symbol, in order. */
  openAccount(id: StrategyInstanceId, capital: number, slots: readonly SlotSpec[]): AccountLedger {
    if (this.byId.has(id)) throw new Error(`account ${id} is already open`);
    const ledger = new AccountLedger(id, capital, this.marks, Math.max(1, slots.length));
    for (const s of slots) ledger.slot(s.symbol, s.product, this.intern(s.symbol));
    this.byId.set(id, ledger);
    return ledger;
  }

  account(id: string): AccountLedger | undefined {
    return this.byId.get(id);
  }

  /** The account an order trades for: its instance's, or the portfolio's. */
  accountOf(intent: Pick<OrderIntent, 'instanceId'>): AccountLedger {
    return (intent.instanceId !== undefined ? this.byId.get(intent.instanceId) : undefined) ?? this.portfolio;
  }

  accounts(): IterableIterator<AccountLedger> {
    return this.byId.values();
  }

  /** Signed shares of `symbol` in `product` over every account (product omitted: both). */
  net(symbol: string, product?: Product): number {
    let q = 0;
    for (const a of this.byId.values()) {
      for (let j = 0; j < a.size; j++) if (a.symbols[j] === symbol && (product === undefined || a.products[j] === product)) q += a.position[j]!;
    }
    return q;
  }

  /** Shares of `symbol` in `product` held and not already promised to working sells, over every account. */
  freeToSell(symbol: string, product: Product): number {
    let q = 0;
    for (const a of this.byId.values()) {
      for (let j = 0; j < a.size; j++) {
        if (a.symbols[j] !== symbol || a.products[j] !== product) continue;
        q += a.position[j]! - a.selling[j]!;
      }
    }
    return q;
  }

  /** Every non-zero position, per account. */
  positions(): BookPosition[] {
    const out: BookPosition[] = [];
    for (const a of this.byId.values()) {
      for (let j = 0; j < a.size; j++) {
        const q = a.position[j]!;
        if (q !== 0) out.push({ account: a.id, symbol: a.symbols[j]!, product: a.products[j]!, quantity: q, averagePrice: a.averagePrice[j]!, lastPrice: a.mark(j) });
      }
    }
    return out;
  }

  /** Positions summed over the accounts, per symbol and product (what the broker should hold). */
  totals(): BookPosition[] {
    const sum = new Map<string, { symbol: string; product: Product; quantity: number; cost: number; lastPrice: number }>();
    for (const p of this.positions()) {
      const key = `${p.symbol}\u0000${p.product}`;
      const s = sum.get(key) ?? { symbol: p.symbol, product: p.product, quantity: 0, cost: 0, lastPrice: p.lastPrice };
      s.quantity += p.quantity;
      s.cost += p.quantity * p.averagePrice;
      sum.set(key, s);
    }
    return [...sum.values()]
      .filter((s) => s.quantity !== 0)
      .map((s) => ({ account: '*', symbol: s.symbol, product: s.product, quantity: s.quantity, averagePrice: s.cost / s.quantity, lastPrice: s.lastPrice }));
  }
}
