/**
 * A backtest result → the summary every front end shows (BacktestSummary, src/services/api/backtest.ts): the figures
 * of the one result card (src/services/backtestCard.ts) and its equity + drawdown chart. Built here once, for the
 * backtest service (/backtest in chat, the queued job, REST) and for `autoppm backtest`.
 */
import { chartPng } from '../backtest/reports';
import type { BacktestResult } from '../backtest/types';
import { istDate } from '../calendar/ist';
import type { BarSeries } from '../core/barSeries';
import type { BacktestSummary } from './api/backtest';

export interface BacktestSummaryOptions {
  /** The benchmark's bars drawn on the chart: the prepared run's, cut to its span (PreparedBacktest.benchmark). */
  readonly benchmark?: BarSeries;
  /** What differs from what was asked (BacktestCheck.notes); none: no notes. */
  readonly notes?: readonly string[];
}

export function backtestSummary(res: BacktestResult, o: BacktestSummaryOptions = {}): BacktestSummary {
  const m = res.metrics;
  return {
    strategy: res.request.strategy,
    symbols: res.request.symbols,
    from: istDate(m.startTime),
    to: istDate(m.endTime),
    interval: res.request.interval,
    startingEquity: m.initialEquity,
    finalEquity: m.finalEquity,
    totalReturn: m.totalReturn,
    cagr: m.cagr,
    maxDrawdown: m.maxDrawdown,
    sharpe: m.sharpe,
    trades: m.trades,
    winRate: m.winRate,
    charges: m.costs.total,
    synthetic: res.synthetic,
    chartPng: chartPng(res, o.benchmark),
    ...(o.notes && o.notes.length > 0 ? { notes: o.notes } : {}),
  };
}
