/**
 * multi-factor: rank a universe on momentum, low volatility and trend; hold the top N. Long only.
 *
 * Every `rebalanceEvery` bars, for each symbol with enough history:
 *   momentum   = close[i] / close[i − momentumLookback] − 1            (higher is better)
 *   volatility = population stdev of one-bar returns over volLookback  (lower is better)
 *   trend      = close[i] / SMA(trendPeriod)[i] − 1                    (higher is better)
 * Each factor is turned into a rank (0 = best); the composite is the sum of the three ranks and the
 * `top` symbols with the lowest composite are held at weight 1/top each; the rest go flat. Ties
 * keep the universe order.
 * Source: equal-weight rank composites of the momentum (Jegadeesh & Titman 1993), low-volatility
 * (Blitz & van Vliet, "The Volatility Effect", 2007) and trend (Faber 2007) factors, as in common
 * multi-factor smart-beta index methodologies.
 */
import { z } from 'zod';
import type { Signal } from '../src/core/signal';
import { defineStrategy } from '../src/core/strategy';
import { smaOf } from './lib/indicatorDefs';
import { rankDescending, rankPositions } from './lib/ranking';

const params = z.object({
  top: z.number().int().min(1).max(50).default(5).describe('symbols held'),
  momentumLookback: z.number().int().min(5).max(500).default(126).describe('momentum period (bars)'),
  volLookback: z.number().int().min(5).max(500).default(63).describe('volatility window (bars)'),
  trendPeriod: z.number().int().min(5).max(1000).default(200).describe('trend SMA period (bars)'),
  rebalanceEvery: z.number().int().min(1).max(500).default(21).describe('bars between rebalances'),
});

/** Population stdev of one-bar returns over the last `n` bars ending at i (NaN if not enough). */
function returnVol(close: (k: number) => number, i: number, n: number): number {
  if (i < n) return NaN;
  let sum = 0;
  let sumSq = 0;
  for (let k = i - n + 1; k <= i; k++) {
    const r = close(k) / close(k - 1) - 1;
    sum += r;
    sumSq += r * r;
  }
  const mean = sum / n;
  return Math.sqrt(Math.max(0, sumSq / n - mean * mean));
}

export default defineStrategy({
  name: 'multi-factor',
  summary: 'Rank a universe on momentum, low volatility and trend; hold the top N equally weighted.',
  params,
  universe: 'multi',
  interval: 'day',
  warmup: (p) => Math.max(p.momentumLookback, p.volLookback, p.trendPeriod) + 1,
  init: (ctx) => ({ trend: ctx.symbols.map((s) => ctx.indicator(smaOf(ctx.params.trendPeriod), s)) }),
  onBar(ctx, { trend }) {
    const p = ctx.params;
    if (ctx.bars.i % p.rebalanceEvery !== 0) return undefined;
    const n = ctx.symbols.length;
    const mom: number[] = [];
    const lowVol: number[] = [];
    const tr: number[] = [];
    for (let j = 0; j < n; j++) {
      const b = ctx.universe[j]!;
      const i = b.i;
      const c = b.close(i);
      const ok = i >= Math.max(p.momentumLookback, p.volLookback);
      mom.push(ok ? c / b.close(i - p.momentumLookback) - 1 : NaN);
      lowVol.push(ok ? -returnVol((k) => b.close(k), i, p.volLookback) : NaN);
      tr.push(ok ? c / trend[j]!.value - 1 : NaN);
    }
    const rm = rankPositions(mom);
    const rv = rankPositions(lowVol);
    const rt = rankPositions(tr);
    const composite = rm.map((r, j) => -(r + rv[j]! + rt[j]!));
    const chosen = rankDescending(composite).slice(0, p.top);
    const weight = 1 / p.top;
    const out: Signal[] = [];
    for (let j = 0; j < n; j++) {
      const symbol = ctx.symbols[j]!;
      const rank = chosen.indexOf(j);
      if (rank >= 0) {
        out.push(ctx.signal('long', `factor rank ${rank + 1}: momentum #${rm[j]! + 1}, low vol #${rv[j]! + 1}, trend #${rt[j]! + 1}`, { symbol, weight }));
      } else if (ctx.position(symbol) !== 0) {
        out.push(ctx.signal('flat', 'left the multi-factor top', { symbol }));
      }
    }
    return out;
  },
});
