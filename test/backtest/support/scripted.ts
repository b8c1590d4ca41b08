/** A scripted strategy for fill tests: one signal at a chosen bar, with optional stop / take-profit. */
import { z } from 'zod';
import { defineStrategy } from '../../../src/core/strategy';
import { StrategyRegistry } from '../../../src/engine/strategyRegistry';

export const scripted = defineStrategy({
  name: 'scripted',
  summary: 'test: enter at bar `at`, optionally flat at bar `flatAt`, and re-enter (no stops) at bar `againAt`',
  params: z.object({
    at: z.number().int().min(0).default(0),
    direction: z.enum(['long', 'short']).default('long'),
    stop: z.number().optional(),
    takeProfit: z.number().optional(),
    flatAt: z.number().int().default(-1),
    againAt: z.number().int().default(-1),
  }),
  universe: 'single',
  interval: 'day',
  warmup: () => 1,
  init: () => ({}),
  onBar(ctx) {
    const i = ctx.bars.i;
    const p = ctx.params;
    const opts = { ...(p.stop !== undefined ? { stop: p.stop } : {}), ...(p.takeProfit !== undefined ? { takeProfit: p.takeProfit } : {}) };
    if (i === p.at) return [ctx.signal(p.direction, `scripted ${p.direction}`, opts)];
    if (i === p.againAt) return [ctx.signal(p.direction, `scripted ${p.direction} again`)];
    if (i === p.flatAt) return [ctx.signal('flat', 'scripted flat')];
    return undefined;
  },
});

export function scriptedRegistry(): StrategyRegistry {
  const r = new StrategyRegistry();
  r.register(scripted);
  return r;
}
