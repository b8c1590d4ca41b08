/**
 * The pre-trade limits' view of the whole position book (riskGate.ts takes it as a value):
 *  - positions: per symbol, every account's filled shares plus its open orders, valued at the mode's last price;
 *  - equity: the account's figure (`market.equity`: paper, the book at its marks plus unallocated cash; live,
 *    Kite's equity margin plus the strategies' shares);
 *  - day P&L: equity now − equity at the start of the IST day, fixed at the day's first check (valued at the
 *    previous session's closes when the market can tell, `equityAtDayStart`);
 *  - VaR: per symbol z_α × σ of its closed-bar returns scaled to a day (`varPerRupee`); the book's VaR is
 *    Σ |value| × that — the undiversified sum, an upper bound, so the limit errs on the safe side.
 */
import { istMidnight } from '../calendar/ist';
import type { TradingState } from '../core/tradingState';
import type { PositionBook } from '../oms/positionBook';
import type { SectorMap } from './concentration';
import type { HeldPosition, MarketInfo, RecentOrder, RiskSnapshot } from './riskSnapshot';

/** Exchange facts of a symbol the prices do not carry. */
export type ExchangeInfo = Pick<MarketInfo, 'lowerCircuit' | 'upperCircuit' | 'freezeQuantity' | 'lotSize'>;

/** The mode's own market, as the risk engine reads it. */
export interface BookMarket {
  /** The last price of `symbol` (undefined: unknown, or too old to trade on). */
  price(symbol: string): number | undefined;
  /** When that price was seen (epoch ms). */
  priceTime?(symbol: string): number | undefined;
  info?(symbol: string): ExchangeInfo | undefined;
  /** The account's equity now, rupees (NaN when unknown). */
  equity(): number;
  /** Why the equity is unknown now (e.g. Kite's margins not read yet); orders are refused with it. */
  equityUnavailable?(): string | undefined;
  /** The equity at the start of the IST day that begins at `dayStart` (default: the equity at the day's first check). */
  equityAtDayStart?(dayStart: number): number;
  /** Stand-alone 1-day VaR per rupee held of `symbol` at `time`, or undefined with too little history. */
  varPerRupee?(symbol: string, time: number): number | undefined;
  /** Reads what `varPerRupee` needs of these symbols and cannot read synchronously (e.g. their daily history). */
  prepare?(symbols: Iterable<string>): Promise<void>;
  /** Why `symbol` has no volatility estimate, when the market knows (e.g. its history could not be read). */
  varProblem?(symbol: string): string | undefined;
  readonly sectors?: SectorMap;
}

export interface SnapshotRequest {
  readonly time: number;
  readonly tradingState: TradingState;
  /** A symbol the order is for, valued even when nothing of it is held. */
  readonly extraSymbol?: string;
  readonly recent: readonly RecentOrder[];
  /** The day's start, kept by the caller across snapshots (updated here on a new day). */
  readonly dayStart: { day: number; equity: number };
}

/**
 * Fixes the start of the IST day of `time` in `dayStart` (in place) when it holds another day, or when its figure was
 * unknown (e.g. before Kite's margins were read): `market.equityAtDayStart`, else the equity now. One rule for the
 * gate's checks and the reports (RiskEngine.dayStartAt).
 */
export function rollDayStart(market: Pick<BookMarket, 'equityAtDayStart'>, dayStart: { day: number; equity: number }, time: number, equityNow: number): void {
  const day = istMidnight(time);
  if (day === dayStart.day && Number.isFinite(dayStart.equity)) return;
  dayStart.day = day;
  const e = market.equityAtDayStart?.(day);
  dayStart.equity = e !== undefined && Number.isFinite(e) ? e : equityNow;
}

export function bookSnapshot(book: PositionBook, market: BookMarket, r: SnapshotRequest): RiskSnapshot {
  const held = new Map<string, number>();
  for (const a of book.accounts()) {
    for (let j = 0; j < a.size; j++) {
      const q = a.position[j]! + a.working[j]!;
      if (q === 0) continue;
      const s = a.symbols[j]!;
      held.set(s, (held.get(s) ?? 0) + q);
    }
  }
  const priceOf = (s: string): number => market.price(s) ?? NaN;
  const positions = new Map<string, HeldPosition>();
  for (const [symbol, quantity] of held) if (quantity !== 0) positions.set(symbol, { quantity, lastPrice: priceOf(symbol) });
  const marketInfo = new Map<string, MarketInfo>();
  const symbols = new Set(positions.keys());
  if (r.extraSymbol !== undefined) symbols.add(r.extraSymbol);
  for (const s of symbols) {
    const at = market.priceTime?.(s);
    marketInfo.set(s, { ...market.info?.(s), lastPrice: priceOf(s), ...(at !== undefined ? { time: at } : {}) });
  }
  const equity = market.equity();
  rollDayStart(market, r.dayStart, r.time, equity);
  const perRupee = new Map<string, number>();
  let varNow = 0;
  let varKnown = market.varPerRupee !== undefined;
  if (market.varPerRupee) {
    for (const s of symbols) {
      const v = market.varPerRupee(s, r.time);
      if (v !== undefined) perRupee.set(s, v);
    }
    for (const [symbol, p] of positions) {
      const v = perRupee.get(symbol);
      if (v === undefined) varKnown = false;
      else varNow += Math.abs(p.quantity * p.lastPrice) * v;
    }
  }
  return {
    time: r.time,
    tradingState: r.tradingState,
    equity,
    dayStartEquity: r.dayStart.equity,
    dayPnl: equity - r.dayStart.equity,
    positions,
    market: marketInfo,
    ...(market.sectors ? { sectors: market.sectors } : {}),
    recentOrders: r.recent,
    ...(varKnown ? { var: { current: varNow, perRupee } } : {}),
  };
}
