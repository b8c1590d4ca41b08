/**
 * Performance of a portfolio from its snapshots.
 *
 * - Daily values: the LAST snapshot of each IST day; the day's external flow F_d is the sum of the
 *   `externalFlow` of all snapshots that day.
 * - Time-weighted return, flows neutralised at the START of the day they arrive:
 *     r_d = E_d / (E_{d−1} + F_d) − 1,   TWR = Π_d (1 + r_d) − 1,
 *   so a deposit or withdrawal moves equity but not the return. The first day runs from the first
 *   snapshot (E_{−1} = its equity, F = the flows of that day's later snapshots) to the last one.
 * - Monthly returns chain the daily r_d within each IST month; drawdown is taken on the TWR index
 *   I_d = Π_{k≤d}(1 + r_k) (src/analytics), so flows do not show up as gains or losses either.
 * - Versus a benchmark (NIFTY 50 closes by IST day): the benchmark's daily returns on common days,
 *   its cumulative return, the excess TWR − benchmark, and beta / alpha / correlation (src/analytics).
 */
import { benchmarkStats, dailyRiskFree, drawdownSeries, maxDrawdown, type DailyReturns } from '../../analytics';
import { istDate, istDayIndex } from '../../calendar/ist';
import type { PortfolioSnapshot } from '../snapshots/snapshot';

export interface DailyPerformance {
  readonly date: string;
  readonly day: number;
  readonly time: number;
  readonly equity: number;
  readonly flow: number;
  readonly ret: number;
  /** Growth of 1 invested at the start. */
  readonly index: number;
  readonly drawdown: number;
}

export interface PerformanceReport {
  readonly days: readonly DailyPerformance[];
  readonly twr: number;
  readonly monthly: readonly { readonly month: string; readonly ret: number }[];
  readonly maxDrawdown: number;
}

/** Snapshots oldest first (one portfolio). */
export function performance(snapshots: readonly PortfolioSnapshot[]): PerformanceReport {
  const days: { day: number; time: number; equity: number; flow: number }[] = [];
  for (const s of snapshots) {
    const day = istDayIndex(s.time);
    const last = days[days.length - 1];
    if (last && last.day === day) {
      last.time = s.time;
      last.equity = s.equity;
      last.flow += s.externalFlow;
    } else {
      if (last && day < last.day) throw new RangeError('snapshots must be in time order');
      days.push({ day, time: s.time, equity: s.equity, flow: s.externalFlow });
    }
  }
  const rets = new Float64Array(days.length);
  const index = new Float64Array(days.length);
  let growth = 1;
  for (let i = 0; i < days.length; i++) {
    const d = days[i]!;
    const first = snapshots[0]!;
    rets[i] = i === 0 ? d.equity / (first.equity + d.flow - first.externalFlow) - 1 : d.equity / (days[i - 1]!.equity + d.flow) - 1;
    growth *= 1 + rets[i]!;
    index[i] = growth;
  }
  const dd = drawdownSeries(index);
  const monthly: { month: string; ret: number }[] = [];
  for (let i = 0; i < days.length; i++) {
    const month = istDate(days[i]!.time).slice(0, 7);
    const m = monthly[monthly.length - 1];
    if (m && m.month === month) m.ret = (1 + m.ret) * (1 + rets[i]!) - 1;
    else monthly.push({ month, ret: rets[i]! });
  }
  return {
    days: days.map((d, i) => ({ date: istDate(d.time), day: d.day, time: d.time, equity: d.equity, flow: d.flow, ret: rets[i]!, index: index[i]!, drawdown: dd[i]! })),
    twr: growth - 1,
    monthly,
    maxDrawdown: maxDrawdown(Array.from(days, (d) => d.time), index).depth,
  };
}

export interface BenchmarkComparison {
  readonly days: number;
  readonly portfolioReturn: number;
  readonly benchmarkReturn: number;
  readonly excessReturn: number;
  readonly beta: number;
  readonly alpha: number;
  readonly correlation: number;
}

/**
 * Portfolio vs benchmark over the days both have: `benchmarkCloses` maps IST date `YYYY-MM-DD` →
 * close. Returns are chained over common consecutive days only.
 */
export function versusBenchmark(report: PerformanceReport, benchmarkCloses: ReadonlyMap<string, number>, riskFreeRate = 0, periodsPerYear = 252): BenchmarkComparison {
  const pDay: number[] = [];
  const pRet: number[] = [];
  const bRet: number[] = [];
  for (let i = 1; i < report.days.length; i++) {
    const b0 = benchmarkCloses.get(report.days[i - 1]!.date);
    const b1 = benchmarkCloses.get(report.days[i]!.date);
    if (b0 === undefined || b1 === undefined) continue;
    pDay.push(report.days[i]!.day);
    pRet.push(report.days[i]!.ret);
    bRet.push(b1 / b0 - 1);
  }
  const p: DailyReturns = { day: Float64Array.from(pDay), ret: Float64Array.from(pRet) };
  const b: DailyReturns = { day: Float64Array.from(pDay), ret: Float64Array.from(bRet) };
  const chain = (r: readonly number[]): number => r.reduce((g, x) => g * (1 + x), 1) - 1;
  const stats = benchmarkStats(p, b, dailyRiskFree(riskFreeRate, periodsPerYear), periodsPerYear);
  const portfolioReturn = chain(pRet);
  const benchmarkReturn = chain(bRet);
  return { days: pDay.length, portfolioReturn, benchmarkReturn, excessReturn: portfolioReturn - benchmarkReturn, beta: stats.beta, alpha: stats.alpha, correlation: stats.correlation };
}
