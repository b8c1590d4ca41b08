/**
 * sma-cross: fast/slow simple-moving-average crossover, long only. The benchmark case.
 *
 * Rule: on the close of bar i, go long (weight 1: all the instance's cash, whole shares) when the
 * fast SMA crosses above the slow one — fast[i] > slow[i] and fast[i-1] <= slow[i-1] — and go flat
 * when it crosses below — fast[i] < slow[i] and fast[i-1] >= slow[i-1]. Warm-up bars (NaN) never
 * cross. A cross above while already long is ignored (no top-ups: on prices with ties, fast can
 * touch slow and cross above again without a cross below). The kernel sizes and fills at bar
 * i+1's open. These are the rules of the reference case in shared/reference/performance.md.
 * Ties are exact: the comparisons are the sign of SMA(fast) − SMA(slow) decided on the decimal prices
 * (strategies/lib/indicatorDefs.ts smaCrossOf), so fast = slow is a tie — never a cross by float error.
 * Source: the classic dual moving average crossover (e.g. Murphy, "Technical Analysis of the
 * Financial Markets", ch. 9); the reference case of vectorbt's and backtesting.py's examples.
 */
import { z } from 'zod';
import { defineStrategy } from '../src/core/strategy';
import { smaCrossOf } from './lib/indicatorDefs';

const params = z
  .object({
    fast: z.number().int().min(1).max(500).default(10).describe('fast SMA period (bars)'),
    slow: z.number().int().min(2).max(2000).default(30).describe('slow SMA period (bars)'),
  })
  .refine((p) => p.fast < p.slow, { message: 'fast must be smaller than slow', path: ['fast'] });

export default defineStrategy({
  name: 'sma-cross',
  summary: 'Long when the fast SMA crosses above the slow SMA, flat when it crosses below.',
  params,
  universe: 'single',
  interval: '1m',
  warmup: (p) => p.slow + 1,
  init: (ctx) => ({
    cross: ctx.indicator(smaCrossOf(ctx.params.fast, ctx.params.slow)),
    above: `SMA${ctx.params.fast} crossed above SMA${ctx.params.slow}`,
    below: `SMA${ctx.params.fast} crossed below SMA${ctx.params.slow}`,
  }),
  onBar(ctx, setup) {
    // sign(fast − slow) now and one bar before: +1 above, 0 equal, −1 below (NaN in warm-up).
    const now = setup.cross.value;
    const before = setup.cross.previous;
    if (now > 0 && before <= 0 && ctx.position() === 0) return [ctx.signal('long', setup.above)];
    if (now < 0 && before >= 0) return [ctx.signal('flat', setup.below)];
    return undefined;
  },
});
