/**
 * Portfolio construction speed: each optimiser on 50 assets (long-only, max 10% per asset, 5% cash
 * buffer, Financial Services capped at 30%), Ledoit-Wolf covariance of 252 daily returns, and a
 * trade list for 50 symbols with Zerodha costs. Real NSE closes from ../shared/data/nse when
 * present (read in place, never copied), else seeded synthetic returns. Target ≤ 20 ms per method.
 *
 * Figures, each a median: `covariance` = returns → Ledoit-Wolf; `optimise.<method>` = optimise() on a
 * given covariance (validation, solve, sector caps); `total.<method>` = both, as one rebalance runs
 * them; `optimise.maximum-sharpe.unscreened` = the library's critical-line solve on all 50 assets,
 * the path the screened solver (src/portfolio/optimise/maximumSharpe.ts) replaces.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { istTime } from '../src/calendar/ist';
import { ZerodhaEquityCostModel } from '../src/core/costs';
import { estimateCovariance, windowReturns } from '../src/portfolio/optimise/covarianceEstimate';
import { regularised } from '../src/portfolio/optimise/covarianceMatrix';
import { optimise, weightMap } from '../src/portfolio/optimise/optimise';
import { scaledProblem } from '../src/portfolio/optimise/scaledProblem';
import { librarySharpe, OPTIMISATION_METHODS } from '../src/portfolio/optimise/solvers';
import { buildTradeList } from '../src/portfolio/rebalance/tradeList';
import { nseSectorMap } from '../src/portfolio/sectors/sectorMap';
import type { BenchGroup } from './harness';
import { consume, repoRoot, timeMedian } from './harness';

/** ../shared/data/nse/daily relative to the repository root, never an absolute path. */
const DAILY = resolve(repoRoot(), '..', 'shared', 'data', 'nse', 'daily');
const ASSETS = 50;
const LOOKBACK = 252;

function realCloses(): { symbols: string[]; closes: Float64Array[] } | null {
  if (!existsSync(DAILY)) return null;
  const files = readdirSync(DAILY).filter((f) => f.endsWith('.csv')).sort();
  const bySymbol = new Map<string, Map<string, number>>();
  for (const f of files) {
    const m = new Map<string, number>();
    for (const line of readFileSync(join(DAILY, f), 'utf8').split('\n').slice(1)) {
      const c = line.split(',');
      if (c.length >= 5 && Number(c[4]) > 0) m.set(c[0]!, Number(c[4]));
    }
    bySymbol.set(f.replace(/\.csv$/, ''), m);
  }
  // the 50 symbols with the longest histories, on their common dates
  const symbols = [...bySymbol.keys()].sort((a, b) => bySymbol.get(b)!.size - bySymbol.get(a)!.size).slice(0, ASSETS).sort();
  if (symbols.length < ASSETS) return null;
  const dates = [...bySymbol.get(symbols[0]!)!.keys()].filter((d) => symbols.every((s) => bySymbol.get(s)!.has(d))).sort();
  if (dates.length < LOOKBACK + 1) return null;
  const last = dates.slice(-(LOOKBACK + 1));
  return { symbols, closes: symbols.map((s) => Float64Array.from(last, (d) => bySymbol.get(s)!.get(d)!)) };
}

function syntheticCloses(): { symbols: string[]; closes: Float64Array[] } {
  let seed = 12345;
  const rnd = (): number => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32 - 0.5;
  };
  const symbols = [...nseSectorMap().keys()].slice(0, ASSETS);
  const closes = symbols.map(() => new Float64Array(LOOKBACK + 1));
  const level = symbols.map(() => 1000);
  for (let t = 0; t <= LOOKBACK; t++) {
    const m = rnd() * 0.02;
    for (let i = 0; i < ASSETS; i++) {
      level[i] = level[i]! * (1 + m + rnd() * 0.02);
      closes[i]![t] = level[i]!;
    }
  }
  return { symbols, closes };
}

export const group: BenchGroup = {
  name: 'portfolio',
  run(ctx) {
    const real = realCloses();
    const { symbols, closes } = real ?? syntheticCloses();
    const note = real ? 'real NSE closes' : 'synthetic returns';
    const rets = windowReturns(closes, LOOKBACK);
    if (!rets.ok) throw new Error(rets.error.message);
    const covMs = timeMedian(() => {
      const r = windowReturns(closes, LOOKBACK);
      if (!r.ok) throw new Error(r.error.message);
      const e = estimateCovariance(r.value, 'ledoit-wolf');
      if (e.ok) consume(e.value.shrinkage);
    }, 15, 3);
    ctx.report({ bench: 'portfolio.covariance.ledoit-wolf.50x252', value: covMs, unit: 'ms', note });
    const est = estimateCovariance(rets.value, 'ledoit-wolf');
    if (!est.ok) throw new Error(est.error.message);
    const sectors = nseSectorMap();
    const constraints = { maxWeight: 0.1, cashBuffer: 0.05, sectorCaps: { 'Financial Services': 0.3 } };
    const mu = Array.from(est.value.meanReturns);
    let lastWeights = new Map<string, number>();
    for (const method of OPTIMISATION_METHODS) {
      const run = () => {
        const r = optimise({ method, symbols, covariance: est.value.covariance, expectedReturns: mu, riskFreeRate: 0, constraints, sectors });
        if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
        consume(r.value.cash);
        lastWeights = weightMap(r.value);
      };
      const ms = timeMedian(run, 15, 3);
      ctx.report({ bench: `portfolio.optimise.${method}.50`, value: ms, unit: 'ms', baseline: 20, ratio: ms / 20, note });
      const total = timeMedian(() => {
        const r = windowReturns(closes, LOOKBACK);
        if (!r.ok) throw new Error(r.error.message);
        const e = estimateCovariance(r.value, 'ledoit-wolf');
        if (!e.ok) throw new Error(e.error.message);
        const o = optimise({ method, symbols, covariance: e.value.covariance, expectedReturns: e.value.meanReturns, riskFreeRate: 0, constraints, sectors });
        if (!o.ok) throw new Error(`${method}: ${o.error.message}`);
        consume(o.value.cash);
      }, 15, 3);
      ctx.report({ bench: `portfolio.total.${method}.50`, value: total, unit: 'ms', baseline: 20, ratio: total / 20, note });
    }
    const invested = 1 - constraints.cashBuffer;
    const problem = scaledProblem(regularised(est.value.covariance), Array(ASSETS).fill(0), Array(ASSETS).fill(constraints.maxWeight / invested), mu);
    const all = Array.from({ length: ASSETS }, (_, i) => i);
    const unscreened = timeMedian(() => consume(librarySharpe(problem, all)[0]!), 7, 2);
    ctx.report({ bench: 'portfolio.optimise.maximum-sharpe.unscreened.50', value: unscreened, unit: 'ms', note });
    const prices = new Map(symbols.map((s, i) => [s, closes[i]![LOOKBACK]!]));
    const holdings = symbols.map((s, i) => ({ symbol: s, quantity: 10 + i }));
    const costModel = new ZerodhaEquityCostModel();
    const t = istTime('2025-01-06', '15:20');
    const ms = timeMedian(() => {
      const r = buildTradeList({ time: t, cash: 5_000_000, holdings, prices, targets: lastWeights, cashBuffer: 0.05, minTradeValue: 1000, costModel, sectors, sectorCaps: constraints.sectorCaps, reason: 'bench' });
      if (r.ok) consume(r.value.cashAfter);
    });
    ctx.report({ bench: 'portfolio.tradeList.50', value: ms, unit: 'ms', note });
  },
};
