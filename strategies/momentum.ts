/**
 * momentum: two classic momentum rules over a universe (one symbol works too), long only.
 *
 * mode "time-series" — per symbol: go long (weight 1/N of the instance's capital, N symbols) when
 * the rate of change over `rocPeriod` bars is above `entryRoc` percent AND the close is above its
 * `trendPeriod` SMA (trend filter); go flat when the ROC turns negative or the close falls below
 * the SMA. Source: time-series momentum, Moskowitz, Ooi & Pedersen, "Time Series Momentum"
 * (J. Financial Economics, 2012); the trend filter after Faber, "A Quantitative Approach to
 * Tactical Asset Allocation" (2007).
 *
 * mode "cross-sectional" — every `rebalanceEvery` bars rank the universe on the return from
 * `lookback` bars ago to `skip` bars ago (12-1 momentum on daily bars: 252 and 21), hold the top
 * `top` symbols with equal weight 1/top and go flat in the rest. Ties keep the universe order.
 * Source: Jegadeesh & Titman, "Returns to Buying Winners and Selling Losers" (J. Finance, 1993).
 * The time-series comparisons (ROC vs its thresholds, close vs the SMA) are exact signs on the decimal
 * prices (strategies/lib/indicatorDefs.ts), so ties never go either way by float error.
 */
import { z } from 'zod';
import type { Signal } from '../src/core/signal';
import { defineStrategy } from '../src/core/strategy';
import { closeVsSmaOf, rocOf, rocSideOf } from './lib/indicatorDefs';
import { rankDescending } from './lib/ranking';

const params = z.object({
  mode: z.enum(['time-series', 'cross-sectional']).default('time-series').describe('which momentum rule'),
  rocPeriod: z.number().int().min(2).max(500).default(20).describe('time-series: ROC period (bars)'),
  entryRoc: z.number().min(-50).max(100).default(0).describe('time-series: ROC (%) needed to enter'),
  trendPeriod: z.number().int().min(2).max(1000).default(100).describe('time-series: trend filter SMA period'),
  lookback: z.number().int().min(20).max(1000).default(252).describe('cross-sectional: formation period (bars)'),
  skip: z.number().int().min(0).max(100).default(21).describe('cross-sectional: most recent bars skipped'),
  top: z.number().int().min(1).max(100).default(3).describe('cross-sectional: symbols held'),
  rebalanceEvery: z.number().int().min(1).max(1000).default(21).describe('cross-sectional: bars between rebalances'),
});

export default defineStrategy({
  name: 'momentum',
  summary: 'Time-series momentum with a trend filter, or cross-sectional 12-1 momentum ranking of a universe.',
  params,
  universe: 'multi',
  interval: 'day',
  warmup: (p) => (p.mode === 'time-series' ? Math.max(p.rocPeriod, p.trendPeriod) + 1 : p.lookback + 1),
  init(ctx) {
    const ts = ctx.params.mode === 'time-series';
    return {
      roc: ts ? ctx.symbols.map((s) => ctx.indicator(rocOf(ctx.params.rocPeriod), s)) : [],
      // Exact signs (issue #15, item 6): ROC vs the entry threshold, ROC vs 0, close vs the trend SMA.
      rocEntry: ts ? ctx.symbols.map((s) => ctx.indicator(rocSideOf(ctx.params.rocPeriod, ctx.params.entryRoc), s)) : [],
      rocZero: ts ? ctx.symbols.map((s) => ctx.indicator(rocSideOf(ctx.params.rocPeriod, 0), s)) : [],
      trend: ts ? ctx.symbols.map((s) => ctx.indicator(closeVsSmaOf(ctx.params.trendPeriod), s)) : [],
      scores: ctx.symbols.map(() => NaN),
    };
  },
  onBar(ctx, { roc, rocEntry, rocZero, trend, scores }) {
    const p = ctx.params;
    const n = ctx.symbols.length;
    let out: Signal[] | undefined;
    if (p.mode === 'time-series') {
      for (let j = 0; j < n; j++) {
        if (!ctx.updated(j)) continue;
        const r = roc[j]!.value;
        const above = rocEntry[j]!.value;
        const sign = rocZero[j]!.value;
        const side = trend[j]!.value;
        if (Number.isNaN(above) || Number.isNaN(sign) || Number.isNaN(side)) continue;
        const symbol = ctx.universe[j]!.symbol;
        const held = ctx.position(symbol) > 0;
        if (!held && above > 0 && side > 0) {
          (out ??= []).push(ctx.signal('long', `ROC${p.rocPeriod} ${r.toFixed(2)}% above ${p.entryRoc}% and close above SMA${p.trendPeriod}`, { symbol, weight: 1 / n }));
        } else if (held && (sign < 0 || side < 0)) {
          (out ??= []).push(ctx.signal('flat', sign < 0 ? `ROC${p.rocPeriod} turned negative` : `close fell below SMA${p.trendPeriod}`, { symbol }));
        }
      }
      return out;
    }
    if (ctx.bars.i % p.rebalanceEvery !== 0) return undefined;
    for (let j = 0; j < n; j++) {
      const b = ctx.universe[j]!;
      const i = b.i;
      scores[j] = i >= p.lookback ? b.close(i - p.skip) / b.close(i - p.lookback) - 1 : NaN;
    }
    const ranked = rankDescending(scores);
    const chosen = new Set(ranked.slice(0, p.top));
    const weight = 1 / Math.min(p.top, n);
    for (let j = 0; j < n; j++) {
      const symbol = ctx.symbols[j]!;
      if (chosen.has(j)) {
        out ??= [];
        out.push(ctx.signal('long', `12-1 momentum rank ${ranked.indexOf(j) + 1} of ${ranked.length} (${(scores[j]! * 100).toFixed(1)}%)`, { symbol, weight }));
      } else if (ctx.position(symbol) !== 0) {
        (out ??= []).push(ctx.signal('flat', 'dropped out of the momentum top', { symbol }));
      }
    }
    return out;
  },
});
