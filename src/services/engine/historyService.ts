/**
 * /trades, /performance, /daily /weekly /monthly and /stats over the journal's closed round trips
 * (journalTrades.ts), with the backtests' trade statistics (src/analytics tradeStats). A trade belongs to the
 * period its exit falls in (IST; a week starts on Monday).
 */
import { tradeStats } from '../../analytics/tradeStats';
import { dayIndexToDate, istDate, istDayIndex } from '../../calendar/ist';
import type { Clock } from '../../core/clock';
import { roundPaise } from '../../core/money';
import type { HistoryPeriod, HistoryService, PerformanceLine, PeriodRow, TradeRecord, TradeStatistics } from '../api/history';
import { journalTrades, type JournalReader } from './journalTrades';
import { periodStartDay } from './pnlService';

export function historyService(o: { readonly journal: JournalReader; readonly clock: Clock }): HistoryService {
  return {
    async trades() {
      return (await journalTrades(o.journal)).reverse();
    },
    async performance() {
      const trades = await journalTrades(o.journal);
      return { bySymbol: linesBy(trades, (t) => t.symbol), byStrategy: linesBy(trades, (t) => t.account) };
    },
    async periods(period, n) {
      return periodRows(await journalTrades(o.journal), period, n, o.clock.now());
    },
    async stats() {
      return statistics(await journalTrades(o.journal));
    },
  };
}

/** The key of the period `t` falls in. */
export function periodKey(period: HistoryPeriod, t: number): string {
  if (period === 'month') return istDate(t).slice(0, 7);
  return dayIndexToDate(periodStartDay(period, istDayIndex(t)));
}

/** The last `n` periods up to `now`, newest first, with the trades that closed in each. */
export function periodRows(trades: readonly TradeRecord[], period: HistoryPeriod, n: number, now: number): PeriodRow[] {
  const keys: string[] = [];
  let day = istDayIndex(now);
  while (keys.length < n) {
    const start = periodStartDay(period, day);
    keys.push(period === 'month' ? dayIndexToDate(start).slice(0, 7) : dayIndexToDate(start));
    day = start - 1;
  }
  const rows = new Map(keys.map((k) => [k, { pnl: 0, trades: 0, charges: 0 }]));
  for (const t of trades) {
    const r = rows.get(periodKey(period, t.exitTime));
    if (!r) continue;
    r.pnl += t.pnl;
    r.trades++;
    r.charges += t.charges;
  }
  return keys.map((k) => {
    const r = rows.get(k)!;
    return { period: k, pnl: roundPaise(r.pnl), trades: r.trades, charges: roundPaise(r.charges) };
  });
}

/** Closed trades grouped by `key`, best net P&L first. */
export function linesBy(trades: readonly TradeRecord[], key: (t: TradeRecord) => string): PerformanceLine[] {
  const m = new Map<string, { trades: number; wins: number; pnl: number; charges: number }>();
  for (const t of trades) {
    const k = key(t);
    const e = m.get(k) ?? { trades: 0, wins: 0, pnl: 0, charges: 0 };
    e.trades++;
    if (t.pnl > 0) e.wins++;
    e.pnl += t.pnl;
    e.charges += t.charges;
    m.set(k, e);
  }
  return [...m]
    .map(([k, e]) => ({ key: k, trades: e.trades, wins: e.wins, pnl: roundPaise(e.pnl), charges: roundPaise(e.charges) }))
    .sort((a, b) => b.pnl - a.pnl || (a.key < b.key ? -1 : 1));
}

export function statistics(trades: readonly TradeRecord[]): TradeStatistics {
  // The analytics' ClosedTrade carries a charge breakdown; the journal knows each trade's total (counted below).
  const s = tradeStats(trades.map((t) => ({ entryTime: t.entryTime, exitTime: t.exitTime, quantity: t.quantity, entryPrice: t.entryPrice, exitPrice: t.exitPrice, pnl: t.pnl })));
  let best: TradeRecord | undefined;
  let worst: TradeRecord | undefined;
  let holding = 0;
  let charges = 0;
  const reasons = new Map<string, number>();
  for (const t of trades) {
    if (!best || t.pnl > best.pnl) best = t;
    if (!worst || t.pnl < worst.pnl) worst = t;
    holding += t.exitTime - t.entryTime;
    charges += t.charges;
    reasons.set(t.exitReason, (reasons.get(t.exitReason) ?? 0) + 1);
  }
  return {
    trades: s.trades,
    wins: s.wins,
    losses: s.losses,
    winRate: s.winRate,
    avgWin: s.avgWin,
    avgLoss: s.avgLoss,
    ...(best ? { best } : {}),
    ...(worst ? { worst } : {}),
    netPnl: roundPaise(s.grossProfit + s.grossLoss),
    charges: roundPaise(charges),
    profitFactor: s.profitFactor,
    avgHoldingMs: trades.length === 0 ? NaN : holding / trades.length,
    exitReasons: [...reasons].map(([reason, n]) => ({ reason, trades: n })).sort((a, b) => b.trades - a.trades || (a.reason < b.reason ? -1 : 1)),
  };
}
