/**
 * Reports of a backtest result: the detailed figures (text: what `autoppm backtest` prints after the one result card,
 * src/services/backtestCard.ts), trades as CSV, everything as JSON, and the equity + drawdown chart as PNG. JSON numbers follow metricsToJson (±Infinity → strings, NaN → null);
 * times are ISO-8601 instants; the series in JSON is compact (the last point of each IST day).
 * Closed round trips and positions still open at the end are reported apart (issue #15): the card's
 * trade count and win rate and the profit factor are over closed round trips, with an "Open at end" line; the
 * JSON has `trades` (closed) and `openPositions`; the CSV lists both, its `open` column telling them apart.
 */
import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { dailyLast, metricsToJson } from '../analytics';
import { istDate } from '../calendar/ist';
import type { BarSeries } from '../core/barSeries';
import { CHARGE_KINDS } from '../core/costs/types';
import { num, pct, rupees } from '../core/figures';
import { equityDrawdownChart } from '../charts';
import { sizingLabel } from './request';
import { closedTrades, openAtEnd } from './tradeBook';
import type { BacktestResult, Trade } from './types';

const iso = (t: number): string => new Date(t).toISOString();

export function title(r: BacktestResult): string {
  const q = r.request;
  return `${q.strategy} on ${q.symbols.join(', ')} (${q.interval}) ${istDate(r.metrics.startTime)} → ${istDate(r.metrics.endTime)}`;
}

/**
 * The figures only the command line shows, below the result card (which has final equity, return, CAGR, max
 * drawdown, Sharpe, trades, win rate and charges): no figure is in both.
 */
