/**
 * hold-long (reliability tests only): long with the whole instance's capital while flat, on every bar. After a
 * restart it buys again unless the instance's shares came back from the book — the doubled exposure of issue 16
 * item 5 shows at once.
 */
import { z } from 'zod';
import { defineStrategy } from '../../../src/core/strategy';

export default defineStrategy({
  name: 'hold-long',
  summary: 'Long with all its capital while flat (a test strategy).',
  params: z.object({}),
  universe: 'single',
  interval: '1m',
  warmup: () => 1,
  init: () => ({}),
  onBar(ctx) {
    return ctx.position() === 0 ? [ctx.signal('long', 'flat: go long')] : undefined;
  },
});
