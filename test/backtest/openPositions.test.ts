/**
 * Issue #15, item 4: positions still open at the end are not closed trades. The trade count, win rate and
 * profit factor are over closed round trips; open positions are reported apart (metrics, the result card and the
 * command line's detailed figures, JSON).
 * The independent figures are recomputed here from the trade list with plain arithmetic.
 */
import { detailedFigures, resultToJson } from '../../src/backtest/reports';
import { runBacktest } from '../../src/backtest/runBacktest';
import type { BacktestResult, Trade } from '../../src/backtest/types';
import type { Reply } from '../../src/core/reply';
import { backtestCard } from '../../src/services/backtestCard';
import { backtestSummary } from '../../src/services/backtestSummary';
import { describeWithNseData, loadNse } from '../support/nseData';
import { request, seeded, strategies } from './support/fixtures';

function closedStats(trades: readonly Trade[]): { n: number; winRate: number; profitFactor: number } {
  const closed = trades.filter((t) => !t.open);
  const wins = closed.filter((t) => t.pnl > 0);
  const gain = wins.reduce((a, t) => a + t.pnl, 0);
  const loss = closed.filter((t) => t.pnl < 0).reduce((a, t) => a - t.pnl, 0);
  return { n: closed.length, winRate: wins.length / closed.length, profitFactor: gain / loss };
}

function check(r: BacktestResult): void {
  const open = r.trades.filter((t) => t.open);
  const s = closedStats(r.trades);
  expect(open.length).toBeGreaterThan(0);
  expect(r.metrics.trades).toBe(s.n);
  expect(r.metrics.winRate).toBeCloseTo(s.winRate, 12);
  expect(r.metrics.profitFactor).toBeCloseTo(s.profitFactor, 12);
  expect(r.metrics.openPositions).toBe(open.length);
  expect(r.metrics.openPnl).toBeCloseTo(open.reduce((a, t) => a + t.pnl, 0), 6);
  const json = resultToJson(r) as { trades: unknown[]; openPositions: unknown[] };
  expect(json.trades).toHaveLength(s.n);
  expect(json.openPositions).toHaveLength(open.length);
  // The one result card (chat, jobs, CLI) counts the closed round trips; the CLI's detailed figures the open ones.
  const card = backtestCard(backtestSummary(r), {});
  const table = card.kind === 'many' ? card.replies.find((x): x is Extract<Reply, { kind: 'table' }> => x.kind === 'table') : undefined;
  expect(table?.rows).toContainEqual(['Trades', String(s.n)]);
  expect(detailedFigures(r)).toMatch(new RegExp(`Open at end +${open.length} positions? marked at the last close, P&L .* \\(trades and win rate count closed round trips only\\)`));
}

test('momentum on four synthetic symbols ends with open positions that are reported apart', () => {
  const data = seeded(['AAA', 'BBB', 'CCC', 'DDD'], 1500, 'day', 2024, '2018-01-01');
  const r = runBacktest(request({ strategy: 'momentum', symbols: ['AAA', 'BBB', 'CCC', 'DDD'], interval: 'day' }), { series: data, synthetic: true }, { strategies: strategies() });
  if (!r.ok) throw new Error(r.error);
  check(r.value);
});

const TEN = ['RELIANCE', 'TCS', 'HDFCBANK', 'INFY', 'ICICIBANK', 'HINDUNILVR', 'ITC', 'SBIN', 'BHARTIARTL', 'LT'];

describeWithNseData(...TEN.map((s) => `daily/${s}.csv`))('multi-factor on ten NSE stocks, 2008–2024, Zerodha costs', () => {
  test('five holdings open at the end: 175 closed round trips, not 180; profit factor 2.27, not 2.72', async () => {
    const series = new Map(await Promise.all(TEN.map(async (s) => [s, await loadNse(`daily/${s}.csv`)] as const)));
    const r = runBacktest(request({ strategy: 'multi-factor', symbols: TEN, interval: 'day', costs: 'zerodha' }), { series, synthetic: false }, { strategies: strategies() });
    if (!r.ok) throw new Error(r.error);
    check(r.value);
    const all = r.value.trades;
    expect(all).toHaveLength(180);
    expect(r.value.metrics.trades).toBe(175);
    expect(r.value.metrics.openPositions).toBe(5);
    // Counting the open ones as trades (the old way) inflates the profit factor: they are all marked winners.
    const gainAll = all.filter((t) => t.pnl > 0).reduce((a, t) => a + t.pnl, 0);
    const lossAll = all.filter((t) => t.pnl < 0).reduce((a, t) => a - t.pnl, 0);
    expect(gainAll / lossAll).toBeCloseTo(2.72, 2);
    expect(r.value.metrics.profitFactor).toBeCloseTo(2.27, 2);
  });
});
