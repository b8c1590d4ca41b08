/**
 * The backtest group of the facade (src/services/api/backtest.ts) over the BacktestRunner: fills the
 * defaults (daily bars, the last DEFAULT_YEARS years up to today, Zerodha delivery costs, ₹10 lakh),
 * loads the bars through a data port (a BarHistory — Kite historical + candle cache, CSV or synthetic —
 * or a `--data`-style source), runs (or returns the cached result for an identical request), and turns
 * the result into the summary the /backtest card shows, with the equity + drawdown PNG (backtestSummary.ts).
 */
import { istDate, istTime } from '../../calendar/ist';
import { backtestSummary } from '../backtestSummary';
import type { BacktestRunner } from '../../backtest/backtestRunner';
import { loadBacktestData } from '../../backtest/dataSource';
import { DEFAULT_CASH } from '../../backtest/request';
import type { BacktestData } from '../../backtest/runBacktest';
import type { BarSeries } from '../../core/barSeries';
import type { Clock } from '../../core/clock';
import type { Interval } from '../../core/interval';
import { err, ok, type Result } from '../../core/result';
import type { BacktestProgress, BacktestRequest, BacktestService, BacktestSummary } from '../api/backtest';
import type { SymbolUniverse } from '../symbols';
import { checkBacktest, type BacktestCheckOptions } from './backtestCheck';
import type { Refusal } from '../user';
import type { BarHistory } from './barHistory';

export const DEFAULT_YEARS = 3;

/** The range of a backtest or sweep: as asked, else the last DEFAULT_YEARS years up to today (IST dates). */
export function defaultRange(req: { readonly from?: string; readonly to?: string }, now: number): { readonly from: string; readonly to: string } {
  const to = req.to ?? istDate(now);
  return { from: req.from ?? `${Number(to.slice(0, 4)) - DEFAULT_YEARS}${to.slice(4).replace('-02-29', '-02-28')}`, to };
}
const DAY_MS = 86_400_000;

export interface BacktestDataRequest {
  readonly symbols: readonly string[];
  readonly interval: Interval;
  /** IST dates, inclusive. */
  readonly from: string;
  readonly to: string;
}

/** Where the bars of a backtest come from. */
export type BacktestDataPort = (req: BacktestDataRequest) => Promise<Result<BacktestData, string>>;

/** Bars through a BarHistory port (one request per symbol). */
export function historyData(history: BarHistory): BacktestDataPort {
  return async (req) => {
    const series = new Map<string, BarSeries>();
    const from = istTime(req.from);
    const to = istTime(req.to) + DAY_MS;
    for (const symbol of req.symbols) {
      const r = await history.bars({ symbol, interval: req.interval, from, to });
      if (!r.ok) return r;
      if (r.value.length === 0) return err(`There are no ${req.interval} bars of ${symbol} between ${req.from} and ${req.to}; pick other dates or another symbol.`);
      series.set(symbol, r.value);
    }
    return ok({ series, synthetic: history.synthetic });
  };
}

/** Bars from a CSV directory (`<dir>/<SYMBOL>.csv`) or 'synthetic' (the seeded generator), as `autoppm backtest --data`. */
export function sourceData(source: string, seed = 42): BacktestDataPort {
  return (req) => loadBacktestData({ source, symbols: req.symbols, interval: req.interval, from: req.from, to: req.to, seed });
}

export interface BacktestServiceOptions {
  readonly runner: BacktestRunner;
  readonly data: BacktestDataPort;
  readonly clock: Clock;
  readonly costs?: string;
  readonly cash?: number;
  /** The strategies and their parameter validation (the registry). */
  readonly strategies: BacktestCheckOptions['strategies'];
  /** The market's symbols (the instrument master, or the synthetic universe). */
  readonly symbols?: SymbolUniverse;
}

export function backtestService(o: BacktestServiceOptions): BacktestService {
  const checkOptions: BacktestCheckOptions = {
    strategies: o.strategies,
    ...(o.symbols ? { symbols: o.symbols } : {}),
    data: o.data,
    range: defaultRange,
    cash: o.cash ?? DEFAULT_CASH,
    costs: o.costs ?? 'zerodha',
    now: () => o.clock.now(),
  };
  return {
    async check(req) {
      const r = await checkBacktest(req, checkOptions);
      return r.ok ? ok({ from: r.value.from, to: r.value.to, notes: r.value.notes }) : r;
    },
    async run(req: BacktestRequest, onProgress: BacktestProgress): Promise<Result<BacktestSummary, Refusal>> {
      onProgress(0, 'loading bars');
      const checked = await checkBacktest(req, checkOptions);
      if (!checked.ok) return checked;
      const { prepared, notes } = checked.value;
      const r = await o.runner.run(prepared, onProgress);
      if (!r.ok) return r;
      return ok(backtestSummary(r.value.result, { notes, ...(prepared.benchmark ? { benchmark: prepared.benchmark.series } : {}) }));
    },
  };
}
