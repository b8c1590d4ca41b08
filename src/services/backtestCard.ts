/**
 * The one backtest result card, for every road a backtest takes: /backtest run in the process (chat), the queued
 * backtest job (its notification to the person who asked) and the command line. A table of the figures (final
 * equity, return, CAGR, max drawdown, Sharpe, trades, win rate, charges — src/core/figures.ts formatting), the
 * equity and drawdown chart, and a "Run in paper" button that starts the same strategy on the same symbols with
 * the same parameters (/run).
 */
import { num, pct, rupees } from '../core/figures';
import type { Reply } from '../core/reply';
import type { BacktestRequest, BacktestSummary } from './api/backtest';

/** The /run line that starts what was backtested in paper. */
export function runInPaperLine(s: Pick<BacktestSummary, 'strategy' | 'symbols'>, params: BacktestRequest['params']): string {
  const paramText = Object.entries(params)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : v.join(',')}`)
    .join(' ');
  return `/run ${s.strategy} ${s.symbols.join(',')}${paramText ? ` ${paramText}` : ''}`;
}

export function backtestCard(s: BacktestSummary, params: BacktestRequest['params']): Reply {
  return {
    kind: 'many',
    replies: [
      {
        kind: 'table',
        title: `Backtest ${s.strategy} on ${s.symbols.join(', ')}, ${s.from} → ${s.to} (${s.interval})${s.synthetic ? ' — synthetic data' : ''}`,
        columns: ['metric', 'value'],
        rows: [
          ['Final equity', rupees(s.finalEquity)],
          ['Return', pct(s.totalReturn)],
          ['CAGR', pct(s.cagr)],
          ['Max drawdown', pct(s.maxDrawdown)],
          ['Sharpe', num(s.sharpe)],
          ['Trades', String(s.trades)],
          ['Win rate', pct(s.winRate, 1)],
          ['Charges', rupees(s.charges)],
        ],
        ...(s.notes?.length ? { footer: `Note: ${s.notes.join(' ')}` } : {}),
      },
      { kind: 'image', png: s.chartPng, caption: `${s.strategy} ${s.symbols.join(',')}: equity and drawdown`, filename: `backtest-${s.strategy}-${s.symbols.join('_')}.png` },
      { kind: 'buttons', text: 'Like it?', rows: [[{ label: 'Run in paper', action: runInPaperLine(s, params) }]] },
    ],
  };
}
