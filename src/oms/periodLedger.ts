/**
 * P&L over a period from the one position book: the journal's fills replayed into a fresh book (the same
 * accounts and arithmetic as the live book — each strategy instance's account and the portfolio's) up to the
 * period start, every open position re-based at its period-start mark (mark-to-market; its average price when no
 * mark is known), then the period's fills replayed on top. What is left is one row per (account, symbol, product)
 * with the period's realised P&L, charges and the unrealised P&L at the current marks; every view of the period
 * (net, by symbol, by instance, by sector) is a grouping of these rows, so they all sum to the same net.
 */
import type { StrategyInstanceId } from '../core/ids';
import { roundPaise } from '../core/money';
import type { Product } from '../core/order';
import { replayFills } from './bookReplay';
import type { OrderTransition } from '../core/ports/orderRepository';
import { PositionBook, type SlotSpec } from './positionBook';

export interface LedgerRow {
  /** A strategy instance id, or `portfolio`. */
  readonly account: string;
  readonly symbol: string;
  readonly product: Product;
  /** Signed shares held at the end. */
  readonly quantity: number;
  /** Rupees, each rounded to the paisa (so sums of rows are exact paise). */
  readonly realised: number;
  readonly unrealised: number;
  readonly charges: number;
  /** realised + unrealised − charges. */
  readonly net: number;
}

export interface PeriodLedgerInput {
  /** Every fill of the journal, oldest first (`transitions({ fills: true })`). */
  readonly fills: readonly OrderTransition[];
  /** Start of the period (ms). */
  readonly start: number;
  /** A symbol's mark at the period start (undefined: positions keep their average price). */
  readonly opening: (symbol: string) => number | undefined;
  /** A symbol's mark now (undefined: the last fill's price). */
  readonly mark: (symbol: string) => number | undefined;
}

export function periodLedger(i: PeriodLedgerInput): LedgerRow[] {
  const book = new PositionBook();
  const slots = new Map<StrategyInstanceId, SlotSpec[]>();
  const lastFill = new Map<string, number>();
  for (const t of i.fills) {
    if (!t.fill || t.fill.product === undefined) continue;
    lastFill.set(t.symbol, t.fill.price);
    if (t.strategy === undefined) continue;
    const list = slots.get(t.strategy) ?? [];
    if (!list.some((s) => s.symbol === t.symbol && s.product === t.fill!.product)) list.push({ symbol: t.symbol, product: t.fill.product });
    slots.set(t.strategy, list);
  }
  for (const [id, list] of slots) book.openAccount(id, 0, list);
  replayFills(book, i.fills.filter((t) => t.time < i.start));
  for (const a of book.accounts()) {
    for (let j = 0; j < a.size; j++) a.openPeriod(j, i.opening(a.symbols[j]!));
  }
  replayFills(book, i.fills.filter((t) => t.time >= i.start));
  for (let k = 0; k < book.symbols.length; k++) {
    const s = book.symbols[k]!;
    book.marks[k] = i.mark(s) ?? lastFill.get(s) ?? book.marks[k]!;
  }
  const rows: LedgerRow[] = [];
  for (const a of book.accounts()) {
    for (let j = 0; j < a.size; j++) {
      const quantity = a.position[j]!;
      const realised = roundPaise(a.periodRealised[j]!);
      const charges = roundPaise(a.periodCharges[j]!);
      const m = a.mark(j);
      const unrealised = quantity === 0 || Number.isNaN(m) ? 0 : roundPaise(quantity * (m - a.averagePrice[j]!));
      if (quantity === 0 && realised === 0 && charges === 0) continue;
      rows.push({ account: a.id, symbol: a.symbols[j]!, product: a.products[j]!, quantity, realised, unrealised, charges, net: roundPaise(realised + unrealised - charges) });
    }
  }
  return rows;
}

export interface LedgerGroup {
  readonly key: string;
  readonly realised: number;
  readonly unrealised: number;
  readonly charges: number;
  readonly net: number;
}

/** Rows summed by `keyOf`, in key order. */
export function groupRows(rows: readonly LedgerRow[], keyOf: (r: LedgerRow) => string): LedgerGroup[] {
  const sums = new Map<string, { realised: number; unrealised: number; charges: number; net: number }>();
  for (const r of rows) {
    const k = keyOf(r);
    const s = sums.get(k) ?? { realised: 0, unrealised: 0, charges: 0, net: 0 };
    s.realised += r.realised;
    s.unrealised += r.unrealised;
    s.charges += r.charges;
    s.net += r.net;
    sums.set(k, s);
  }
  return [...sums]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, s]) => ({ key, realised: roundPaise(s.realised), unrealised: roundPaise(s.unrealised), charges: roundPaise(s.charges), net: roundPaise(s.net) }));
}
