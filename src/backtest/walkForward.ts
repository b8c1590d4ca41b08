/**
 * Walk-forward analysis: the bars of the first symbol are cut into consecutive windows; in each, the
 * grid is fitted on the in-sample part (best combination by the rank metric) and that combination is
 * run on the out-of-sample part that follows it. Windows roll forward by the out-of-sample length.
 * Dates are IST trading days of the first symbol, so every symbol uses the same calendar span.
 */
import { istDate } from '../calendar/ist';
import { err, ok, type Result } from '../core/result';
import type { Combination } from './grid';
import { checkShared } from './prepare';
import { runBacktest, type BacktestData } from './runBacktest';
import { rank, type RankMetric, type SweepRow } from './sweep';
import { runSweep, type SweepPoolOptions } from './sweepPool';
import type { BacktestSpec } from './types';

export interface WalkForwardWindow {
  readonly inSample: { readonly from: string; readonly to: string };
  readonly outOfSample: { readonly from: string; readonly to: string };
  readonly best: SweepRow;
  readonly outOfSampleMetrics: SweepRow['metrics'];
}

export interface WalkForwardOptions extends SweepPoolOptions {
  /**
   * Window layout, either by count — `windows` out-of-sample windows (≥ 1) with an in-sample part
   * `inSampleRatio` times as long (3 → 75 % / 25 %) — or by length: `inSampleBars` and
   * `outOfSampleBars` (e.g. 756 / 252 daily bars), as many windows as fit.
   */
  readonly windows?: number;
  readonly inSampleRatio?: number;
  readonly inSampleBars?: number;
  readonly outOfSampleBars?: number;
  readonly rankBy: RankMetric;
}

export async function walkForward(request: BacktestSpec, combos: readonly Combination[], data: BacktestData, o: WalkForwardOptions): Promise<Result<WalkForwardWindow[], string>> {
  const first = data.series.get(request.symbols[0]!);
  if (!first) return err(`There are no bars for ${request.symbols[0]}; load its data first.`);
  const a = request.from ? first.lowerBound(Date.parse(`${request.from}T00:00:00+05:30`)) : 0;
  const b = request.to ? first.lowerBound(Date.parse(`${request.to}T00:00:00+05:30`) + 86_400_000) : first.length;
  const n = b - a;
  let oos: number;
  let is: number;
  let windows: number;
  if (o.inSampleBars !== undefined || o.outOfSampleBars !== undefined) {
    is = Math.floor(o.inSampleBars ?? 0);
    oos = Math.floor(o.outOfSampleBars ?? 0);
    if (!(is >= 20) || !(oos >= 1)) return err('Walk-forward windows need at least 20 in-sample bars and 1 out-of-sample bar; e.g. in=756,out=252.');
    windows = Math.floor((n - is) / oos);
    if (windows < 1) return err(`Not enough bars (${n}) for ${is} in-sample + ${oos} out-of-sample bars; use shorter windows or more data.`);
  } else {
    windows = o.windows ?? 3;
    const ratio = o.inSampleRatio ?? 3;
    oos = Math.floor(n / (windows + ratio));
    is = Math.floor(oos * ratio);
    if (!(windows >= 1) || oos < 20) return err(`Not enough bars (${n}) for ${windows} walk-forward windows; use fewer windows or more data.`);
  }
  const day = (i: number): string => istDate(first.time[a + i]!);
  const out: WalkForwardWindow[] = [];
  for (let w = 0; w < windows; w++) {
    const isFrom = w * oos;
    const oosFrom = isFrom + is;
    const oosTo = Math.min(n, oosFrom + oos) - 1;
    const inSample = { from: day(isFrom), to: day(oosFrom - 1) };
    const outOfSample = { from: day(oosFrom), to: day(oosTo) };
    // Each window's in-sample fit is a sweep of its own dates, checked once.
    const checked = checkShared({ ...request, ...inSample }, o.strategies);
    if (!checked.ok) return checked;
    const rows = await runSweep(checked.value, combos, data, o);
    const best = rank(rows, o.rankBy)[0]!;
    if (!best.metrics) return err(`No parameter combination could run in ${inSample.from} → ${inSample.to}: ${best.error ?? 'unknown reason'}`);
    const test = runBacktest({ ...request, ...outOfSample, params: { ...request.params, ...best.params } }, data, { strategies: o.strategies });
    if (!test.ok) return test;
    const m = test.value.metrics;
    out.push({
      inSample,
      outOfSample,
      best,
      outOfSampleMetrics: { finalEquity: m.finalEquity, totalReturn: m.totalReturn, cagr: m.cagr, sharpe: m.sharpe, sortino: m.sortino, maxDrawdown: m.maxDrawdown, calmar: m.calmar, winRate: m.winRate, profitFactor: m.profitFactor, trades: m.trades },
    });
  }
  return ok(out);
}