export function detailedFigures(r: BacktestResult): string {
  const m = r.metrics;
  const rows: [string, string][] = [
    ['Starting cash', rupees(m.initialEquity)],
    ['Volatility (ann.)', pct(m.annualVolatility)],
    ['Sortino', num(m.sortino)],
    ['Drawdown period', `${istDate(m.drawdown.peakTime || m.startTime)} → ${m.drawdown.recoveryTime ? istDate(m.drawdown.recoveryTime) : 'not recovered'}`],
    ['Calmar', num(m.calmar)],
    ['Profit factor', `${num(m.profitFactor)} (closed)`],
    ['Expectancy', `${rupees(m.expectancy)} per closed trade`],
    ...(m.openPositions > 0 ? ([['Open at end', `${m.openPositions} position${m.openPositions === 1 ? '' : 's'} marked at the last close, P&L ${rupees(m.openPnl)} (trades and win rate count closed round trips only)`]] as [string, string][]) : []),
    ['Exposure', pct(m.exposure, 1)],
    ['Turnover (ann.)', num(m.annualTurnover)],
    ['Charges by kind', CHARGE_KINDS.filter((k) => m.costs[k] !== 0).map((k) => `${k} ${rupees(m.costs[k])}`).join(', ') || 'none'],
  ];
  if (m.benchmark) {
    rows.push([`vs ${r.benchmark ?? 'benchmark'}`, `return ${pct(m.benchmark.totalReturn)}, beta ${num(m.benchmark.beta)}, alpha ${pct(m.benchmark.alpha)}, correlation ${num(m.benchmark.correlation)}`]);
  }
  rows.push(['Settings', `costs ${r.request.costs}, sizing ${sizingLabel(r.request.sizing)}, ${r.request.product}${r.request.allowShort ? ' long/short' : ' long-only'}, slippage ${r.request.fills.slippageBps} bps, risk limits ${r.request.riskLimits ? 'the configured ones' : 'none (holdings and cash only)'}`]);
  const refused = Object.entries(r.refusals);
  if (refused.length > 0) rows.push(['Refused orders', refused.map(([rule, n]) => `${rule} ${n}`).join(', ')]);
  const w = Math.max(...rows.map(([k]) => k.length));
  const head = 'More figures';
  return [head, '-'.repeat(head.length), ...rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`), ...r.warnings.map((x) => `Note: ${x}`)].join('\n');
}

const csvCell = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export function tradesCsv(trades: readonly Trade[]): string {
  const head = ['symbol', 'side', 'quantity', 'entry_time', 'entry_price', 'exit_time', 'exit_price', 'pnl', 'costs', ...CHARGE_KINDS, 'entry_reason', 'exit_reason', 'open'];
  const lines = trades.map((t) =>
    [
      t.symbol,
      t.side,
      String(t.quantity),
      iso(t.entryTime),
      num(t.entryPrice, 4),
      iso(t.exitTime),
      num(t.exitPrice, 4),
      num(t.pnl),
      num(t.costs),
      ...CHARGE_KINDS.map((k) => num(t.charges[k])),
      csvCell(t.entryReason),
      t.exitReason,
      String(t.open),
    ].join(','),
  );
  return `${[head.join(','), ...lines].join('\n')}\n`;
}

export function tradeToJson(t: Trade): Record<string, unknown> {
  return { ...t, entryTime: iso(t.entryTime), exitTime: iso(t.exitTime), pnl: Math.round(t.pnl * 100) / 100 };
}

/** Compact series: the last point of each IST day. */
export function compactSeries(r: BacktestResult): { time: number[]; equity: number[]; drawdown: number[] } {
  const eq = dailyLast({ time: r.series.time, equity: r.series.equity });
  const dd = dailyLast({ time: r.series.time, equity: r.series.drawdown });
  const time: number[] = [];
  // Day numbers → the instant of the day's last point.
  let k = 0;
  for (let i = 0; i < r.series.time.length; i++) {
    if (i === r.series.time.length - 1 || istDate(r.series.time[i + 1]!) !== istDate(r.series.time[i]!)) time[k++] = r.series.time[i]!;
  }
  return { time, equity: Array.from(eq.value), drawdown: Array.from(dd.value) };
}

export function resultToJson(r: BacktestResult): Record<string, unknown> {
  return {
    key: r.key,
    engineVersion: r.engineVersion,
    title: title(r),
    synthetic: r.synthetic,
    request: r.request,
    dataFingerprint: r.dataFingerprint,
    bars: r.bars,
    fills: r.fills,
    refusals: r.refusals,
    benchmark: r.benchmark,
    metrics: metricsToJson(r.metrics),
    trades: closedTrades(r.trades).map(tradeToJson),
    openPositions: openAtEnd(r.trades).map(tradeToJson),
    series: compactSeries(r),
    warnings: r.warnings,
  };
}

/**
 * The equity + drawdown chart with the run's own benchmark, already cut to the run's IST days when the
 * request was prepared (`b`: PreparedBacktest.benchmark, prepare.ts: not the whole index file, issue #15, item 5).
 */
export function chartPng(r: BacktestResult, b?: BarSeries): Buffer {
  return equityDrawdownChart({
    equity: { time: r.series.time, value: r.series.equity },
    drawdown: r.series.drawdown,
    title: title(r),
    synthetic: r.synthetic,
    ...(b && b.length > 0 ? { benchmark: { time: b.time.subarray(0, b.length), value: b.close.subarray(0, b.length), label: r.benchmark ?? 'benchmark' } } : {}),
  });
}

/**
 * Writes metrics.txt (`text`: what the command line printed — the result card and the detailed figures),
 * trades.csv, result.json and equity.png (`chart`, the card's chart) to `dir`; returns the paths.
 */
export async function writeReports(r: BacktestResult, dir: string, o: { readonly text: string; readonly chart: Uint8Array }): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files: [string, string | Uint8Array][] = [
    ['metrics.txt', `${o.text}\n`],
    ['trades.csv', tradesCsv(r.trades)],
    ['result.json', `${JSON.stringify(resultToJson(r), null, 2)}\n`],
    ['equity.png', o.chart],
  ];
  const paths: string[] = [];
  for (const [name, body] of files) {
    const p = join(dir, name);
    await writeFile(p, body);
    paths.push(p);
  }
  return paths;
}
