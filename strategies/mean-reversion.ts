/**
 * mean-reversion: buy oversold dips, sell the bounce, with an ATR stop. Long only, one symbol.
 *
 * Rule: enter long (weight 1) when the close's z-score over `period` bars (distance from its SMA
 * in population standard deviations, i.e. below the lower Bollinger band when z < −2) is at or
 * below −`entryZ` AND the RSI(`rsiPeriod`) is at or below `oversold`. The protective stop is set at
 * entry: close − `atrStop` × ATR(`atrPeriod`), kept in the instance state (so it survives a
 * restart). Exit (flat) when the close is at or below the stop, or when the z-score has come back
 * to `exitZ` or above.
 * Stop kind, parameter `stop` (issue #15, item 7):
 *  - `close` (default, the rule above as written): the strategy itself goes flat on the first bar that
 *    CLOSES at or below the stop (filled at the next bar's open, like every signal); the stop is not
 *    attached to the entry signal, so no resting order can fill inside a bar before the close is seen.
 *  - `intrabar`: the stop is also attached to the entry signal, so the engine rests a stop order that
 *    fills as soon as a bar's range touches it (at the stop, or at the open on a gap) — before the
 *    strategy sees that bar's close.
 * Ties are exact: "z ≤ −entryZ" (the lower Bollinger band touched) and "z ≥ exitZ" are decided on the
 * decimal prices (strategies/lib/indicatorDefs.ts zscoreSideOf), so a close equal to its mean is z = 0.
 * Source: Bollinger, "Bollinger on Bollinger Bands" (2001); Connors & Alvarez, "Short Term
 * Trading Strategies That Work" (2008) for RSI-filtered dips; Wilder (1978) for RSI and ATR stops.
 */
import { z } from 'zod';
import { defineStrategy } from '../src/core/strategy';
import { atrOf, rsiOf, zscoreOf, zscoreSideOf } from './lib/indicatorDefs';

const params = z.object({
  period: z.number().int().min(5).max(500).default(20).describe('z-score / Bollinger window (bars)'),
  entryZ: z.number().min(0.5).max(5).default(2).describe('enter when z-score ≤ −entryZ'),
  exitZ: z.number().min(-2).max(3).default(0).describe('exit when z-score ≥ exitZ'),
  rsiPeriod: z.number().int().min(2).max(100).default(14).describe('RSI period'),
  oversold: z.number().min(1).max(50).default(30).describe('enter only when RSI ≤ oversold'),
  atrPeriod: z.number().int().min(2).max(100).default(14).describe('ATR period for the stop'),
  atrStop: z.number().min(0.5).max(10).default(2).describe('stop distance in ATRs below the entry close'),
  stop: z.enum(['close', 'intrabar']).default('close').describe('close: exit when a bar closes at or below the stop; intrabar: a resting stop order fills inside the bar'),
});

const state = z.object({ stop: z.number().default(0) });

export default defineStrategy({
  name: 'mean-reversion',
  summary: 'Buy closes far below the mean (z-score) with RSI oversold; exit at the mean or an ATR stop.',
  params,
  universe: 'single',
  interval: '15m',
  state,
  warmup: (p) => Math.max(p.period, p.rsiPeriod + 1, p.atrPeriod + 1),
  init: (ctx) => ({
    z: ctx.indicator(zscoreOf(ctx.params.period)),
    /** sign(z + entryZ): ≤ 0 when z ≤ −entryZ. */
    entry: ctx.indicator(zscoreSideOf(ctx.params.period, -ctx.params.entryZ)),
    /** sign(z − exitZ): ≥ 0 when z ≥ exitZ. */
    exit: ctx.indicator(zscoreSideOf(ctx.params.period, ctx.params.exitZ)),
    rsi: ctx.indicator(rsiOf(ctx.params.rsiPeriod)),
    atr: ctx.indicator(atrOf(ctx.params.atrPeriod)),
  }),
  onBar(ctx, ind) {
    const p = ctx.params;
    const zs = ind.z.value;
    const c = ctx.bars.close(ctx.bars.i);
    if (ctx.position() > 0) {
      if (ctx.state.stop > 0 && c <= ctx.state.stop) {
        ctx.state.stop = 0;
        return [ctx.signal('flat', `close ${c} hit the ATR stop`)];
      }
      if (ind.exit.value >= 0) {
        ctx.state.stop = 0;
        return [ctx.signal('flat', `z-score back to ${zs.toFixed(2)}`)];
      }
      return undefined;
    }
    const r = ind.rsi.value;
    const a = ind.atr.value;
    if (ind.entry.value <= 0 && r <= p.oversold && a > 0) {
      const stop = c - p.atrStop * a;
      ctx.state.stop = stop;
      const reason = `z-score ${zs.toFixed(2)} and RSI ${r.toFixed(1)} oversold`;
      return [p.stop === 'intrabar' ? ctx.signal('long', reason, { stop }) : ctx.signal('long', reason)];
    }
    return undefined;
  },
});
