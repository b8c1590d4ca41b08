/** Round-trip trade statistics (conventions in ./conventions.ts). */
import type { ChargesBreakdown } from '../core/costs/types';
import { safeRatio } from './conventions';

/**
 * A round trip as the metrics need it (structural: the engine's trade record fits). A position still
 * open at the end is listed too, marked at the last close with `open: true`: it counts for exposure but
 * not in the trade statistics (count, win rate, profit factor, expectancy), which are over CLOSED round
 * trips only; `openPositions` reports it separately.
 */
export interface ClosedTrade {
  readonly entryTime: number;
  readonly exitTime: number;
  /** Whole shares (positive; the side does not matter for value statistics). */
  readonly quantity: number;
  readonly entryPrice: number;
  readonly exitPrice: number;
  /** Realised P&L in ₹, net of costs. */
  readonly pnl: number;
  /** Costs of both legs, when the engine tracks them per trade. */
  readonly charges?: ChargesBreakdown;
  /** True for a position still open at the end (pnl marked at the last close, no exit costs). */
  readonly open?: boolean;
}

/** Positions still open at the end: how many, and their P&L marked at the last close (net of costs paid). */
export interface OpenPositions {
  readonly count: number;
  readonly markedPnl: number;
}

export function openPositions(trades: readonly ClosedTrade[]): OpenPositions {
  let count = 0;
  let markedPnl = 0;
  for (const t of trades) {
    if (t.open !== true) continue;
    count++;
    markedPnl += t.pnl;
  }
  return { count, markedPnl };
}

export interface TradeStats {
  /** Closed round trips (positions open at the end are not counted). */
  readonly trades: number;
  readonly wins: number;
  readonly losses: number;
  readonly winRate: number;
  readonly grossProfit: number;
  /** Sum of losing pnl (≤ 0). */
  readonly grossLoss: number;
  readonly profitFactor: number;
  readonly expectancy: number;
  readonly avgWin: number;
  /** Mean losing pnl (negative); NaN without losses. */
  readonly avgLoss: number;
  readonly largestWin: number;
  readonly largestLoss: number;
}

export function tradeStats(trades: readonly ClosedTrade[]): TradeStats {
  let wins = 0;
  let losses = 0;
  let grossProfit = 0;
  let grossLoss = 0;
  let largestWin = NaN;
  let largestLoss = NaN;
  let n = 0;
  for (const t of trades) {
    if (t.open === true) continue;
    n++;
    if (t.pnl > 0) {
      wins++;
      grossProfit += t.pnl;
      if (!(t.pnl <= largestWin)) largestWin = t.pnl;
    } else if (t.pnl < 0) {
      losses++;
      grossLoss += t.pnl;
      if (!(t.pnl >= largestLoss)) largestLoss = t.pnl;
    }
  }
  return {
    trades: n,
    wins,
    losses,
    winRate: n === 0 ? NaN : wins / n,
    grossProfit,
    grossLoss,
    profitFactor: safeRatio(grossProfit, -grossLoss),
    expectancy: n === 0 ? NaN : (grossProfit + grossLoss) / n,
    avgWin: wins === 0 ? NaN : grossProfit / wins,
    avgLoss: losses === 0 ? NaN : grossLoss / losses,
    largestWin,
    largestLoss,
  };
}

/**
 * Share of curve points inside some trade (entryTime ≤ t < exitTime). Trades may overlap (a universe);
 * a point counts once. O(points + trades·log trades).
 */
export function exposureFromTrades(time: ArrayLike<number>, trades: readonly ClosedTrade[]): number {
  const n = time.length;
  if (n === 0) return NaN;
  const iv = trades.map((t) => [t.entryTime, t.exitTime] as const).sort((a, b) => a[0] - b[0]);
  let covered = 0;
  let j = 0;
  let reach = -Infinity; // furthest exit among trades entered at or before the current point
  for (let i = 0; i < n; i++) {
    const ti = time[i]!;
    while (j < iv.length && iv[j]![0] <= ti) {
      if (iv[j]![1] > reach) reach = iv[j]![1];
      j++;
    }
    if (ti < reach) covered++;
  }
  return covered / n;
}

/** Share of points flagged in the market (non-zero). */
export function exposureFromFlags(inMarket: ArrayLike<number>): number {
  const n = inMarket.length;
  if (n === 0) return NaN;
  let c = 0;
  for (let i = 0; i < n; i++) if (inMarket[i] !== 0) c++;
  return c / n;
}
